/**
 * CorsOrigins, RedirectUris, JwtTemplate and RadarChallenges, against the emulator.
 */
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { Emulator } from "effect-workos-emulator"
import { Authentication, CorsOrigins, JwtTemplate, RadarChallenges, RedirectUris } from "../src/index.js"
import { emulated } from "./utils/emulated.js"

const TestWorkOS = emulated({
  users: [
    { email: "radar@example.com", password: "correct horse battery", radar: "email" },
    { email: "sms@example.com", password: "correct horse battery", radar: "sms" }
  ]
})

describe("environment configuration", () => {
  it.effect("CORS origins: create, list; duplicates conflict; invalid origins are unprocessable", () =>
    Effect.gen(function*() {
      const origin = yield* CorsOrigins.create("https://app.example.com")
      assert.strictEqual(origin.origin, "https://app.example.com")
      assert.strictEqual(yield* Stream.runCount(CorsOrigins.list()), 1)
      assert.strictEqual((yield* Effect.flip(CorsOrigins.create("https://app.example.com")))._tag, "WorkOSConflict")
      const invalid = yield* Effect.flip(CorsOrigins.create("nope"))
      assert.strictEqual(invalid._tag, "WorkOSUnprocessable")
      if (invalid._tag === "WorkOSUnprocessable") assert.strictEqual(invalid.errors[0]!.property, "origin")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("redirect URIs: the first is the default and cannot be deleted while others exist", () =>
    Effect.gen(function*() {
      const first = yield* RedirectUris.create("https://app.example.com/cb")
      const second = yield* RedirectUris.create("https://app.example.com/cb2")
      assert.isTrue(first.default)
      assert.isFalse(second.default)
      assert.strictEqual((yield* Effect.flip(RedirectUris.delete(first.id)))._tag, "WorkOSConflict")
      yield* RedirectUris.delete(second.id)
      assert.deepStrictEqual((yield* RedirectUris.listPage()).data.map((r) => r.id), [first.id])
      const third = yield* RedirectUris.create("https://app.example.com/cb3")
      const all = yield* Stream.runCollect(RedirectUris.list({ limit: 1, order: "asc" }))
      assert.deepStrictEqual(Chunk.toArray(all).map((r) => r.uri), ["https://app.example.com/cb", third.uri])
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("JWT template: update then get", () =>
    Effect.gen(function*() {
      const content = "{\"tier\": \"{{ user.metadata.tier }}\"}"
      assert.strictEqual((yield* JwtTemplate.update(content)).content, content)
      assert.strictEqual((yield* JwtTemplate.get).content, content)
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("RadarChallenges", () => {
  it.effect("get an email challenge; send an SMS challenge and complete it", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const email = yield* Effect.flip(
        Authentication.withPassword({ email: "radar@example.com", password: "correct horse battery" })
      )
      if (email._tag !== "RadarChallengeRequired") return assert.fail(email._tag)
      const challenge = yield* RadarChallenges.get(email.radarChallengeId!)
      assert.strictEqual(challenge.email, "radar@example.com")
      assert.isTrue(Redacted.isRedacted(challenge.code))

      const sms = yield* Effect.flip(
        Authentication.withPassword({ email: "sms@example.com", password: "correct horse battery" })
      )
      if (sms._tag !== "RadarChallengeRequired") return assert.fail(sms._tag)
      const sent = yield* RadarChallenges.sendSms({
        userId: sms.user!.id,
        pendingAuthenticationToken: sms.pendingAuthenticationToken,
        phoneNumber: "+15555550100",
        ipAddress: "203.0.113.9",
        userAgent: "Browser/1.0"
      })
      assert.strictEqual(sent.phoneNumber, "+15555550100")
      assert.deepInclude(JSON.parse(emulator.requests.at(-1)!.body), {
        user_id: sms.user!.id,
        phone_number: "+15555550100",
        ip_address: "203.0.113.9",
        user_agent: "Browser/1.0"
      })
      const done = yield* Authentication.withRadarSmsChallenge({
        code: emulator.lastMessage({ kind: "radar", to: "+15555550100" })!.code!,
        pendingAuthenticationToken: sms.pendingAuthenticationToken,
        verificationId: sent.verificationId,
        phoneNumber: sent.phoneNumber
      })
      assert.strictEqual(done.user.email, "sms@example.com")
    }).pipe(Effect.provide(TestWorkOS)))
})
