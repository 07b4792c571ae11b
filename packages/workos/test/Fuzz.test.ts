/**
 * Nothing that arrives from the network becomes a defect: arbitrary statuses, headers
 * (broken `Retry-After` included) and bodies (arbitrary, truncated, deeply nested, huge,
 * HTML, empty) fed to `Users.get`, a `Users.list` stream and the password grant, and
 * arbitrary JWKS documents and tokens fed to `AccessToken.verify`. Every exit is a success
 * or a typed failure of the SDK, never a defect, never a hang. fast-check comes with
 * `effect` (`FastCheck`).
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, FastCheck as fc, Layer, Option, Stream } from "effect"
import { AccessToken, Authentication, Users, WorkOSConfig, WorkOSError } from "../src/index.js"
import { userWire } from "./utils/wire.js"

interface Reply {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

const page = JSON.stringify({ object: "list", data: [userWire], list_metadata: { before: null, after: "user_02" } })

const bodies: fc.Arbitrary<string> = fc.oneof(
  fc.json(),
  fc.string(),
  // Truncated real bodies.
  fc.nat({ max: page.length }).map((n) => page.slice(0, n)),
  fc.nat({ max: 200 }).map((n) => JSON.stringify(userWire).slice(0, n)),
  fc.constant(page),
  fc.constant(JSON.stringify(userWire)),
  fc.integer({ min: 1_000, max: 6_000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
  fc.integer({ min: 1_000, max: 6_000 }).map((depth) => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)),
  fc.constant("x".repeat(2_000_000)),
  fc.constant("<html><body><h1>502 Bad Gateway</h1></body></html>"),
  fc.constant(""),
  // Error bodies the API sends, with arbitrary values.
  fc.record({ code: fc.string(), message: fc.string(), errors: fc.anything() }).map((b) => JSON.stringify(b)),
  fc.record({ error: fc.string(), error_description: fc.anything(), pending_authentication_token: fc.anything() })
    .map((b) => JSON.stringify(b)),
  fc.constantFrom(
    "email_verification_required",
    "mfa_challenge",
    "organization_selection_required",
    "sso_required",
    "mfa_enrollment"
  ).chain((code) =>
    fc.record({ user: fc.oneof(fc.constant(userWire), fc.anything()), authentication_factors: fc.anything() }).map(
      (rest) => JSON.stringify({ code, message: "step", pending_authentication_token: "tok", ...rest })
    )
  )
)

const replies: fc.Arbitrary<Reply> = fc.record({
  status: fc.oneof(
    fc.integer({ min: 200, max: 599 }),
    fc.constantFrom(200, 400, 401, 403, 404, 409, 422, 429, 500, 503)
  ),
  headers: fc.record({
    "retry-after": fc.oneof(
      fc.string(),
      fc.constantFrom("1", "-1", "0.001", "1e9", "NaN", "Thu, 01 Jan 1970 00:00:00 GMT", "tomorrow"),
      fc.nat().map(String)
    ),
    "content-type": fc.constantFrom("application/json", "text/html", "text/plain", "")
  }, { requiredKeys: [] }),
  body: bodies
})

/** An HttpClient answering the given replies in turn (the last one from then on). */
const scripted = (script: ReadonlyArray<Reply>) => {
  let next = 0
  return HttpClient.make((request) =>
    Effect.sync(() => {
      const reply = script[Math.min(next++, script.length - 1)]!
      // Statuses that cannot carry a body (a Response refuses one) arrive empty.
      const body = [204, 205, 304].includes(reply.status) ? null : reply.body
      return HttpClientResponse.fromWeb(request, new Response(body, { status: reply.status, headers: reply.headers }))
    })
  )
}

const config = WorkOSConfig.layer({
  apiKey: "sk_test_fuzz",
  clientId: "client_fuzz",
  // One quick retry, so retry paths (and broken Retry-After values) run without waiting.
  retry: { maxRetries: 1, baseDelay: "1 millis", maxDelay: "2 millis", maxRetryAfter: "5 millis" }
})

/** Run with the replies; a defect, an interruption or a hang fails the property. */
const outcome = <A, E>(
  effect: Effect.Effect<A, E, WorkOSConfig.WorkOSConfig | HttpClient.HttpClient>,
  script: ReadonlyArray<Reply>
) =>
  effect.pipe(
    Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => "hang" as const }),
    Effect.provide(Layer.merge(config, Layer.succeed(HttpClient.HttpClient, scripted(script)))),
    Effect.exit,
    Effect.runPromise
  )

const typed = (exit: Exit.Exit<unknown, unknown>): boolean => {
  if (Exit.isSuccess(exit)) return true
  const failure = Cause.failureOption(exit.cause)
  return Cause.isFailType(exit.cause) && Option.isSome(failure) && WorkOSError.isWorkOSError(failure.value)
}

const runs = { numRuns: 150, seed: 42, endOnFailure: true }

describe("fuzzed responses are typed failures, never defects or hangs", () => {
  it("Users.get", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(replies, { minLength: 1, maxLength: 3 }), async (script) => {
        const exit = await outcome(Users.get("user_01"), script)
        return typed(exit)
      }),
      runs
    )
  }, 120_000)

  it("a Users.list stream", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(replies, { minLength: 1, maxLength: 6 }), async (script) => {
        const exit = await outcome(Stream.runCount(Stream.take(Users.list({ limit: 10 }), 50)), script)
        return typed(exit)
      }),
      runs
    )
  }, 120_000)

  it("the password grant", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(replies, { minLength: 1, maxLength: 2 }), async (script) => {
        const exit = await outcome(Authentication.withPassword({ email: "ann@example.com", password: "pw" }), script)
        return typed(exit)
      }),
      runs
    )
  }, 120_000)
})

const base64url = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value) ?? "null").toString("base64url")

const jwks: fc.Arbitrary<string> = fc.oneof(
  // An RSA key for the token's kid with an arbitrary (mostly unusable) modulus.
  fc.base64String({ minLength: 4, maxLength: 400 }).map((n) =>
    JSON.stringify({ keys: [{ kty: "RSA", kid: "k1", alg: "RS256", use: "sig", e: "AQAB", n: n.replace(/=+$/, "") }] })
  ),
  fc.json(),
  fc.string(),
  fc.array(
    fc.record({
      kty: fc.oneof(fc.constantFrom("RSA", "EC", "oct", "OKP"), fc.anything()),
      kid: fc.constantFrom("k1", "k2"),
      alg: fc.oneof(fc.constantFrom("RS256", "RS512", "ES256", "none"), fc.anything()),
      n: fc.oneof(fc.base64String().map((s) => s.replace(/=+$/, "")), fc.anything()),
      e: fc.oneof(fc.constant("AQAB"), fc.anything()),
      use: fc.constantFrom("sig", "enc")
    }, { requiredKeys: ["kty"] }),
    { maxLength: 3 }
  ).map((keys) => JSON.stringify({ keys }))
)

const tokens: fc.Arbitrary<string> = fc.oneof(
  // Well-formed RS256 tokens for kid k1 with arbitrary signatures.
  fc.tuple(fc.integer(), fc.base64String({ minLength: 4 })).map(([exp, signature]) =>
    `${base64url({ alg: "RS256", kid: "k1", typ: "JWT" })}.${base64url({ sub: "user_1", sid: "s", exp, iat: 0 })}.${
      signature.replace(/=+$/, "")
    }`
  ),
  fc.string(),
  fc.tuple(
    fc.oneof(
      fc.record({ alg: fc.constantFrom("RS256", "none", "HS256", "RS512"), kid: fc.constantFrom("k1", "k2") }),
      fc.anything()
    ),
    fc.oneof(
      fc.record({ sub: fc.string(), sid: fc.string(), exp: fc.integer(), iat: fc.integer(), aud: fc.anything() }),
      fc.anything()
    ),
    fc.base64String()
  ).map(([header, payload, signature]) => `${base64url(header)}.${base64url(payload)}.${signature.replace(/=+$/, "")}`)
)

describe("fuzzed JWKS documents and tokens", () => {
  it("AccessToken.verify is a success or AccessTokenExpired / AccessTokenInvalid / JwksUnavailable", async () => {
    await fc.assert(
      fc.asyncProperty(jwks, fc.array(tokens, { minLength: 1, maxLength: 3 }), async (document, candidates) => {
        const exit = await outcome(
          Effect.gen(function*() {
            const verifier = yield* AccessToken.make()
            for (const token of candidates) yield* Effect.either(verifier.verify(token))
            return yield* verifier.verify(candidates[0]!)
          }),
          [{ status: 200, headers: { "content-type": "application/json" }, body: document }]
        )
        if (Exit.isSuccess(exit)) return true
        const failure = Cause.failureOption(exit.cause)
        return Cause.isFailType(exit.cause) && Option.isSome(failure) &&
          ["AccessTokenExpired", "AccessTokenInvalid", "JwksUnavailable"].includes(
            (failure.value as { _tag: string })._tag
          )
      }),
      runs
    )
  }, 120_000)

  it("the property can fail: a defect is caught", async () => {
    const exit = await outcome(Effect.die("boom"), [])
    assert.isFalse(typed(exit))
  })
})
