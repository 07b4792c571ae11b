/**
 * Verifying access tokens issued by the emulator: valid, expired, tampered, wrong issuer,
 * `alg: none`, key rotation, JWKS outage, single flight.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Clock, Effect, Layer, Option, Redacted, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import * as jose from "jose"
import { AccessToken, Authentication } from "../src/index.js"
import type { JwksUnavailable } from "../src/WorkOSError.js"
import { emulated } from "./utils/emulated.js"
import { recordingTracer } from "./utils/tracer.js"

const password = "correct horse battery"
const seeded = emulated({
  organizations: [{ id: "org_acme", name: "Acme" }],
  users: [{ email: "ann@example.com", password, memberships: [{ organization: "org_acme", role: "admin" }] }]
})
const withVerifier = (options: AccessToken.Options = {}) => Layer.provideMerge(AccessToken.layer(options), seeded)

const signIn = Effect.map(
  Authentication.withPassword({ email: "ann@example.com", password }),
  (res) => res.accessToken
)
const jwksRequests = Effect.map(Emulator.Emulator, (e) => e.count("GET", "/sso/jwks/{clientId}"))

describe("AccessToken.verify", () => {
  it.effect("a fresh token verifies, with WorkOS's claims camelCased and the raw payload", () =>
    Effect.gen(function*() {
      const token = yield* signIn
      const claims = yield* AccessToken.verify(token)
      assert.match(claims.sub, /^user_/)
      assert.match(claims.sid, /^session_/)
      assert.strictEqual(claims.orgId, "org_acme")
      assert.strictEqual(claims.role, "admin")
      assert.deepStrictEqual(claims.roles, ["admin"])
      assert.strictEqual(claims.payload.org_id, "org_acme")
      yield* AccessToken.verify(Redacted.value(token))
      assert.strictEqual(yield* jwksRequests, 1, "no JWKS request after warm-up")
    }).pipe(Effect.provide(withVerifier())))

  it.effect("a verification is a span; the JWKS fetch inside it is a GET span of its own", () => {
    const tracing = recordingTracer()
    return Effect.gen(function*() {
      const token = yield* signIn
      const before = tracing.spans.length
      yield* AccessToken.verify(token)
      const spans = tracing.spans.slice(before)
      assert.deepStrictEqual(spans.map((s) => s.name), ["WorkOS.AccessToken.verify", "WorkOS.AccessToken.jwks"])
      const jwks = spans[1]!
      assert.strictEqual(jwks.attributes.get("http.request.method"), "GET")
      assert.strictEqual(jwks.attributes.get("url.template"), "/sso/jwks/{clientId}")
      assert.strictEqual(jwks.attributes.get("http.response.status_code"), 200)
      // Warm: one span, no fetch.
      yield* AccessToken.verify(token)
      assert.deepStrictEqual(tracing.spans.slice(before + 2).map((s) => s.name), ["WorkOS.AccessToken.verify"])
      assert.isTrue(tracing.spans.slice(before).every((s) => s.exit?._tag === "Success"))
    }).pipe(Effect.provide(Layer.merge(withVerifier(), tracing.layer)))
  })

  it.effect("under Effect's built-in tracer a failed verification carries its span, under the caller's", () =>
    Effect.gen(function*() {
      const token = yield* signIn
      yield* AccessToken.verify(token)
      yield* TestClock.adjust("301 seconds")
      const exit = yield* Effect.exit(AccessToken.verify(token).pipe(Effect.withSpan("handler")))
      if (exit._tag === "Success") return assert.fail("an expired token should fail")
      const [pretty] = Cause.prettyErrors(exit.cause)
      assert.strictEqual(pretty?.span?.name, "WorkOS.AccessToken.verify")
      const rendered = Cause.pretty(exit.cause)
      assert.isAbove(rendered.indexOf("at handler"), rendered.indexOf("at WorkOS.AccessToken.verify"))
      assert.include(rendered, "AccessTokenExpired")
    }).pipe(Effect.provide(withVerifier())))

  it.effect("expires on the TestClock; a tolerance extends it", () =>
    Effect.gen(function*() {
      const token = yield* signIn
      yield* TestClock.adjust("301 seconds")
      const error = yield* Effect.flip(AccessToken.verify(token))
      assert.strictEqual(error._tag, "AccessTokenExpired")
      if (error._tag === "AccessTokenExpired") assert.strictEqual(error.expiredAt, 300)
    }).pipe(Effect.provide(withVerifier())))

  it.effect("clockTolerance accepts a token just past exp", () =>
    Effect.gen(function*() {
      const token = yield* signIn
      yield* TestClock.adjust("310 seconds")
      yield* AccessToken.verify(token)
    }).pipe(Effect.provide(withVerifier({ clockTolerance: "30 seconds" }))))

  it.effect("a tampered token is AccessTokenInvalid(signature); garbage is malformed", () =>
    Effect.gen(function*() {
      const [header, payload, signature] = Redacted.value(yield* signIn).split(".")
      const claims = JSON.parse(Buffer.from(payload!, "base64url").toString())
      const forged = Buffer.from(JSON.stringify({ ...claims, role: "owner" })).toString("base64url")
      const tampered = yield* Effect.flip(AccessToken.verify(`${header}.${forged}.${signature}`))
      assert.strictEqual(tampered._tag === "AccessTokenInvalid" && tampered.reason, "signature")
      const garbage = yield* Effect.flip(AccessToken.verify("not.a.jwt"))
      assert.strictEqual(garbage._tag === "AccessTokenInvalid" && garbage.reason, "malformed")
      // From a caller without types: a malformed token still, not a key set found unusable.
      const notText = yield* Effect.flip(AccessToken.verify(42 as unknown as string))
      assert.strictEqual(notText._tag === "AccessTokenInvalid" && notText.reason, "malformed")
    }).pipe(Effect.provide(withVerifier())))

  it.effect("alg: none is rejected", () =>
    Effect.gen(function*() {
      const [, payload] = Redacted.value(yield* signIn).split(".")
      const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`
      const error = yield* Effect.flip(AccessToken.verify(none))
      assert.strictEqual(error._tag, "AccessTokenInvalid")
      assert.strictEqual(error._tag === "AccessTokenInvalid" && error.reason, "algorithm")
    }).pipe(Effect.provide(withVerifier())))

  it.effect("a wrong issuer is AccessTokenInvalid(issuer); the right one passes", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(AccessToken.verify(yield* signIn))
      assert.strictEqual(error._tag === "AccessTokenInvalid" && error.reason, "issuer")
    }).pipe(Effect.provide(withVerifier({ issuer: "https://issuer.example.com" }))))

  it.effect("accepts the configured issuer", () =>
    Effect.gen(function*() {
      yield* AccessToken.verify(yield* signIn)
    }).pipe(Effect.provide(withVerifier({ issuer: "https://api.workos.com/user_management/client_emulator" }))))

  it.effect("an unknown kid after key rotation refetches the JWKS once, then verifies", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* AccessToken.verify(yield* signIn)
      assert.strictEqual(yield* jwksRequests, 1)
      emulator.rotateSigningKey()
      yield* TestClock.adjust("31 seconds")
      const rotated = yield* signIn
      yield* AccessToken.verify(rotated)
      assert.strictEqual(yield* jwksRequests, 2)
      yield* AccessToken.verify(rotated)
      assert.strictEqual(yield* jwksRequests, 2)
    }).pipe(Effect.provide(withVerifier())))

  it.effect("the refetch for unknown keys is rate limited", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* AccessToken.verify(yield* signIn)
      emulator.rotateSigningKey()
      const rotated = yield* signIn
      // Within the cooldown a token with an unknown kid does not trigger a fetch.
      const error = yield* Effect.flip(AccessToken.verify(rotated))
      assert.strictEqual(error._tag === "AccessTokenInvalid" && error.reason, "unknown_key")
      assert.strictEqual(yield* jwksRequests, 1)
    }).pipe(Effect.provide(withVerifier())))

  it.effect("a JWKS outage is JwksUnavailable, not an invalid token, and is not cached", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const token = yield* signIn
      emulator.failNext({ path: /^\/sso\/jwks\//, status: 503 })
      const error = yield* Effect.flip(AccessToken.verify(token))
      assert.strictEqual(error._tag, "JwksUnavailable")
      assert.strictEqual(error._tag === "JwksUnavailable" && error.cause, "WorkOSServerError")
      yield* AccessToken.verify(token)
    }).pipe(Effect.provide(withVerifier())))

  const kidOf = (token: Redacted.Redacted<string>) =>
    JSON.parse(Buffer.from(Redacted.value(token).split(".")[0]!, "base64url").toString()).kid as string
  const brokenJwks = (kid: string) => ({
    "a modulus far under 2048 bits": { keys: [{ kty: "RSA", kid, alg: "RS256", e: "AQAB", n: "AQAB" }] },
    "an RSA key without n": { keys: [{ kty: "RSA", kid, alg: "RS256", e: "AQAB" }] },
    "a key that is not an object": { keys: [7] },
    "two keys with the token's kid": {
      keys: [{ kty: "RSA", kid, alg: "RS256", e: "AQAB", n: "AQAB" }, {
        kty: "RSA",
        kid,
        alg: "RS256",
        e: "AQAB",
        n: "AQAB"
      }]
    }
  })

  it.effect("a JWKS with an unusable key is JwksUnavailable (never a defect), is not kept, and is fetched again after the cooldown", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      for (const [name, jwks] of Object.entries(brokenJwks(kidOf(yield* signIn)))) {
        const token = yield* signIn
        const before = yield* jwksRequests
        emulator.failNext({ path: /^\/sso\/jwks\//, status: 200, body: JSON.stringify(jwks) })
        const exit = yield* Effect.exit(AccessToken.verify(token))
        assert.strictEqual(exit._tag, "Failure", name)
        if (exit._tag !== "Failure") continue
        const error = Cause.failureOption(exit.cause)
        assert.isTrue(Option.isSome(error), `${name}: a typed failure, not a defect`)
        assert.strictEqual(Option.getOrThrow(error)._tag, "JwksUnavailable", name)
        assert.include(["JwksInvalid", "WorkOSDecodeError"], (Option.getOrThrow(error) as JwksUnavailable).cause, name)
        // Within the cooldown the broken set is not fetched again, and not used either.
        const again = yield* Effect.flip(AccessToken.verify(token))
        assert.strictEqual(again._tag, "JwksUnavailable", name)
        assert.strictEqual(yield* jwksRequests, before + 1, `${name}: one request`)
        // Once the endpoint is fixed, the next verification after the cooldown succeeds.
        yield* TestClock.adjust("31 seconds")
        const claims = yield* AccessToken.verify(token)
        assert.match(claims.sub, /^user_/, name)
        // The next case starts with the set expired, so it is fetched (and broken) again.
        yield* TestClock.adjust("2 hours")
      }
    }).pipe(Effect.provide(withVerifier({ jwksTtl: "1 hour" }))))

  it.effect("a JWKS response that is not a key set is not asked for again within the cooldown", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const token = yield* signIn
      const before = yield* jwksRequests
      emulator.failNext({ path: /^\/sso\/jwks\//, status: 200, body: JSON.stringify({ keys: "none" }) })
      const first = yield* Effect.flip(AccessToken.verify(token))
      assert.strictEqual(first._tag === "JwksUnavailable" && first.cause, "WorkOSDecodeError")
      const again = yield* Effect.flip(AccessToken.verify(token))
      // The same remembered error; each verification attaches its own span to it.
      assert.strictEqual(Cause.originalError(again), Cause.originalError(first))
      assert.strictEqual(yield* jwksRequests, before + 1)
      yield* TestClock.adjust("31 seconds")
      assert.match((yield* AccessToken.verify(token)).sub, /^user_/)
      assert.strictEqual(yield* jwksRequests, before + 2)
    }).pipe(Effect.provide(withVerifier())))

  it.effect("a token naming another client (aud or client_id) is AccessTokenInvalid(audience) unless checkClient is off", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      // Tokens signed with a key of this test's own, served as the JWKS.
      const { privateKey, publicKey } = yield* Effect.promise(() => jose.generateKeyPair("RS256"))
      const jwk = { ...(yield* Effect.promise(() => jose.exportJWK(publicKey))), kid: "test-key", alg: "RS256" }
      emulator.failNext({ path: /^\/sso\/jwks\//, status: 200, body: JSON.stringify({ keys: [jwk] }), times: 2 })
      const now = Math.floor((yield* Clock.currentTimeMillis) / 1000)
      const token = (claims: Record<string, unknown>) =>
        Effect.promise(() =>
          new jose.SignJWT({ sid: "session_1", ...claims })
            .setProtectedHeader({ alg: "RS256", kid: "test-key" })
            .setIssuer("https://api.workos.com")
            .setSubject("user_1")
            .setIssuedAt(now)
            .setExpirationTime(now + 300)
            .sign(privateKey)
        )
      const own = emulator.clientId
      const reasons = (verify: (token: string) => Effect.Effect<unknown, { _tag: string; reason?: string }>) =>
        Effect.forEach(
          [{}, { aud: own }, { aud: ["client_other", own] }, { client_id: own }, { aud: "client_other" }, {
            client_id: "client_other"
          }, { aud: own, client_id: "client_other" }],
          (claims) =>
            Effect.flatMap(
              token(claims),
              (t) => verify(t).pipe(Effect.match({ onSuccess: () => "ok", onFailure: (e) => e.reason ?? e._tag }))
            )
        )
      const checked = yield* AccessToken.make()
      assert.deepStrictEqual(yield* reasons(checked.verify), [
        "ok",
        "ok",
        "ok",
        "ok",
        "audience",
        "audience",
        "audience"
      ])
      const unchecked = yield* AccessToken.make({ checkClient: false })
      assert.deepStrictEqual(yield* reasons(unchecked.verify), ["ok", "ok", "ok", "ok", "ok", "ok", "ok"])
    }).pipe(Effect.provide(seeded)))

  it.effect("an RS512 token is rejected even when its key names no alg; a malformed token is not echoed", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const { privateKey, publicKey } = yield* Effect.promise(() => jose.generateKeyPair("RS512"))
      const jwk = { ...(yield* Effect.promise(() => jose.exportJWK(publicKey))), kid: "k512" }
      assert.notProperty(jwk, "alg")
      emulator.failNext({ path: /^\/sso\/jwks\//, status: 200, body: JSON.stringify({ keys: [jwk] }) })
      const now = Math.floor((yield* Clock.currentTimeMillis) / 1000)
      const token = yield* Effect.promise(() =>
        new jose.SignJWT({ sid: "session_1" })
          .setProtectedHeader({ alg: "RS512", kid: "k512" })
          .setIssuer("https://api.workos.com")
          .setSubject("user_1")
          .setIssuedAt(now)
          .setExpirationTime(now + 300)
          .sign(privateKey)
      )
      const error = yield* Effect.flip(AccessToken.verify(token))
      assert.strictEqual(error._tag === "AccessTokenInvalid" && error.reason, "algorithm")
      const garbage = "not-a-jwt-but-a-secret-12345"
      const malformed = yield* Effect.flip(AccessToken.verify(garbage))
      assert.strictEqual(malformed._tag === "AccessTokenInvalid" && malformed.reason, "malformed")
      assert.notInclude(malformed.message, garbage)
      assert.notInclude(JSON.stringify(malformed), garbage)
    }).pipe(Effect.provide(withVerifier())))

  it.effect("a token with a critical header extension is malformed; a JWKS serving a private key is unusable", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const { privateKey, publicKey } = yield* Effect.promise(() =>
        jose.generateKeyPair("RS256", { extractable: true })
      )
      const publicJwk = { ...(yield* Effect.promise(() => jose.exportJWK(publicKey))), kid: "k1", alg: "RS256" }
      const privateJwk = { ...(yield* Effect.promise(() => jose.exportJWK(privateKey))), kid: "k1", alg: "RS256" }
      const now = Math.floor((yield* Clock.currentTimeMillis) / 1000)
      // Signed by hand: jose will not sign a header with an extension it does not know.
      const sign = (header: Record<string, unknown>) =>
        Effect.promise(async () => {
          const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
          const claims = { sid: "session_1", iss: "https://api.workos.com", sub: "user_1", iat: now, exp: now + 300 }
          const input = `${part(header)}.${part(claims)}`
          const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", privateKey, Buffer.from(input))
          return `${input}.${Buffer.from(signature).toString("base64url")}`
        })
      emulator.failNext({ path: /^\/sso\/jwks\//, status: 200, body: JSON.stringify({ keys: [publicJwk] }) })
      const critical = yield* Effect.flip(
        AccessToken.verify(yield* sign({ alg: "RS256", kid: "k1", crit: ["x"], x: 1 }))
      )
      assert.strictEqual(critical._tag === "AccessTokenInvalid" && critical.reason, "malformed")
      assert.strictEqual(critical.message, "The token requires a header extension that is not supported")
      // The same key without the extension verifies: it was the header, not the key.
      yield* AccessToken.verify(yield* sign({ alg: "RS256", kid: "k1" }))
      // A key set must hold public keys only; one that serves a private key is not used.
      yield* TestClock.adjust("2 hours")
      emulator.failNext({ path: /^\/sso\/jwks\//, status: 200, body: JSON.stringify({ keys: [privateJwk] }) })
      const unusable = yield* Effect.flip(AccessToken.verify(yield* sign({ alg: "RS256", kid: "k1" })))
      assert.strictEqual(unusable._tag === "JwksUnavailable" && unusable.cause, "JwksInvalid")
    }).pipe(Effect.provide(withVerifier({ jwksTtl: "1 hour" }))))

  it.effect("concurrent verifications share one JWKS fetch", () =>
    Effect.gen(function*() {
      const token = yield* signIn
      yield* Effect.all(Array.from({ length: 25 }, () => AccessToken.verify(token)), { concurrency: "unbounded" })
      assert.strictEqual(yield* jwksRequests, 1)
    }).pipe(Effect.provide(withVerifier())))

  it.effect("the JWKS is refetched after its TTL", () =>
    Effect.gen(function*() {
      const token = yield* signIn
      yield* AccessToken.verify(token)
      yield* TestClock.adjust("2 minutes")
      yield* AccessToken.verify(yield* signIn)
      assert.strictEqual(yield* jwksRequests, 2)
    }).pipe(Effect.provide(withVerifier({ jwksTtl: "1 minute" }))))

  describe("what each outcome says", () => {
    // Tokens signed with a key of the test's own, served as the emulator's JWKS.
    const ownKeys = Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const { privateKey, publicKey } = yield* Effect.promise(() => jose.generateKeyPair("RS256"))
      const jwk = { ...(yield* Effect.promise(() => jose.exportJWK(publicKey))), kid: "own", alg: "RS256" }
      emulator.failNext({ path: /^\/sso\/jwks\//, status: 200, body: JSON.stringify({ keys: [jwk] }), times: 5 })
      const now = Math.floor((yield* Clock.currentTimeMillis) / 1000)
      return (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
        Effect.promise(() =>
          new jose.SignJWT({ iss: "https://api.workos.com", sub: "user_1", sid: "session_1", ...claims })
            .setProtectedHeader({ alg: "RS256", kid: "own", ...header })
            .setIssuedAt(now)
            .setExpirationTime(now + 300)
            .sign(privateKey)
        )
    })
    const failure = (token: string) =>
      Effect.map(Effect.flip(AccessToken.verify(token)), (e) => ({
        _tag: e._tag,
        reason: e._tag === "AccessTokenInvalid" ? e.reason : undefined,
        message: e.message
      }))

    it.effect("every rejection has its reason and its own message", () =>
      Effect.gen(function*() {
        const sign = yield* ownKeys
        const now = Math.floor((yield* Clock.currentTimeMillis) / 1000)
        assert.deepStrictEqual(yield* failure(yield* sign({ sid: undefined })), {
          _tag: "AccessTokenInvalid",
          reason: "claims",
          message: "The token lacks WorkOS's claims"
        })
        assert.deepStrictEqual(yield* failure(yield* sign({ nbf: now + 3600 })), {
          _tag: "AccessTokenInvalid",
          reason: "claims",
          message: "The token's \"nbf\" claim is not valid"
        })
        assert.deepStrictEqual(yield* failure(yield* sign({ iss: "https://evil.example" })), {
          _tag: "AccessTokenInvalid",
          reason: "issuer",
          message: "The token was issued by an issuer that is not accepted"
        })
        assert.deepStrictEqual(yield* failure(yield* sign({ aud: "client_other" })), {
          _tag: "AccessTokenInvalid",
          reason: "audience",
          message: "The token was issued for another client"
        })
        const [header, payload] = (yield* sign({})).split(".")
        assert.deepStrictEqual(yield* failure(`${header}.${payload}.${"A".repeat(342)}`), {
          _tag: "AccessTokenInvalid",
          reason: "signature",
          message: "The token's signature is not valid"
        })
        assert.deepStrictEqual(yield* failure(yield* sign({}, { kid: "unknown" })), {
          _tag: "AccessTokenInvalid",
          reason: "unknown_key",
          message: "No key of the JWKS matches the token's kid"
        })
        const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: "own" })).toString("base64url")}.${payload}.`
        assert.deepStrictEqual(yield* failure(none), {
          _tag: "AccessTokenInvalid",
          reason: "algorithm",
          message: "The token is not signed with RS256"
        })
        assert.deepStrictEqual(yield* failure("a.b"), {
          _tag: "AccessTokenInvalid",
          reason: "malformed",
          message: "The token is not a well-formed JWT"
        })
      }).pipe(Effect.provide(withVerifier({ issuer: "https://api.workos.com" }))))

    it.effect("a header verified before shortens the key lookup only: signature, expiry and a new key set still count", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const pair = () => Effect.promise(() => jose.generateKeyPair("RS256"))
        const [first, second] = [yield* pair(), yield* pair()]
        // Two key sets in turn, each holding one key under the same kid.
        for (const { publicKey } of [first, second]) {
          const jwk = { ...(yield* Effect.promise(() => jose.exportJWK(publicKey))), kid: "own", alg: "RS256" }
          emulator.failNext({ path: /^\/sso\/jwks\//, status: 200, body: JSON.stringify({ keys: [jwk] }) })
        }
        const now = Math.floor((yield* Clock.currentTimeMillis) / 1000)
        const sign = (privateKey: CryptoKey, lifetime: number, claims: Record<string, unknown> = {}) =>
          Effect.promise(() =>
            new jose.SignJWT({ sub: "user_1", sid: "session_1", ...claims })
              .setProtectedHeader({ alg: "RS256", kid: "own" })
              .setIssuer("https://api.workos.com")
              .setIssuedAt(now)
              .setExpirationTime(now + lifetime)
              .sign(privateKey)
          )
        const token = yield* sign(first.privateKey, 3600)
        const brief = yield* sign(first.privateKey, 60)
        const otherKey = yield* sign(second.privateKey, 3600)
        const [header, payload, signature] = token.split(".")
        // All four share the header segment of the tokens verified first.
        for (const t of [brief, otherKey]) assert.strictEqual(t.split(".")[0], header)
        assert.strictEqual((yield* AccessToken.verify(token)).sub, "user_1")
        assert.strictEqual((yield* AccessToken.verify(brief)).sub, "user_1")
        const forged = Buffer.from(
          JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "user_2" })
        )
          .toString("base64url")
        for (const t of [`${header}.${forged}.${signature}`, otherKey]) {
          const error = yield* Effect.flip(AccessToken.verify(t))
          assert.strictEqual(error._tag === "AccessTokenInvalid" && error.reason, "signature")
        }
        yield* TestClock.adjust("61 seconds")
        const expired = yield* Effect.flip(AccessToken.verify(brief))
        assert.strictEqual(expired._tag === "AccessTokenExpired" && expired.expiredAt, now + 60)
        assert.strictEqual((yield* AccessToken.verify(token)).sub, "user_1")
        assert.strictEqual(yield* jwksRequests, 1)
        // Past the set's TTL the second set replaces it: the same header now means its key.
        yield* TestClock.adjust("5 minutes")
        const replaced = yield* Effect.flip(AccessToken.verify(token))
        assert.strictEqual(replaced._tag === "AccessTokenInvalid" && replaced.reason, "signature")
        assert.strictEqual((yield* AccessToken.verify(otherKey)).sub, "user_1")
        assert.strictEqual(yield* jwksRequests, 2)
      }).pipe(Effect.provide(withVerifier())))

    it.effect("an expired token says when it expired; a JWKS outage says why it could not be fetched", () =>
      Effect.gen(function*() {
        const sign = yield* ownKeys
        const token = yield* sign({})
        yield* AccessToken.verify(token)
        yield* TestClock.adjust("301 seconds")
        const expired = yield* Effect.flip(AccessToken.verify(token))
        assert.deepStrictEqual(
          { _tag: expired._tag, message: expired.message },
          { _tag: "AccessTokenExpired", message: "The access token has expired" }
        )
        assert.strictEqual(expired._tag === "AccessTokenExpired" && expired.expiredAt, 300)
      }).pipe(Effect.provide(withVerifier())))

    it.effect("a JWKS outage and an unusable key each say what happened", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const token = yield* signIn
        emulator.failNext({ path: /^\/sso\/jwks\//, status: 503, body: { message: "Down for maintenance" } })
        const outage = yield* Effect.flip(AccessToken.verify(token))
        assert.deepStrictEqual(
          { _tag: outage._tag, message: outage.message, cause: outage._tag === "JwksUnavailable" && outage.cause },
          {
            _tag: "JwksUnavailable",
            message: "Could not fetch the JWKS: Down for maintenance",
            cause: "WorkOSServerError"
          }
        )
        const kid = kidOf(token)
        emulator.failNext({
          path: /^\/sso\/jwks\//,
          status: 200,
          body: { keys: [{ kty: "RSA", kid, alg: "RS256", e: "AQAB", n: "AQAB" }] }
        })
        const broken = yield* Effect.flip(AccessToken.verify(token))
        assert.deepStrictEqual(
          { _tag: broken._tag, message: broken.message, cause: broken._tag === "JwksUnavailable" && broken.cause },
          {
            _tag: "JwksUnavailable",
            message: "The JWKS holds a key that cannot be used to verify RS256 tokens",
            cause: "JwksInvalid"
          }
        )
      }).pipe(Effect.provide(withVerifier())))

    it.effect("feature flags and the impersonator come camelCased from their claims", () =>
      Effect.gen(function*() {
        const sign = yield* ownKeys
        const claims = yield* AccessToken.verify(
          yield* sign({ feature_flags: ["beta"], act: { sub: "admin_1" }, permissions: ["read"] })
        )
        assert.deepStrictEqual(claims.featureFlags, ["beta"])
        assert.deepStrictEqual(claims.act, { sub: "admin_1" })
        assert.deepStrictEqual(claims.permissions, ["read"])
        // A malformed impersonation claim is not WorkOS's shape.
        const error = yield* failure(yield* sign({ act: "admin_1" }))
        assert.strictEqual(error.reason, "claims")
      }).pipe(Effect.provide(withVerifier())))

    it.effect("the key set is used until exactly its TTL, then fetched again", () =>
      Effect.gen(function*() {
        const token = yield* signIn
        yield* AccessToken.verify(token)
        yield* TestClock.adjust("59999 millis")
        yield* AccessToken.verify(token)
        assert.strictEqual(yield* jwksRequests, 1)
        yield* TestClock.adjust("1 millis")
        yield* AccessToken.verify(token)
        assert.strictEqual(yield* jwksRequests, 2)
      }).pipe(Effect.provide(withVerifier({ jwksTtl: "1 minute" }))))

    it.effect("an unknown kid refetches once per verification, even with no cooldown", () =>
      Effect.gen(function*() {
        const token = yield* signIn
        yield* AccessToken.verify(token)
        const sign = yield* ownKeys
        const unknown = yield* sign({}, { kid: "not-in-the-jwks" })
        assert.strictEqual((yield* failure(unknown)).reason, "unknown_key")
        assert.strictEqual(yield* jwksRequests, 2, "one refetch, not a loop")
      }).pipe(Effect.provide(withVerifier({ refetchCooldown: 0 }))))

    it.effect("an unknown kid refetches exactly when the cooldown has passed, not a millisecond before", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        // Well after the epoch: the cooldown is measured from the last fetch, not from 0.
        yield* TestClock.adjust("1 hour")
        yield* AccessToken.verify(yield* signIn)
        emulator.rotateSigningKey()
        const rotated = yield* signIn
        yield* TestClock.adjust("29999 millis")
        assert.strictEqual((yield* failure(Redacted.value(rotated))).reason, "unknown_key")
        assert.strictEqual(yield* jwksRequests, 1)
        yield* TestClock.adjust("1 millis")
        yield* AccessToken.verify(rotated)
        assert.strictEqual(yield* jwksRequests, 2)
      }).pipe(Effect.provide(withVerifier({ refetchCooldown: "30 seconds" }))))

    it.effect("a JWKS answer that is not a key set is remembered for the cooldown; an outage is not", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const token = yield* signIn
        emulator.failNext({ path: /^\/sso\/jwks\//, status: 200, body: { keys: "not a list" } })
        const first = yield* Effect.flip(AccessToken.verify(token))
        assert.strictEqual(first._tag, "JwksUnavailable")
        assert.strictEqual((first as JwksUnavailable).cause, "WorkOSDecodeError")
        yield* TestClock.adjust("10 seconds")
        assert.strictEqual((yield* Effect.flip(AccessToken.verify(token)))._tag, "JwksUnavailable")
        assert.strictEqual(yield* jwksRequests, 1, "no request within the cooldown")
        yield* TestClock.adjust("20 seconds")
        yield* AccessToken.verify(token)
        assert.strictEqual(yield* jwksRequests, 2)
        // An outage is not remembered: the next verification asks again at once.
        yield* TestClock.adjust("10 minutes")
        const fresh = yield* signIn
        emulator.failNext({ path: /^\/sso\/jwks\//, status: 503 })
        assert.strictEqual((yield* Effect.flip(AccessToken.verify(fresh)))._tag, "JwksUnavailable")
        yield* AccessToken.verify(fresh)
        assert.strictEqual(yield* jwksRequests, 4)
      }).pipe(Effect.provide(withVerifier({ refetchCooldown: "30 seconds" }))))

    it.effect("an unusable key set is not fetched again until exactly the cooldown has passed", () =>
      Effect.gen(function*() {
        const emulator = yield* Emulator.Emulator
        const token = yield* signIn
        emulator.failNext({
          path: /^\/sso\/jwks\//,
          status: 200,
          body: { keys: [{ kty: "RSA", kid: kidOf(token), alg: "RS256", e: "AQAB", n: "AQAB" }] }
        })
        yield* Effect.flip(AccessToken.verify(token))
        yield* TestClock.adjust("29999 millis")
        assert.strictEqual((yield* Effect.flip(AccessToken.verify(token)))._tag, "JwksUnavailable")
        assert.strictEqual(yield* jwksRequests, 1)
        yield* TestClock.adjust("1 millis")
        yield* AccessToken.verify(token)
        assert.strictEqual(yield* jwksRequests, 2)
      }).pipe(Effect.provide(withVerifier({ refetchCooldown: "30 seconds" }))))

    it.effect("a list of accepted issuers accepts each of them", () =>
      Effect.gen(function*() {
        const sign = yield* ownKeys
        yield* AccessToken.verify(yield* sign({ iss: "https://auth.example.com" }))
        yield* AccessToken.verify(yield* sign({ iss: "https://api.workos.com" }))
        assert.strictEqual((yield* failure(yield* sign({ iss: "https://other.example" }))).reason, "issuer")
      }).pipe(Effect.provide(withVerifier({ issuer: ["https://api.workos.com", "https://auth.example.com"] }))))
  })
})
