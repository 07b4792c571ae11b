import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpRouter from "@effect/platform/HttpRouter"
import { assert, describe, it } from "@effect/vitest"
import { WorkOS } from "@workos-inc/node"
import { Cause, Effect, Exit, FastCheck, HashMap, Logger, Redacted, TestClock } from "effect"
import { createHmac } from "node:crypto"
import { Webhooks } from "../src/index.js"

const secret = "whsec_1234567890abcdef"
const options = { secret: Redacted.make(secret) }

/** The header WorkOS sends, computed independently with node:crypto. */
const sign = (body: string, timestamp: number, key = secret) =>
  `t=${timestamp}, v1=${createHmac("sha256", key).update(`${timestamp}.${body}`).digest("hex")}`

const userCreated = (id = "event_01") =>
  JSON.stringify({
    object: "event",
    id,
    event: "user.created",
    data: {
      object: "user",
      id: "user_01",
      email: "ann@example.com",
      first_name: "Ann",
      last_name: null,
      email_verified: true,
      profile_picture_url: null,
      last_sign_in_at: null,
      external_id: null,
      metadata: {},
      created_at: "2026-11-30T12:00:00.000Z",
      updated_at: "2026-11-30T12:00:00.000Z"
    },
    created_at: "2026-11-30T12:00:00.000Z"
  })

const now = Date.parse("2026-11-30T12:00:00.000Z")
const atNow = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.zipRight(TestClock.setTime(now), self)

describe("Webhooks.verify and constructEvent", () => {
  it.effect("accept the exact bytes WorkOS signed, as a string or as bytes, and decode the event", () =>
    atNow(Effect.gen(function*() {
      const body = userCreated()
      const header = sign(body, now)
      const event = yield* Webhooks.constructEvent(body, header, options)
      assert.strictEqual(event._tag, "user.created")
      assert.strictEqual(event._tag === "user.created" && event.data.email, "ann@example.com")
      const fromBytes = yield* Webhooks.constructEvent(new TextEncoder().encode(body), header, options)
      assert.strictEqual(fromBytes.id, "event_01")
      // Whitespace around the parts, parts in any order, and several v1 (a secret rotation).
      const other = createHmac("sha256", "old").update(`${now}.${body}`).digest("hex")
      const v1 = header.split("v1=")[1]!
      yield* Webhooks.verify(body, ` v1=${other} ,t=${now},  v1=${v1}`, options)
    })))

  it.effect("agree with the official Node SDK on the same inputs", () =>
    Effect.gen(function*() {
      const workos = new WorkOS("sk_test_123")
      const wallNow = Date.now()
      yield* TestClock.setTime(wallNow)
      const body = userCreated()
      const cases = [
        { name: "valid", header: sign(body, wallNow), body },
        { name: "tampered", header: sign(body, wallNow), body: body.replace("Ann", "Eve") },
        { name: "wrong secret", header: sign(body, wallNow, "whsec_other"), body },
        { name: "old", header: sign(body, wallNow - 10 * 60_000), body }
      ]
      for (const c of cases) {
        const theirs = yield* Effect.promise(() =>
          workos.webhooks.constructEvent({ payload: c.body, sigHeader: c.header, secret }).then(
            () => true,
            () => false
          )
        )
        const ours = yield* Effect.either(Webhooks.constructEvent(c.body, c.header, options))
        assert.strictEqual(ours._tag === "Right", theirs, c.name)
      }
    }))

  it.effect("each way to fail has its own error", () =>
    atNow(Effect.gen(function*() {
      const body = userCreated()
      const fail = (payload: string, header: string | undefined) =>
        Effect.flip(Webhooks.constructEvent(payload, header, options))

      const missing = yield* fail(body, undefined)
      assert.strictEqual(missing._tag, "WebhookSignatureMissing")
      assert.strictEqual(missing.message, "The request has no WorkOS-Signature header")
      assert.strictEqual((yield* fail(body, "  "))._tag, "WebhookSignatureMissing")
      const noTimestamp = "The WorkOS-Signature header has no valid timestamp (t=)"
      const noSignature = "The WorkOS-Signature header has no v1 signature (64 hexadecimal characters)"
      for (
        const [header, message] of [
          ["t=abc, v1=00", noTimestamp],
          ["v1=" + "a".repeat(64), noTimestamp],
          [`t=${now}`, noSignature],
          [`t=${now}, v1=xyz`, noSignature],
          ["garbage", noTimestamp]
        ]
      ) {
        const malformed = yield* fail(body, header)
        assert.deepStrictEqual([malformed._tag, malformed.message], ["WebhookSignatureMalformed", message], header)
      }
      const tampered = yield* fail(body.replace("Ann", "Eve"), sign(body, now))
      assert.deepStrictEqual(
        [tampered._tag, tampered.message],
        ["WebhookSignatureInvalid", "The signature does not match the body and the secret"]
      )
      assert.strictEqual((yield* fail(body, sign(body, now, "whsec_other")))._tag, "WebhookSignatureInvalid")
      // A valid signature of another timestamp is not valid for this one.
      const forged = sign(body, now).replace(`t=${now}`, `t=${now + 1}`)
      assert.strictEqual((yield* fail(body, forged))._tag, "WebhookSignatureInvalid")

      const old = yield* fail(body, sign(body, now - 181_000))
      assert.strictEqual(old._tag, "WebhookTimestampOutOfTolerance")
      assert.include(old.message, "181 seconds old")
      const future = yield* fail(body, sign(body, now + 181_000))
      assert.strictEqual(future._tag, "WebhookTimestampOutOfTolerance")
      assert.include(future.message, "in the future")
      // Inside the tolerance, both ways; and a tolerance of one's own.
      yield* Webhooks.verify(body, sign(body, now - 179_000), options)
      yield* Webhooks.verify(body, sign(body, now + 179_000), options)
      const strict = yield* Effect.flip(
        Webhooks.verify(body, sign(body, now - 2_000), { ...options, tolerance: "1 second" })
      )
      assert.strictEqual(strict._tag, "WebhookTimestampOutOfTolerance")

      const notJson = yield* fail("not json", sign("not json", now))
      assert.strictEqual(notJson._tag, "WebhookPayloadInvalid")
      const badUser =
        "{\"object\":\"event\",\"id\":\"e\",\"event\":\"user.created\",\"data\":{\"id\":1},\"created_at\":\"x\"}"
      const bad = yield* fail(badUser, sign(badUser, now))
      assert.strictEqual(bad._tag, "WebhookPayloadInvalid")
      assert.include(bad.message, "data")
      for (const error of [old, future, notJson, bad]) assert.notInclude(JSON.stringify(error), secret)
    })))

  it.effect("an event type this version does not know is delivered as UnknownEvent", () =>
    atNow(Effect.gen(function*() {
      const body = JSON.stringify({
        object: "event",
        id: "event_02",
        event: "dsync.user.created",
        data: { id: "directory_user_01" },
        created_at: "2026-11-30T12:00:00.000Z"
      })
      const event = yield* Webhooks.constructEvent(body, sign(body, now), options)
      assert.strictEqual(event._tag, "UnknownEvent")
      assert.strictEqual(event.event, "dsync.user.created")
    })))
})

describe("Webhooks header and tolerance details", () => {
  it.effect("only t= and v1= count; values are trimmed; the timestamp is digits only", () =>
    atNow(Effect.gen(function*() {
      const body = userCreated()
      const v1 = sign(body, now).split("v1=")[1]!
      // Trailing spaces around the parts are not part of the values.
      yield* Webhooks.verify(body, `t=${now} , v1=${v1} `, options)
      // A valid signature under another scheme name is not a v1 signature.
      const wrong = "0".repeat(64)
      const v0 = yield* Effect.flip(Webhooks.verify(body, `t=${now}, v0=${v1}, v1=${wrong}`, options))
      assert.strictEqual(v0._tag, "WebhookSignatureInvalid")
      // A timestamp that is not all digits is malformed, even when signed: as a number it
      // would be NaN, and NaN is never outside any tolerance.
      for (const t of [`x${now}`, `${now}x`]) {
        const signed = `t=${t}, v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`
        assert.strictEqual(
          (yield* Effect.flip(Webhooks.verify(body, signed, options)))._tag,
          "WebhookSignatureMalformed",
          t
        )
      }
      // A v1 value that is longer than 64 hex characters is malformed too.
      const longer = yield* Effect.flip(Webhooks.verify(body, `t=${now}, v1=${v1}00`, options))
      assert.strictEqual(longer._tag, "WebhookSignatureMalformed")
      const prefixed = yield* Effect.flip(Webhooks.verify(body, `t=${now}, v1=00${v1}`, options))
      assert.strictEqual(prefixed._tag, "WebhookSignatureMalformed")
      assert.strictEqual((yield* Effect.flip(Webhooks.verify(body, null, options)))._tag, "WebhookSignatureMissing")
    })))

  it.effect("the tolerance boundary is inclusive, and the message says the tolerance", () =>
    atNow(Effect.gen(function*() {
      const body = userCreated()
      yield* Webhooks.verify(body, sign(body, now - 180_000), options)
      yield* Webhooks.verify(body, sign(body, now + 180_000), options)
      const old = yield* Effect.flip(Webhooks.verify(body, sign(body, now - 180_001), options))
      assert.strictEqual(old.message, "The signature is 180 seconds old, beyond the tolerance of 180 seconds")
      assert.strictEqual(old._tag === "WebhookTimestampOutOfTolerance" && old.timestamp, now - 180_001)
    })))

  it.effect("decode errors say where the body stopped being an event", () =>
    atNow(Effect.gen(function*() {
      const notJson = yield* Effect.flip(Webhooks.decodeEvent("not json"))
      assert.match(notJson.message, /^The body is not an event: /)
      const bad = yield* Effect.flip(
        Webhooks.decodeEvent(
          "{\"object\":\"event\",\"id\":\"e\",\"event\":\"user.created\",\"data\":{\"id\":1},\"created_at\":\"x\"}"
        )
      )
      assert.match(bad.message, /^The body is not an event at data/)
    })))

  it.effect("the memory replay store forgets the oldest ids past its capacity, not before", () =>
    Effect.gen(function*() {
      const store = Webhooks.makeMemoryReplayStore(2)
      assert.isTrue(yield* store.claim("a"))
      assert.isTrue(yield* store.claim("b"))
      assert.isFalse(yield* store.claim("a"))
      assert.isTrue(yield* store.claim("c")) // a is forgotten now
      assert.isTrue(yield* store.claim("a"))
      assert.isFalse(yield* store.claim("c"))
      yield* store.release("c")
      assert.isTrue(yield* store.claim("c"))
    }))
})

describe("Webhooks on hostile input", () => {
  const tags = new Set([
    "WebhookSignatureMissing",
    "WebhookSignatureMalformed",
    "WebhookSignatureInvalid",
    "WebhookTimestampOutOfTolerance",
    "WebhookPayloadInvalid"
  ])

  it.effect("any header and body fail with a webhook error, never a defect", () =>
    atNow(Effect.gen(function*() {
      const samples = FastCheck.sample(
        FastCheck.tuple(
          FastCheck.oneof(
            FastCheck.string(),
            FastCheck.string().map((s) => `t=${s}, v1=${s}`),
            FastCheck.tuple(FastCheck.bigInt(), FastCheck.hexaString({ minLength: 64, maxLength: 64 })).map((
              [t, v]
            ) => `t=${t}, v1=${v}`)
          ),
          FastCheck.oneof(FastCheck.string(), FastCheck.json())
        ),
        { numRuns: 500, seed: 23 }
      )
      for (const [header, body] of samples) {
        const exit = yield* Effect.exit(Webhooks.constructEvent(body, header, options))
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isFailure(exit)) {
          const failure = Cause.failureOption(exit.cause)
          assert.isTrue(failure._tag === "Some" && tags.has(failure.value._tag), `${header} / ${body}`)
        }
      }
    })))

  it.effect("a signed body nested 100,000 deep is WebhookPayloadInvalid, not a stack overflow", () =>
    atNow(Effect.gen(function*() {
      const deep = `{"object":"event","id":"e","event":"user.created","created_at":"x","data":${"[".repeat(100_000)}${
        "]".repeat(100_000)
      }}`
      const error = yield* Effect.flip(Webhooks.constructEvent(deep, sign(deep, now), options))
      assert.strictEqual(error._tag, "WebhookPayloadInvalid")
      const unknown = deep.replace("user.created", "something.new")
      const failed = yield* Effect.flip(Webhooks.constructEvent(unknown, sign(unknown, now), options))
      assert.strictEqual(failed._tag, "WebhookPayloadInvalid")
    })))
})

describe("Webhooks.handler with a shared replay store", () => {
  it.effect("two endpoints given one store (a layer) process an event once between them", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const route = (path: "/a" | "/b") =>
        HttpRouter.post(
          path,
          Webhooks.handler(options, (event) => Effect.sync(() => void seen.push(`${path} ${event.id}`)))
        )
      const router = HttpRouter.empty.pipe(route("/a"), route("/b"))
      const { dispose, handler } = HttpApp.toWebHandlerLayer(router, Webhooks.layerMemoryReplayStore())
      const body = userCreated("event_shared")
      const post = (path: string) =>
        Effect.promise(() =>
          handler(
            new Request(`http://app.test${path}`, {
              method: "POST",
              body,
              headers: { "WorkOS-Signature": sign(body, Date.now()) }
            })
          )
        )
      assert.strictEqual((yield* post("/a")).status, 200)
      assert.strictEqual((yield* post("/b")).status, 200)
      yield* Effect.promise(dispose)
      assert.deepStrictEqual(seen, ["/a event_shared"])
    }))
})

describe("Webhooks.handler", () => {
  const setup = (failures: number) => {
    const seen: Array<string> = []
    let remaining = failures
    const router = HttpRouter.empty.pipe(
      HttpRouter.post(
        "/webhooks",
        Webhooks.handler(options, (event) =>
          Effect.suspend(() => {
            seen.push(event.id)
            return remaining-- > 0 ? Effect.fail("database down" as const) : Effect.void
          }))
      )
    )
    const handler = HttpApp.toWebHandler(router)
    const post = (body: string, header?: string) =>
      Effect.promise(() =>
        handler(
          new Request("http://app.test/webhooks", {
            method: "POST",
            body,
            headers: header === undefined ? {} : { "WorkOS-Signature": header }
          })
        )
      )
    return { seen, post }
  }

  it.effect("2xx once the handler succeeded; a replay is answered 200 and not processed again", () =>
    Effect.gen(function*() {
      const { post, seen } = setup(0)
      const body = userCreated("event_replayed")
      const header = sign(body, Date.now())
      assert.strictEqual((yield* post(body, header)).status, 200)
      assert.strictEqual((yield* post(body, header)).status, 200)
      const resent = sign(body, Date.now() + 1)
      assert.strictEqual((yield* post(body, resent)).status, 200)
      assert.deepStrictEqual(seen, ["event_replayed"])
    }))

  it.effect("500 when the handler fails, so WorkOS retries; the retry is processed", () =>
    Effect.gen(function*() {
      const { post, seen } = setup(1)
      const body = userCreated("event_retried")
      assert.strictEqual((yield* post(body, sign(body, Date.now()))).status, 500)
      assert.strictEqual((yield* post(body, sign(body, Date.now()))).status, 200)
      assert.deepStrictEqual(seen, ["event_retried", "event_retried"])
    }))

  /** POST one request to a handler running `onEvent`, with every log line it writes. */
  const postLogged = (onEvent: () => Effect.Effect<void, string>, body: string, header?: string) =>
    Effect.gen(function*() {
      const logged: Array<{ message: unknown; level: string; annotations: Record<string, unknown> }> = []
      const capture = Logger.make(({ annotations, logLevel, message }) => {
        logged.push({ message, level: logLevel.label, annotations: Object.fromEntries(HashMap.toEntries(annotations)) })
      })
      const router = HttpRouter.empty.pipe(HttpRouter.post("/webhooks", Webhooks.handler(options, onEvent)))
      const { dispose, handler } = HttpApp.toWebHandlerLayer(router, Logger.replace(Logger.defaultLogger, capture))
      const response = yield* Effect.promise(() =>
        handler(
          new Request("http://app.test/webhooks", {
            method: "POST",
            body,
            headers: header === undefined ? {} : { "WorkOS-Signature": header }
          })
        )
      )
      yield* Effect.promise(dispose)
      return { logged, response }
    })

  it.effect("a failed handler's log names the event and its id", () =>
    Effect.gen(function*() {
      const body = userCreated("event_logged")
      const { logged, response } = yield* postLogged(
        () => Effect.fail("database down"),
        body,
        sign(body, Date.now())
      )
      assert.strictEqual(response.status, 500)
      const failure = logged.find((entry) => String(entry.message).includes("handler failed"))
      assert.deepInclude(failure?.annotations, { event: "user.created", eventId: "event_logged" })
      assert.include(String(failure?.message), "WorkOS webhook handler failed; WorkOS will deliver it again")
    }))

  it.effect("a refused request is logged as a warning with the reason", () =>
    Effect.gen(function*() {
      const { logged, response } = yield* postLogged(() => Effect.void, userCreated("event_unsigned"))
      assert.strictEqual(response.status, 400)
      const refused = logged.filter((entry) => entry.level === "WARN")
      assert.strictEqual(refused.length, 1)
      assert.include(String(refused[0]!.message), "WorkOS webhook refused")
      assert.deepInclude(refused[0]!.annotations, { reason: "WebhookSignatureMissing" })
    }))

  it.effect("400 and no body for a request whose body cannot be read", () =>
    Effect.gen(function*() {
      const { seen } = setup(0)
      const router = HttpRouter.empty.pipe(HttpRouter.post("/webhooks", Webhooks.handler(options, () => Effect.void)))
      const handler = HttpApp.toWebHandler(router)
      const broken = new ReadableStream({
        start(controller) {
          controller.error(new Error("connection reset"))
        }
      })
      const response = yield* Effect.promise(() =>
        handler(
          new Request("http://app.test/webhooks", {
            method: "POST",
            body: broken,
            headers: { "WorkOS-Signature": "t=1, v1=" + "a".repeat(64) },
            duplex: "half"
          } as RequestInit)
        )
      )
      assert.strictEqual(response.status, 400)
      assert.strictEqual(yield* Effect.promise(() => response.text()), "")
      assert.deepStrictEqual(seen, [])
    }))

  it.effect("400 with the error's tag for a request WorkOS did not sign; the handler never runs", () =>
    Effect.gen(function*() {
      const { post, seen } = setup(0)
      const body = userCreated()
      const missing = yield* post(body)
      assert.strictEqual(missing.status, 400)
      assert.strictEqual(
        (yield* Effect.promise(() => missing.json() as Promise<{ error: string }>)).error,
        "WebhookSignatureMissing"
      )
      const forged = yield* post(body, sign(body, Date.now(), "whsec_attacker"))
      assert.strictEqual(forged.status, 400)
      // The body says which check failed and why, so a misconfigured secret is found from the
      // WorkOS dashboard's delivery log.
      assert.deepStrictEqual(yield* Effect.promise(() => forged.json()), {
        error: "WebhookSignatureInvalid",
        message: "The signature does not match the body and the secret"
      })
      assert.deepStrictEqual(seen, [])
    }))
})
