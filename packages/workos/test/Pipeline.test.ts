/**
 * The request pipeline, tested through the public endpoints: headers, the status →
 * error matrix, decoding, retries and timeouts on the test clock, path encoding,
 * spans, real loopback HTTP, and that no secret reaches an error.
 */
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import {
  Cause,
  type Context,
  Deferred,
  Duration,
  Effect,
  Exit,
  Fiber,
  Layer,
  Logger,
  LogLevel,
  Option,
  Redacted,
  Schema,
  Supervisor,
  TestClock
} from "effect"
import { Emulator } from "effect-workos-emulator"
import * as fs from "node:fs"
import { Invitations, Sessions, Users, WorkOSConfig, type WorkOSError } from "../src/index.js"
import * as Http from "../src/internal/http.js"
import { version } from "../src/internal/version.js"
import { realTicks, runWithClock, waitUntil } from "./utils/clock.js"
import { apiKey, baseUrl, layer as testLayer, TestWorkOS } from "./utils/TestWorkOS.js"
import { recordingTracer } from "./utils/tracer.js"

const setup = (options: WorkOSConfig.Options = {}) => {
  const fake = new TestWorkOS()
  const [user] = fake.seedUsers(1)
  return { fake, user: user!, layer: testLayer(fake, options) }
}

const noRetry = WorkOSConfig.withRequestOptions({ retry: "none" })

/** A client whose every request fails in transport with this cause. */
const failingWith = (cause: unknown) =>
  HttpClient.make((request) => Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause })))

describe("headers", () => {
  it.effect("sends the bearer key, JSON accept and the SDK's User-Agent", () => {
    const { fake, layer, user } = setup({ userAgentSuffix: "my-app/2.0" })
    return Effect.gen(function*() {
      yield* Users.get(user.id)
      const { headers } = fake.requests[0]!
      assert.strictEqual(headers.get("authorization"), `Bearer ${apiKey}`)
      assert.strictEqual(headers.get("accept"), "application/json")
      assert.strictEqual(headers.get("user-agent"), `effect-workos/${version} my-app/2.0`)
      assert.isNull(headers.get("traceparent"), "trace headers are not sent to a third-party API")
    }).pipe(Effect.provide(layer))
  })

  it("the User-Agent version is the package version", () => {
    const pkg = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    assert.strictEqual(version, pkg.version)
  })
})

interface Case {
  readonly status: number
  readonly body: string
  readonly headers?: Record<string, string>
  readonly tag: WorkOSError.WorkOSError["_tag"]
  readonly code: string | null
  readonly message: string
}

const cases: ReadonlyArray<Case> = [
  {
    status: 400,
    body: JSON.stringify({ code: "invalid_email", message: "Bad email", errors: [{ code: "x", message: "y" }] }),
    tag: "WorkOSBadRequest",
    code: "invalid_email",
    message: "Bad email"
  },
  {
    status: 400,
    body: JSON.stringify({ error: "invalid_grant", error_description: "The code has expired" }),
    tag: "WorkOSOAuthError",
    code: "invalid_grant",
    message: "The code has expired"
  },
  {
    status: 401,
    body: JSON.stringify({ message: "Unauthorized" }),
    tag: "WorkOSUnauthorized",
    code: null,
    message: "Unauthorized"
  },
  {
    status: 403,
    body: JSON.stringify({ code: "email_password_auth_disabled", message: "Disabled" }),
    tag: "WorkOSForbidden",
    code: "email_password_auth_disabled",
    message: "Disabled"
  },
  {
    status: 404,
    body: JSON.stringify({ message: "User not found" }),
    tag: "WorkOSNotFound",
    code: null,
    message: "User not found"
  },
  { status: 405, body: "", tag: "WorkOSUnexpectedStatus", code: null, message: "HTTP 405 (405)" },
  { status: 408, body: "", tag: "WorkOSTimeout", code: null, message: "Request timeout (408)" },
  {
    status: 409,
    body: JSON.stringify({ code: "user_deletion_not_allowed", message: "No" }),
    tag: "WorkOSConflict",
    code: "user_deletion_not_allowed",
    message: "No"
  },
  {
    status: 422,
    body: JSON.stringify({
      code: "invalid_request_parameters",
      message: "Validation failed",
      errors: [{ code: "limit", field: "limit" }]
    }),
    tag: "WorkOSUnprocessable",
    code: "invalid_request_parameters",
    message: "Validation failed"
  },
  {
    status: 429,
    body: JSON.stringify({ message: "Slow down" }),
    headers: { "retry-after": "12" },
    tag: "WorkOSRateLimited",
    code: null,
    message: "Slow down"
  },
  { status: 500, body: JSON.stringify({ message: "Oops" }), tag: "WorkOSServerError", code: null, message: "Oops" },
  {
    status: 502,
    body: "<html><body>Bad Gateway</body></html>",
    headers: { "content-type": "text/html" },
    tag: "WorkOSServerError",
    code: null,
    message: "Bad gateway (502): the response body was not JSON"
  },
  { status: 503, body: "", tag: "WorkOSServerError", code: null, message: "Service unavailable (503)" }
]

describe("status → error", () => {
  for (const c of cases) {
    it.effect(`${c.status} ${c.body.slice(0, 30)} → ${c.tag}`, () => {
      const { fake, layer } = setup()
      fake.failNext({ status: c.status, body: c.body, headers: { "x-request-id": "req_abc", ...c.headers } })
      return Effect.gen(function*() {
        const error = yield* Effect.flip(noRetry(Users.listPage({ email: "who@example.com" })))
        assert.strictEqual(error._tag, c.tag)
        assert.strictEqual(error.status, c.status)
        assert.strictEqual(error.requestId, "req_abc")
        assert.strictEqual(error.code, c.code)
        assert.strictEqual(error.message, c.message)
        assert.strictEqual(error.method, "GET")
        assert.strictEqual(error.path, "/user_management/users", "no query string in the path")
        if (error._tag === "WorkOSRateLimited") assert.deepStrictEqual(error.retryAfter, Duration.seconds(12))
        if (error._tag === "WorkOSUnprocessable") assert.strictEqual(error.errors[0]!.field, "limit")
        if (error._tag === "WorkOSBadRequest") assert.strictEqual(error.errors[0]!.message, "y")
        if (error._tag === "WorkOSOAuthError") assert.strictEqual(error.errorDescription, "The code has expired")
      }).pipe(Effect.provide(layer))
    })
  }

  it.effect("Retry-After as an HTTP date is relative to the clock", () => {
    const { fake, layer } = setup()
    fake.failNext({ status: 429, headers: { "retry-after": "Tue, 01 Dec 2026 00:00:30 GMT" } })
    return Effect.gen(function*() {
      // Not the test clock's 0, where adding the clock's time would give the same wait.
      yield* TestClock.setTime(Date.parse("2026-12-01T00:00:00Z"))
      const error = yield* Effect.flip(noRetry(Users.listPage()))
      assert.strictEqual(error._tag, "WorkOSRateLimited")
      if (error._tag === "WorkOSRateLimited") assert.deepStrictEqual(error.retryAfter, Duration.seconds(30))
    }).pipe(Effect.provide(layer))
  })
})

describe("decoding", () => {
  it.effect("a 2xx body that does not match the schema is a WorkOSDecodeError with the schema path", () => {
    const { fake, layer, user } = setup()
    fake.failNext({
      status: 200,
      body: JSON.stringify({ ...user, email_verified: "secret-looking-value" }),
      headers: { "x-request-id": "req_d" }
    })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Users.get(user.id))
      assert.strictEqual(error._tag, "WorkOSDecodeError")
      if (error._tag !== "WorkOSDecodeError") return
      assert.strictEqual(error.schemaPath, "email_verified")
      assert.strictEqual(error.requestId, "req_d")
      assert.strictEqual(error.status, 200)
      assert.deepStrictEqual([error.method, error.path], ["GET", `/user_management/users/${user.id}`])
      assert.notInclude(error.message, "secret-looking-value", "the value is never copied into the message")
      assert.include(error.message, "boolean")
    }).pipe(Effect.provide(layer))
  })

  it.effect("a 2xx body nested 100,000 deep is a WorkOSDecodeError, not a stack overflow", () => {
    const { fake, layer, user } = setup()
    const deep = "[".repeat(100_000) + "]".repeat(100_000)
    fake.failNext({ status: 200, body: deep, times: 2 })
    return Effect.gen(function*() {
      const exit = yield* Effect.exit(Users.get(user.id))
      assert.isTrue(exit._tag === "Failure" && Cause.isFailType(exit.cause), "a typed failure, not a defect")
      const error = yield* Effect.flip(Users.get(user.id))
      assert.strictEqual(error._tag, "WorkOSDecodeError")
      // Effect's formatter cannot render the value; the message says so instead of overflowing.
      assert.strictEqual(
        error.message,
        "The response did not match the expected schema: Invalid value (too deeply nested to describe)"
      )
      // Error bodies nested as deep are read as well, into their status's error.
      for (const status of [400, 404, 422, 500]) {
        fake.failNext({ status, body: deep })
        const failed = yield* Effect.exit(Users.get(user.id))
        assert.isTrue(failed._tag === "Failure" && Cause.isFailType(failed.cause), `status ${status}: no defect`)
      }
    }).pipe(noRetry, Effect.provide(layer))
  })

  it.effect("a 2xx body that is not JSON is a WorkOSDecodeError, not a SyntaxError", () => {
    const { fake, layer, user } = setup()
    fake.failNext({ status: 200, body: "<html>" })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Users.get(user.id))
      assert.strictEqual(error._tag, "WorkOSDecodeError")
      assert.strictEqual(error.message, "The response body was not JSON")
    }).pipe(Effect.provide(layer))
  })

  it.effect("a list's nested item failure names its index", () => {
    const { fake, layer, user } = setup()
    fake.failNext({
      status: 200,
      body: JSON.stringify({ object: "list", data: [user, { ...user, id: 7 }], list_metadata: {} })
    })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Users.listPage())
      assert.strictEqual(error._tag === "WorkOSDecodeError" && error.schemaPath, "data[1].id")
    }).pipe(Effect.provide(layer))
  })
})

describe("retries", () => {
  it.effect("GET is retried on 503 and succeeds", () => {
    const { fake, layer, user } = setup()
    fake.failNext({ status: 503, times: 2 })
    return Effect.gen(function*() {
      const got = yield* runWithClock(Users.get(user.id))
      assert.strictEqual(got.id, user.id)
      assert.strictEqual(fake.requests.length, 3)
    }).pipe(Effect.provide(layer))
  })

  // A 503's Retry-After sets the wait as a 429's does.
  for (const status of [429, 503]) {
    it.effect(`${status} waits exactly Retry-After before retrying`, () => {
      const { fake, layer, user } = setup()
      fake.failNext({ status, headers: { "retry-after": "7" } })
      return Effect.gen(function*() {
        const fiber = yield* Effect.fork(Users.get(user.id))
        yield* waitUntil(() => fake.requests.length === 1)
        yield* TestClock.adjust("6900 millis")
        yield* realTicks(20)
        assert.strictEqual(fake.requests.length, 1, "not retried before Retry-After")
        yield* TestClock.adjust("200 millis")
        yield* waitUntil(() => fake.requests.length === 2)
        const got = yield* Fiber.join(fiber)
        assert.strictEqual(got.id, user.id)
      }).pipe(Effect.provide(layer))
    })
  }

  it.effect("Retry-After is capped by maxRetryAfter", () => {
    const { fake, layer, user } = setup({ retry: { maxRetryAfter: "2 seconds" } })
    fake.failNext({ status: 429, headers: { "retry-after": "3600" } })
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(Users.get(user.id))
      yield* waitUntil(() => fake.requests.length === 1)
      yield* TestClock.adjust("2001 millis")
      yield* waitUntil(() => fake.requests.length === 2)
      yield* Fiber.join(fiber)
    }).pipe(Effect.provide(layer))
  })

  it.effect("gives up after maxRetries with the last error", () => {
    const { fake, layer, user } = setup()
    fake.failNext({ status: 500, times: 10 })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(runWithClock(Users.get(user.id)))
      assert.strictEqual(error._tag, "WorkOSServerError")
      assert.strictEqual(fake.requests.length, 4, "1 attempt + 3 retries")
    }).pipe(Effect.provide(layer))
  })

  it.effect("create is not retried on 500: the server may have created the user", () => {
    const { fake, layer } = setup()
    fake.failNext({ status: 500, times: 10 })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(runWithClock(Users.create({ email: "new@example.com" })))
      assert.strictEqual(error._tag, "WorkOSServerError")
      assert.strictEqual(fake.requests.length, 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("create is retried on 429: the server did not act", () => {
    const { fake, layer } = setup()
    fake.failNext({ status: 429, headers: { "retry-after": "1" } })
    return Effect.gen(function*() {
      const created = yield* runWithClock(Users.create({ email: "new@example.com" }))
      assert.strictEqual(created.email, "new@example.com")
      assert.strictEqual(fake.requests.length, 2)
    }).pipe(Effect.provide(layer))
  })

  it.effect("4xx other than 408/429 are never retried", () => {
    const { fake, layer, user } = setup()
    fake.failNext({ status: 400, times: 10, body: "{}" })
    return Effect.gen(function*() {
      yield* Effect.flip(runWithClock(Users.get(user.id)))
      assert.strictEqual(fake.requests.length, 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("retry 'none' per call disables retries", () => {
    const { fake, layer, user } = setup()
    fake.failNext({ status: 503, times: 10 })
    return Effect.gen(function*() {
      yield* Effect.flip(runWithClock(noRetry(Users.get(user.id))))
      assert.strictEqual(fake.requests.length, 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("retry 'none' in the config disables retries", () => {
    const { fake, layer, user } = setup({ retry: "none" })
    fake.failNext({ status: 503, times: 10 })
    return Effect.gen(function*() {
      yield* Effect.flip(runWithClock(Users.get(user.id)))
      assert.strictEqual(fake.requests.length, 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a per-call policy overrides the config's", () => {
    const { fake, layer, user } = setup({ retry: "none" })
    fake.failNext({ status: 503, times: 10 })
    return Effect.gen(function*() {
      yield* Effect.flip(
        runWithClock(Users.get(user.id).pipe(WorkOSConfig.withRequestOptions({ retry: { maxRetries: 1 } })))
      )
      assert.strictEqual(fake.requests.length, 2)
    }).pipe(Effect.provide(layer))
  })
})

describe("timeouts", () => {
  it.effect("each attempt has its own timeout; a GET that stalls is retried", () => {
    const { fake, layer, user } = setup({ timeout: "5 seconds" })
    fake.failNext({ stall: true, times: 2 })
    return Effect.gen(function*() {
      const got = yield* runWithClock(Users.get(user.id))
      assert.strictEqual(got.id, user.id)
      assert.strictEqual(fake.requests.length, 3)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a stalled create fails with WorkOSTimeout and is not retried", () => {
    const { fake, layer } = setup({ timeout: "5 seconds" })
    fake.failNext({ stall: true, times: 10 })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(runWithClock(Users.create({ email: "a@example.com" })))
      assert.strictEqual(error._tag, "WorkOSTimeout")
      // The create may have happened: the error says so.
      assert.strictEqual(
        error.message,
        "No response within 5s. The request may have reached WorkOS and been carried out: check (for example list by email) before sending it again"
      )
      assert.strictEqual(fake.requests.length, 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a create whose connection dropped may have happened and says so; a read that times out does not", () => {
    const { fake, layer, user } = setup({ timeout: "5 seconds", retry: "none" })
    return Effect.gen(function*() {
      fake.failNext({ drop: true })
      assert.include((yield* Effect.flip(Users.create({ email: "b@example.com" }))).message, "may have reached WorkOS")
      // A 408 is the server saying it did not act.
      fake.failNext({ status: 408 })
      assert.notInclude((yield* Effect.flip(Users.create({ email: "c@example.com" }))).message, "may have reached")
      fake.failNext({ stall: true })
      const read = yield* Effect.flip(runWithClock(Users.get(user.id)))
      assert.strictEqual(read.message, "No response within 5s")
    }).pipe(Effect.provide(layer))
  })

  it.effect("the timeout can be set per call", () => {
    const { fake, layer, user } = setup({ timeout: "60 seconds", retry: "none" })
    fake.failNext({ stall: true })
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Users.get(user.id).pipe(WorkOSConfig.withRequestOptions({ timeout: "1 second" }))
      )
      yield* waitUntil(() => fake.requests.length === 1)
      yield* TestClock.adjust("1001 millis")
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag, "WorkOSTimeout")
    }).pipe(Effect.provide(layer))
  })

  it.effect("under the test clock the timeout runs on virtual time, not on a real timer", () => {
    const { fake, layer, user } = setup({ timeout: "10 minutes", retry: "none" })
    fake.failNext({ stall: true })
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(Users.get(user.id))
      yield* waitUntil(() => fake.requests.length === 1)
      yield* TestClock.adjust("10 minutes")
      // Ten virtual minutes have passed; a real timer would still have ten real ones to go.
      yield* waitUntil(() => fiber.unsafePoll() !== null, 50)
      assert.strictEqual((yield* Effect.flip(Fiber.join(fiber)))._tag, "WorkOSTimeout")
    }).pipe(Effect.provide(layer))
  })
})

describe("path parameters", () => {
  for (const id of ["../x", "a/b", "%2F", "a?b#c", "user 1"]) {
    it.effect(`"${id}" stays one encoded segment`, () => {
      const { fake, layer } = setup()
      return Effect.gen(function*() {
        yield* Effect.flip(Users.get(id))
        const sent = fake.requests[0]!
        assert.strictEqual(sent.path, `/user_management/users/${encodeURIComponent(id)}`)
        assert.strictEqual(sent.path.split("/").length, 4)
        assert.strictEqual(decodeURIComponent(sent.path.split("/")[3]!), id)
        assert.strictEqual(sent.query.toString(), "")
      }).pipe(Effect.provide(layer))
    })
  }

  for (const id of ["", ".", ".."]) {
    it.effect(`"${id}" is rejected before sending`, () => {
      const { fake, layer } = setup()
      return Effect.gen(function*() {
        const error = yield* Effect.flip(Users.get(id))
        assert.strictEqual(error._tag, "WorkOSInvalidRequest")
        assert.strictEqual(error._tag === "WorkOSInvalidRequest" && error.field, "id")
        assert.strictEqual(fake.requests.length, 0)
      }).pipe(Effect.provide(layer))
    })
  }
})

describe("spans", () => {
  it.effect("one span per call with method, path template, status, request id and attempts; no query", () => {
    const { fake, layer } = setup()
    const tracing = recordingTracer()
    fake.failNext({ status: 503 })
    return Effect.gen(function*() {
      yield* runWithClock(Users.listPage({ email: "private@example.com" }))
      const spans = tracing.spans
      assert.deepStrictEqual(
        spans.map((s) => s.name),
        ["WorkOS.Users.listPage"],
        "the platform's URL-bearing span is off"
      )
      const attributes = spans[0]!.attributes
      assert.strictEqual(attributes.get("http.request.method"), "GET")
      assert.strictEqual(attributes.get("url.template"), "/user_management/users")
      assert.strictEqual(attributes.get("http.response.status_code"), 200)
      assert.match(attributes.get("workos.request_id") as string, /^req_/)
      assert.strictEqual(attributes.get("workos.attempts"), 2)
      assert.notInclude(JSON.stringify([...attributes.values()]), "private@example.com")
    }).pipe(Effect.provide(Layer.merge(layer, tracing.layer)))
  })
})

describe("spans under Effect's built-in tracer", () => {
  // The built-in tracer sends spans nowhere, so a call makes its span only when it fails:
  // the error carries it, and Cause.pretty prints it, as when the span was made up front.
  const failedCall = (wrap: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>) => {
    const { fake, layer } = setup()
    fake.failNext({ status: 503 })
    return Effect.gen(function*() {
      const exit = yield* Effect.exit(runWithClock(wrap(Users.get("user_missing"))))
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isSuccess(exit)) return assert.fail("the call should fail")
      const error = Cause.failureOption(exit.cause)
      assert.isTrue(Option.isSome(error) && error.value._tag === "WorkOSNotFound", "the error itself is unchanged")
      const [pretty] = Cause.prettyErrors(exit.cause)
      return { pretty: pretty!, rendered: Cause.pretty(exit.cause) }
    }).pipe(Effect.provide(layer))
  }

  it.effect("a failed call's error carries the SDK's span, with its attributes", () =>
    Effect.gen(function*() {
      const { pretty, rendered } = yield* failedCall((effect) => effect)
      assert.include(rendered, "at WorkOS.Users.get")
      const span = pretty.span
      assert.strictEqual(span?.name, "WorkOS.Users.get")
      if (span?._tag !== "Span") return assert.fail("a span, not an external one")
      assert.strictEqual(span.kind, "client")
      assert.isTrue(Option.isNone(span.parent))
      assert.strictEqual(span.attributes.get("http.request.method"), "GET")
      assert.strictEqual(span.attributes.get("url.template"), "/user_management/users/{id}")
      assert.strictEqual(span.attributes.get("http.response.status_code"), 404)
      assert.strictEqual(span.attributes.get("workos.attempts"), 2, "the last value of each attribute")
      assert.match(span.attributes.get("workos.request_id") as string, /^req_/)
      assert.strictEqual(span.status._tag, "Ended")
    }))

  it.effect("inside the caller's span: the SDK's span comes first, under the caller's", () =>
    Effect.gen(function*() {
      const { pretty, rendered } = yield* failedCall(Effect.withSpan("checkout"))
      assert.strictEqual(pretty.span?.name, "WorkOS.Users.get")
      const parent = pretty.span?.parent
      assert.isTrue(
        parent !== undefined && Option.isSome(parent) && parent.value._tag === "Span" &&
          parent.value.name === "checkout"
      )
      const sdk = rendered.indexOf("at WorkOS.Users.get")
      assert.isAbove(sdk, -1)
      assert.isAbove(rendered.indexOf("at checkout"), sdk)
    }))

  it.effect("a call that succeeds makes no span: inside it the current span is the caller's", () => {
    const fake = new TestWorkOS()
    const [user] = fake.seedUsers(1)
    const seen: Array<string> = []
    const inner = Emulator.httpClient(fake.emulator)
    const spying = HttpClient.make((request) =>
      Effect.flatMap(Effect.option(Effect.currentSpan), (span) => {
        seen.push(Option.match(span, { onNone: () => "none", onSome: (s) => s.name }))
        return inner.execute(request)
      })
    )
    const layer = Layer.mergeAll(
      WorkOSConfig.layer({ apiKey, clientId: "client_test", baseUrl }),
      Layer.succeed(HttpClient.HttpClient, spying)
    )
    const tracing = recordingTracer()
    return Effect.gen(function*() {
      yield* Users.get(user!.id).pipe(Effect.withSpan("checkout"))
      yield* Users.get(user!.id).pipe(Effect.withSpan("checkout"), Effect.provide(tracing.layer))
      assert.deepStrictEqual(seen, ["checkout", "WorkOS.Users.get"], "another tracer sees the SDK's span")
    }).pipe(Effect.provide(layer))
  })
})

describe("real loopback HTTP", () => {
  it.live("the pipeline works over a real socket, including a non-JSON 502", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.serve({ apiKey, users: [{ email: "socket@example.com" }] })
      const user = server.emulator.users()[0]
      const layer = Layer.mergeAll(
        WorkOSConfig.layer({ apiKey, baseUrl: server.url, retry: "none" }),
        FetchHttpClient.layer
      )
      const got = yield* Users.get(user!.id).pipe(Effect.provide(layer))
      assert.strictEqual(got.email, "socket@example.com")
      server.emulator.failNext({ status: 502, body: "<html>proxy</html>", headers: { "content-type": "text/html" } })
      const error = yield* Effect.flip(Users.get(user!.id).pipe(Effect.provide(layer)))
      assert.strictEqual(error._tag, "WorkOSServerError")
      assert.strictEqual(error._tag === "WorkOSServerError" && error.status, 502)
    }).pipe(Effect.scoped))

  it.live("a refused connection is a WorkOSTransportError marked connectionFailed", () =>
    Effect.gen(function*() {
      // Find a port nothing listens on: open a server, note its port, close it.
      const server = yield* Effect.promise(() => Emulator.listen())
      yield* Effect.promise(server.close)
      // Count the attempts the client makes.
      let attempts = 0
      const counting = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(
          HttpClient.HttpClient,
          (client) => HttpClient.tapRequest(client, () => Effect.sync(() => attempts++))
        )
      ).pipe(Layer.provide(FetchHttpClient.layer))
      const layer = Layer.mergeAll(
        WorkOSConfig.layer({
          apiKey,
          baseUrl: server.url,
          retry: { maxRetries: 2, baseDelay: "1 millis", maxDelay: "1 millis" }
        }),
        counting
      )
      const error = yield* Effect.flip(Users.create({ email: "a@example.com" }).pipe(Effect.provide(layer)))
      // Refused connections never reached WorkOS, so even a create is retried.
      assert.strictEqual(attempts, 3)
      assert.strictEqual(error._tag, "WorkOSTransportError")
      if (error._tag !== "WorkOSTransportError") return
      assert.isTrue(error.connectionFailed)
      assert.strictEqual(error.code, "ECONNREFUSED")
      assert.strictEqual(error.path, "/user_management/users")
      assert.notInclude(error.message, server.url)
      // It never reached WorkOS: nothing to reconcile.
      assert.notInclude(error.message, "may have reached")
    }))
})

describe("timeouts on the live clock", () => {
  // On the live clock the pipeline arms a plain timer instead of `Effect.timeoutFail`
  // (see internal/timeout.ts); these tests hold that path to the same behaviour.
  const live = (timeout: Duration.DurationInput, retry: WorkOSConfig.Options["retry"]) =>
    Effect.gen(function*() {
      const server = yield* Emulator.serve({ apiKey, users: [{ email: "live@example.com" }] })
      const user = server.emulator.users()[0]!
      const layer = Layer.mergeAll(
        WorkOSConfig.layer({ apiKey, baseUrl: server.url, timeout, retry }),
        FetchHttpClient.layer
      )
      return { server, user, layer }
    })

  it.live("a stalled attempt fails with WorkOSTimeout after the configured time", () =>
    Effect.gen(function*() {
      const { layer, server, user } = yield* live("150 millis", "none")
      server.emulator.failNext({ stall: true })
      const started = Date.now()
      const error = yield* Effect.flip(Users.get(user.id).pipe(Effect.provide(layer)))
      assert.strictEqual(error._tag, "WorkOSTimeout")
      assert.include(error.message, "150")
      assert.isAtLeast(Date.now() - started, 140)
      // The connection is not left to answer later: the next call is served normally (with
      // room for a loaded machine: its own timeout is not what this checks).
      const next = Users.get(user.id).pipe(WorkOSConfig.withRequestOptions({ timeout: "10 seconds" }))
      assert.strictEqual((yield* next.pipe(Effect.provide(layer))).email, "live@example.com")
    }).pipe(Effect.scoped))

  it.live("a timed-out attempt of a safe call is retried, and the retry succeeds", () =>
    Effect.gen(function*() {
      // 1 s, not less: the retry must answer within it too, on a loaded machine as well.
      const { layer, server, user } = yield* live("1 second", { maxRetries: 1, baseDelay: "1 millis" })
      server.emulator.failNext({ stall: true })
      const got = yield* Users.get(user.id).pipe(Effect.provide(layer))
      assert.strictEqual(got.email, "live@example.com")
      assert.strictEqual(
        server.emulator.count("GET", "/user_management/users/{id}"),
        1,
        "the stalled one never answered"
      )
    }).pipe(Effect.scoped))

  it.live("the attempt's fiber ends with nothing: the response is handed over, not kept in the fiber", () =>
    Effect.gen(function*() {
      // A fiber outlives its end for a while in V8's minor collections, and so does its
      // exit: an attempt that ended with the response text got every text promoted to old
      // space (internal/timeout.ts).
      const { layer, user } = yield* live("10 seconds", "none")
      const ended: Array<Exit.Exit<unknown, unknown>> = []
      class Ends extends Supervisor.AbstractSupervisor<void> {
        value = Effect.void
        override onEnd<A, E>(exit: Exit.Exit<A, E>) {
          ended.push(exit)
        }
      }
      const got = yield* Users.get(user.id).pipe(Effect.supervised(new Ends()), Effect.provide(layer))
      assert.strictEqual(got.email, "live@example.com")
      assert.isAtLeast(ended.length, 1, "the attempt ran in a fiber of its own")
      for (const exit of ended) assert.deepStrictEqual(exit, Exit.void)
    }).pipe(Effect.scoped))

  it.live("an attempt interrupted from outside ends the call as interrupted", () =>
    Effect.gen(function*() {
      const { layer, server, user } = yield* live("30 seconds", "none")
      server.emulator.failNext({ stall: true })
      const started = yield* Deferred.make<Fiber.RuntimeFiber<unknown, unknown>>()
      class Starts extends Supervisor.AbstractSupervisor<void> {
        value = Effect.void
        override onStart<A, E, R>(
          _context: Context.Context<R>,
          _effect: Effect.Effect<A, E, R>,
          _parent: Option.Option<Fiber.RuntimeFiber<any, any>>,
          fiber: Fiber.RuntimeFiber<A, E>
        ) {
          Deferred.unsafeDone(started, Effect.succeed(fiber as Fiber.RuntimeFiber<unknown, unknown>))
        }
      }
      const call = yield* Effect.fork(Users.get(user.id).pipe(Effect.supervised(new Starts()), Effect.provide(layer)))
      // The attempt's fiber, interrupted by someone else than the call or its timer.
      yield* Fiber.interrupt(yield* Deferred.await(started))
      const exit = yield* Fiber.await(call)
      assert.isTrue(Exit.isInterrupted(exit), String(exit))
    }).pipe(Effect.scoped))

  it.live("a timeout longer than a timer can hold (about 24.8 days) does not fire at once", () =>
    Effect.gen(function*() {
      const { layer, user } = yield* live("30 days", "none")
      // setTimeout would clamp 30 days to 1 ms, failing every call with WorkOSTimeout.
      assert.strictEqual((yield* Users.get(user.id).pipe(Effect.provide(layer))).email, "live@example.com")
    }).pipe(Effect.scoped))

  it.live("interrupting the caller stops the attempt and its timer", () =>
    Effect.gen(function*() {
      const { layer, server, user } = yield* live("30 seconds", "none")
      server.emulator.failNext({ stall: true })
      const fiber = yield* Effect.fork(Users.get(user.id).pipe(Effect.provide(layer)))
      yield* Effect.sleep("50 millis")
      const started = Date.now()
      const exit = yield* Fiber.interrupt(fiber)
      assert.isTrue(Cause.isInterruptedOnly(exit._tag === "Failure" ? exit.cause : Cause.empty))
      assert.isBelow(Date.now() - started, 1_000, "interruption does not wait for the 30 s timeout")
    }).pipe(Effect.scoped))
})

describe("secrets never reach an error", () => {
  const password = "pw-hunter2-very-secret"
  const token = "invitation-token-very-secret"

  const render = (error: unknown) => [String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))].join("\n")

  it.effect("API key, passwords, tokens in paths and response values are absent from every rendering", () => {
    const { fake, layer, user } = setup()
    return Effect.gen(function*() {
      const errors: Array<unknown> = []
      const byToken = Http.execute({
        span: "WorkOS.Test.byToken",
        method: "GET",
        path: Http.path("/user_management/invitations/by_token/{token}", { token }, ["token"]),
        success: Schema.Unknown
      })
      for (const c of cases) {
        fake.failNext({ status: c.status, body: c.body, ...(c.headers ? { headers: c.headers } : {}) })
        errors.push(yield* Effect.flip(noRetry(byToken)))
        fake.failNext({ status: c.status, body: c.body })
        errors.push(
          yield* Effect.flip(noRetry(Users.create({ email: "a@example.com", password: Redacted.make(password) })))
        )
      }
      fake.failNext({ status: 200, body: JSON.stringify({ ...user, first_name: { leaked: token } }) })
      errors.push(yield* Effect.flip(Users.get(user.id)))
      errors.push(
        yield* Effect.flip(Users.create({
          email: "a@example.com",
          password: Redacted.make(password),
          passwordHash: Redacted.make(password),
          passwordHashType: "bcrypt"
        } as unknown as Users.CreateUserParams))
      )
      fake.failNext({ stall: true })
      errors.push(
        yield* Effect.flip(
          runWithClock(noRetry(byToken).pipe(WorkOSConfig.withRequestOptions({ retry: "none", timeout: "1 second" })))
        )
      )

      assert.isAtLeast(errors.length, 2 * cases.length + 3)
      for (const error of errors) {
        const text = render(error)
        assert.notInclude(text, apiKey)
        assert.notInclude(text, password)
        assert.notInclude(text, token)
      }
      // The secret path segment is shown as its placeholder.
      assert.strictEqual((errors[0] as { path: string }).path, "/user_management/invitations/by_token/{token}")
    }).pipe(Effect.provide(layer))
  })

  it.effect("a transport error that echoes credentials is scrubbed of the key, Authorization and URLs", () => {
    const echoing = HttpClient.make((request) =>
      Effect.fail(
        new HttpClientError.RequestError({
          request,
          reason: "Transport",
          cause: new Error(
            `proxy refused GET ${request.url} with authorization: Bearer ${apiKey}; key=${apiKey} sk_live_other123 Basic dXNlcjpwYXNz`
          )
        })
      )
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(noRetry(Invitations.findByToken(token)))
      assert.strictEqual(error._tag, "WorkOSTransportError")
      for (const secret of [apiKey, token, "sk_live_other123", "dXNlcjpwYXNz", "https://"]) {
        assert.notInclude(error.message, secret)
      }
      assert.include(error.message, "proxy refused")
    }).pipe(
      Effect.provide(WorkOSConfig.layer({ apiKey, clientId: "client_1" })),
      Effect.provideService(HttpClient.HttpClient, echoing)
    )
  })

  it.live("a transport failure logs nothing with the URL or a token, even at Debug", () => {
    const failing = failingWith(new Error("socket hang up"))
    return Effect.gen(function*() {
      const lines: Array<string> = []
      const capture = Logger.make(({ cause, message }) => lines.push(`${String(message)} ${Cause.pretty(cause)}`))
      const error = yield* Effect.flip(noRetry(Invitations.findByToken(token))).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, capture)),
        Logger.withMinimumLogLevel(LogLevel.All)
      )
      assert.strictEqual(error._tag, "WorkOSTransportError")
      // Give a forked attempt's unhandled-failure report (if any) time to be logged.
      yield* Effect.sleep("20 millis")
      for (const line of lines) assert.notInclude(line, token)
    }).pipe(
      Effect.provide(WorkOSConfig.layer({ apiKey, clientId: "client_1" })),
      Effect.provideService(HttpClient.HttpClient, failing)
    )
  })

  it.effect("the config's API key renders as <redacted>", () =>
    Effect.gen(function*() {
      const config = yield* WorkOSConfig.WorkOSConfig
      assert.notInclude(String(Option.getOrThrow(config.apiKey)), apiKey)
      assert.notInclude(JSON.stringify(config), apiKey)
    }).pipe(Effect.provide(setup().layer)))
})

describe("what a failure says (mutation survivors in internal/http.ts)", () => {
  for (
    const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]
  ) {
    it.effect(`${code} never reached WorkOS: connectionFailed, and a create is retried`, () => {
      let attempts = 0
      const client = HttpClient.make((request) =>
        Effect.suspend(() => {
          attempts++
          // The code sits two causes deep, as undici nests it.
          return Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              cause: new Error("fetch failed", {
                cause: new Error("connect", { cause: Object.assign(new Error("x"), { code }) })
              })
            })
          )
        })
      )
      return Effect.gen(function*() {
        const error = yield* Effect.flip(
          runWithClock(
            Users.create({ email: "a@example.com" }).pipe(
              WorkOSConfig.withRequestOptions({ retry: { maxRetries: 2 } })
            )
          )
        )
        assert.strictEqual(error._tag, "WorkOSTransportError")
        if (error._tag !== "WorkOSTransportError") return
        assert.isTrue(error.connectionFailed)
        assert.strictEqual(error.code, code)
        assert.strictEqual(error.message, `Transport error: fetch failed (${code})`)
        assert.strictEqual(attempts, 3)
      }).pipe(
        Effect.provide(WorkOSConfig.layer({ apiKey, clientId: "client_1" })),
        Effect.provideService(HttpClient.HttpClient, client)
      )
    })
  }

  it.effect("a broken connection after sending: not connectionFailed, the code named once, a create not retried", () => {
    let attempts = 0
    const client = HttpClient.make((request) =>
      Effect.suspend(() => {
        attempts++
        return Effect.fail(
          new HttpClientError.RequestError({
            request,
            reason: "Transport",
            cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })
          })
        )
      })
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(runWithClock(Users.create({ email: "a@example.com" })))
      assert.strictEqual(error._tag, "WorkOSTransportError")
      if (error._tag !== "WorkOSTransportError") return
      assert.isFalse(error.connectionFailed)
      assert.strictEqual(error.code, "ECONNRESET")
      assert.isTrue(error.message.startsWith("Transport error: read ECONNRESET. The request may have reached WorkOS"))
      assert.strictEqual(attempts, 1)
    }).pipe(
      Effect.provide(WorkOSConfig.layer({ apiKey, clientId: "client_1" })),
      Effect.provideService(HttpClient.HttpClient, client)
    )
  })

  it.effect("a body that cannot be read is a transport error that says so, with the response's request id", () => {
    const client = HttpClient.make((request) =>
      Effect.succeed(
        HttpClientResponse.fromWeb(
          request,
          {
            status: 200,
            headers: new Headers({ "x-request-id": "req_body" }),
            text: () => Promise.reject(new Error("terminated"))
          } as unknown as Response
        )
      )
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(noRetry(Users.get("user_1")))
      assert.strictEqual(error._tag, "WorkOSTransportError")
      assert.strictEqual(error.requestId, "req_body")
      assert.include(error.message, "Failed to read the response body")
    }).pipe(
      Effect.provide(WorkOSConfig.layer({ apiKey, clientId: "client_1" })),
      Effect.provideService(HttpClient.HttpClient, client)
    )
  })

  it.effect("a plain-http URL, a Proxy-Authorization header and a bare sk_ key are scrubbed", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(noRetry(Users.get("user_1")))
      for (const secret of ["http://proxy.internal", "dXNlcjpwYXNz", "sk_test_abc", "Zm9v"]) {
        assert.notInclude(error.message, secret)
      }
      assert.include(error.message, "<url>")
      assert.include(error.message, "Proxy-Authorization: <redacted>")
      assert.include(error.message, "<api key>")
    }).pipe(
      Effect.provide(WorkOSConfig.layer({ apiKey, clientId: "client_1" })),
      Effect.provideService(
        HttpClient.HttpClient,
        failingWith(
          new Error("via http://proxy.internal/x Proxy-Authorization: Basic dXNlcjpwYXNz sk_test_abc bearer Zm9v")
        )
      )
    ))

  it.effect("credentials are scrubbed however the header is spaced and whatever scheme precedes them", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(noRetry(Users.get("user_1")))
      assert.strictEqual(
        error.message,
        "Transport error: a authorization: <redacted> b Authorization: <redacted> c " +
          "bearer <redacted> d BASIC <redacted> e <api key>, f"
      )
    }).pipe(
      Effect.provide(WorkOSConfig.layer({ apiKey, clientId: "client_1" })),
      Effect.provideService(
        HttpClient.HttpClient,
        failingWith(
          new Error(
            "a authorization = Basic dXNlcjpwYXNz b Authorization:Bearer tok123 c bearer   Zm9v d BASIC x.y~z+/= " +
              "e sk_live_9, f"
          )
        )
      )
    ))

  it.effect("a path parameter that is empty or a dot segment says which and why", () => {
    const { layer } = setup()
    return Effect.gen(function*() {
      const empty = yield* Effect.flip(Users.get(""))
      assert.strictEqual(empty.message, `The path parameter "id" must be a non-empty string`)
      assert.strictEqual(empty.path, "/user_management/users/{id}")
      const dot = yield* Effect.flip(Users.get(".."))
      assert.strictEqual(dot.message, `The path parameter "id" is not a valid id`)
    }).pipe(Effect.provide(layer))
  })

  for (
    const [status, message] of [
      [400, "Bad request (400)"],
      [401, "Could not authorize the request; check the API key (401)"],
      [403, "Forbidden (403)"],
      [404, "Not found (404)"],
      [408, "Request timeout (408)"],
      [409, "Conflict (409)"],
      [422, "Unprocessable entity (422)"],
      [429, "Too many requests (429)"],
      [500, "Internal server error (500)"],
      [502, "Bad gateway (502)"],
      [503, "Service unavailable (503)"],
      [504, "Gateway timeout (504)"],
      [418, "HTTP 418 (418)"]
    ] as const
  ) {
    it.effect(`an empty ${status} is described as "${message}"`, () => {
      const { fake, layer } = setup()
      fake.failNext({ status, body: "" })
      return Effect.gen(function*() {
        const error = yield* Effect.flip(noRetry(Users.get("user_1")))
        assert.strictEqual(error.message, message)
      }).pipe(Effect.provide(layer))
    })
  }

  for (const [header, seconds] of [["2.5", 2.5], ["0.25", 0.25], [" 3 ", 3]] as const) {
    it.effect(`Retry-After "${header}" is ${seconds} s`, () => {
      const { fake, layer } = setup()
      fake.failNext({ status: 429, headers: { "retry-after": header } })
      return Effect.gen(function*() {
        const error = yield* Effect.flip(noRetry(Users.get("user_1")))
        assert.strictEqual(error._tag, "WorkOSRateLimited")
        if (error._tag === "WorkOSRateLimited") assert.deepStrictEqual(error.retryAfter, Duration.seconds(seconds))
      }).pipe(Effect.provide(layer))
    })
  }
})

describe("bodies and statuses at the edges (mutation survivors in internal/http.ts)", () => {
  it.effect("an error body of whitespace is empty; a JSON body that is not an object is not JSON to us", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      fake.failNext({ status: 503, body: "  \n" })
      assert.strictEqual((yield* Effect.flip(noRetry(Users.get("user_1")))).message, "Service unavailable (503)")
      fake.failNext({ status: 500, body: JSON.stringify(["x"]) })
      const array = yield* Effect.flip(noRetry(Users.get("user_1")))
      assert.strictEqual(array.message, "Internal server error (500): the response body was not JSON")
      assert.strictEqual(array.code, null)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a 2xx with an empty or blank body says it was empty; with text, that it was not JSON", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      for (const body of ["", " \n "]) {
        fake.failNext({ status: 200, body })
        const error = yield* Effect.flip(Users.get("user_1"))
        assert.strictEqual(error._tag, "WorkOSDecodeError")
        assert.strictEqual(error.message, "The response body was empty")
        assert.strictEqual(error._tag === "WorkOSDecodeError" && error.schemaPath, "")
      }
      fake.failNext({ status: 200, body: "ok" })
      assert.strictEqual((yield* Effect.flip(Users.get("user_1"))).message, "The response body was not JSON")
    }).pipe(Effect.provide(layer))
  })

  it.effect("a decode failure's message names the schema path; one at the top names none", () => {
    const { fake, layer, user } = setup()
    return Effect.gen(function*() {
      fake.failNext({ status: 200, body: JSON.stringify({ ...user, email: 7 }) })
      const nested = yield* Effect.flip(Users.get(user.id))
      assert.isTrue(
        nested.message.startsWith("The response did not match the expected schema at email: Expected string")
      )
      fake.failNext({ status: 200, body: "7" })
      const top = yield* Effect.flip(Users.get(user.id))
      assert.isTrue(top.message.startsWith("The response did not match the expected schema: "), top.message)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a 300 is not a success", () => {
    const { fake, layer } = setup()
    fake.failNext({ status: 300, body: "" })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(noRetry(Users.get("user_1")))
      assert.strictEqual(error._tag, "WorkOSUnexpectedStatus")
      assert.strictEqual(error.message, "HTTP 300 (300)")
    }).pipe(Effect.provide(layer))
  })

  it.effect("without a suffix the User-Agent is the SDK's alone", () => {
    const { fake, layer, user } = setup()
    return Effect.gen(function*() {
      yield* Users.get(user.id)
      assert.strictEqual(fake.requests[0]!.headers.get("user-agent"), `effect-workos/${version}`)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a body the schema cannot encode is rejected before sending, naming the field", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Users.create({ email: 7 as unknown as string }))
      assert.strictEqual(error._tag, "WorkOSInvalidRequest")
      assert.isTrue(error.message.startsWith("Invalid body at email: Expected string"), error.message)
      assert.strictEqual(error._tag === "WorkOSInvalidRequest" && error.field, "email")
      assert.strictEqual(fake.requests.length, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("an invalid body names the innermost field, and only that field's alternatives", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      // `metadata` is `Metadata | null`: the record fails at `metadata.tier`, the `null`
      // member at `metadata`. Only the first failure's path counts.
      const nested = yield* Effect.flip(Users.create({ email: "a@b.co", metadata: { tier: 5 } as never }))
      assert.strictEqual(nested.message, "Invalid body at metadata.tier: Expected string")
      assert.strictEqual(nested._tag === "WorkOSInvalidRequest" && nested.field, "metadata.tier")
      // A body that is not an object at all has no field to name.
      const whole = yield* Effect.flip(Users.create(null as never))
      assert.isTrue(whole.message.startsWith("Invalid body: Expected "), whole.message)
      assert.strictEqual(whole._tag === "WorkOSInvalidRequest" && whole.field, null)
      assert.strictEqual(fake.requests.length, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("the call's span is a client span", () => {
    const { layer, user } = setup()
    const tracing = recordingTracer()
    return Effect.gen(function*() {
      yield* Users.get(user.id)
      assert.strictEqual(tracing.spans[0]!.kind, "client")
    }).pipe(Effect.provide(Layer.merge(layer, tracing.layer)))
  })
})

describe("a POST that is safe to repeat", () => {
  it.effect("Sessions.revoke is retried after a 500, as a read would be", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      fake.failNext({ path: "/user_management/sessions/revoke", status: 500 })
      yield* Effect.exit(runWithClock(Sessions.revoke("session_1")))
      assert.strictEqual(fake.requests.filter((r) => r.path === "/user_management/sessions/revoke").length, 2)
    }).pipe(Effect.provide(layer))
  })
})

describe("input and failures at the edges (internal/http.ts lines 1-420, mutation survivors)", () => {
  const failing = (cause: unknown, config: WorkOSConfig.Options = { apiKey, clientId: "client_1" }) =>
    Layer.merge(WorkOSConfig.layer(config), Layer.succeed(HttpClient.HttpClient, failingWith(cause)))

  it.effect("a path parameter that is not a string is invalid input, not a defect or a request", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      for (const id of [undefined, 7, null]) {
        const error = yield* Effect.flip(Users.get(id as never))
        assert.strictEqual(error._tag, "WorkOSInvalidRequest")
        assert.strictEqual(error.message, `The path parameter "id" must be a non-empty string`)
      }
      assert.strictEqual(fake.requests.length, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("optional query fields given as undefined are left out of the query string", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      yield* Users.listPage({ organizationId: undefined, email: undefined, limit: 5 })
      const query = fake.requests[0]!.query
      assert.isFalse(query.has("organization_id"))
      assert.isFalse(query.has("email"))
      assert.strictEqual(query.get("limit"), "5")
      assert.notInclude(query.toString(), "undefined")
    }).pipe(Effect.provide(layer))
  })

  it.effect("a transport error whose causes loop, or end in null, is read without hanging or crashing", () =>
    Effect.gen(function*() {
      const looping = new Error("looping cause")
      ;(looping as { cause?: unknown }).cause = looping
      for (const cause of [looping, new Error("null cause", { cause: null })]) {
        const error = yield* Effect.flip(noRetry(Users.get("user_1"))).pipe(Effect.provide(failing(cause)))
        assert.strictEqual(error._tag, "WorkOSTransportError")
        if (error._tag !== "WorkOSTransportError") return
        assert.strictEqual(error.code, null)
        assert.isFalse(error.connectionFailed)
        assert.strictEqual(error.message, `Transport error: ${cause.message}`)
      }
    }))

  it.effect("the configured API key is scrubbed by its value, whatever its shape", () =>
    Effect.gen(function*() {
      const key = "k3y-w1th-no-known-prefix"
      const error = yield* Effect.flip(noRetry(Users.get("user_1"))).pipe(
        Effect.provide(failing(new Error(`rejected ${key} twice: ${key}`), { apiKey: key, clientId: "client_1" }))
      )
      assert.strictEqual(error.message, "Transport error: rejected <api key> twice: <api key>")
    }))

  it.effect("an Authorization value at the very end of a message, or spaced from its scheme, is scrubbed", () =>
    Effect.gen(function*() {
      for (
        const [sent, shown] of [
          ["sent authorization=abc123", "sent authorization: <redacted>"],
          ["sent authorization: Bearer   tok456 then", "sent authorization: <redacted> then"]
        ]
      ) {
        const error = yield* Effect.flip(noRetry(Users.get("user_1"))).pipe(Effect.provide(failing(new Error(sent))))
        assert.strictEqual(error.message, `Transport error: ${shown}`)
      }
    }))

  it.effect("a Retry-After that is neither whole seconds nor a date is ignored", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      for (const header of ["5 seconds", "x5", "soon"]) {
        fake.failNext({ status: 429, headers: { "retry-after": header } })
        const error = yield* Effect.flip(noRetry(Users.get("user_1")))
        assert.strictEqual(error._tag === "WorkOSRateLimited" && error.retryAfter, null, header)
      }
    }).pipe(Effect.provide(layer))
  })

  it.effect("field errors that are missing or not a list are an empty list", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      fake.failNext({ status: 422, body: { code: "invalid", message: "Invalid", errors: "not a list" } })
      const unprocessable = yield* Effect.flip(noRetry(Users.get("user_1")))
      assert.strictEqual(unprocessable._tag, "WorkOSUnprocessable")
      assert.deepStrictEqual(unprocessable._tag === "WorkOSUnprocessable" && unprocessable.errors, [])
      fake.failNext({ status: 400, body: { code: "bad", message: "Bad" } })
      const bad = yield* Effect.flip(noRetry(Users.get("user_1")))
      assert.strictEqual(bad._tag, "WorkOSBadRequest")
      assert.deepStrictEqual(bad._tag === "WorkOSBadRequest" && bad.errors, [])
    }).pipe(Effect.provide(layer))
  })

  it.effect("an error body of JSON null or a JSON string is not an object; an empty object is", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      for (const body of ["null", `"oops"`]) {
        fake.failNext({ status: 500, body })
        const error = yield* Effect.flip(noRetry(Users.get("user_1")))
        assert.strictEqual(error.message, "Internal server error (500): the response body was not JSON", body)
      }
      fake.failNext({ status: 500, body: "{}" })
      assert.strictEqual((yield* Effect.flip(noRetry(Users.get("user_1")))).message, "Internal server error (500)")
    }).pipe(Effect.provide(layer))
  })
})
