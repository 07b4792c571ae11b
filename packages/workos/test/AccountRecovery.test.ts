/**
 * PasswordReset, EmailVerification, EmailChange and MagicAuth, against the emulator.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Emulator } from "effect-workos-emulator"
import { Authentication, EmailChange, EmailVerification, MagicAuth, PasswordReset, Users } from "../src/index.js"
import { emulated } from "./utils/emulated.js"

const TestWorkOS = emulated({ users: [{ email: "ann@example.com", password: "old password!" }] })

describe("PasswordReset", () => {
  it.effect("create (emailed), get, reset; the token is single use; the new password works", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const reset = yield* PasswordReset.create({ email: "ann@example.com" })
      assert.strictEqual(
        Redacted.value(reset.passwordResetToken),
        emulator.lastMessage({ kind: "password_reset" })!.token
      )
      assert.strictEqual((yield* PasswordReset.get(reset.id)).email, "ann@example.com")
      const user = yield* PasswordReset.reset({
        token: reset.passwordResetToken,
        newPassword: Redacted.make("new password!")
      })
      assert.strictEqual(user.email, "ann@example.com")
      const again = yield* Effect.flip(
        PasswordReset.reset({ token: reset.passwordResetToken, newPassword: Redacted.make("third password") })
      )
      assert.strictEqual(again.code, "password_reset_error")
      const signIn = yield* Authentication.withPassword({ email: "ann@example.com", password: "new password!" })
      assert.strictEqual(signIn.user.id, user.id)
      assert.strictEqual(
        (yield* Effect.flip(PasswordReset.create({ email: "nobody@example.com" })))._tag,
        "WorkOSNotFound"
      )
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("EmailVerification", () => {
  it.effect("send, get the verification, verify; a second send is email_already_verified", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const user = yield* Users.create({ email: "new@example.com" })
      yield* EmailVerification.send(user.id)
      const message = emulator.lastMessage({ kind: "email_verification", to: "new@example.com" })!
      const code = message.code!
      const verification = yield* EmailVerification.get(message.id!)
      assert.strictEqual(Redacted.value(verification.code), code)
      const wrong = yield* Effect.flip(EmailVerification.verify(user.id, code === "913372" ? "913373" : "913372"))
      assert.strictEqual(wrong.code, "email_verification_code_incorrect")
      const verified = yield* EmailVerification.verify(user.id, code)
      assert.isTrue(verified.emailVerified)
      assert.strictEqual((yield* Effect.flip(EmailVerification.send(user.id))).code, "email_already_verified")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("EmailChange", () => {
  it.effect("send to the new address, confirm; a taken address is a conflict", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const user = yield* Users.create({ email: "mover@example.com" })
      const taken = yield* Effect.flip(EmailChange.send(user.id, "ann@example.com"))
      assert.strictEqual(taken._tag, "WorkOSConflict")
      assert.strictEqual(taken.code, "email_not_available")
      const change = yield* EmailChange.send(user.id, "moved@example.com")
      assert.strictEqual(change.newEmail, "moved@example.com")
      const confirmed = yield* EmailChange.confirm(user.id, emulator.lastMessage({ kind: "email_change" })!.code!)
      assert.strictEqual(confirmed.email, "moved@example.com")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("MagicAuth", () => {
  it.effect("create returns a Redacted code that signs in; get reads it back", () =>
    Effect.gen(function*() {
      const sent = yield* MagicAuth.create({ email: "ann@example.com" })
      assert.isTrue(Redacted.isRedacted(sent.code))
      assert.notInclude(JSON.stringify(sent), Redacted.value(sent.code))
      assert.strictEqual((yield* MagicAuth.get(sent.id)).userId, sent.userId)
      const res = yield* Authentication.withMagicAuth({ email: "ann@example.com", code: sent.code })
      assert.strictEqual(res.user.id, sent.userId)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("create sends each option under the spec's name", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* MagicAuth.create({
        email: "ann@example.com",
        invitationToken: Redacted.make("inv_token"),
        ipAddress: "203.0.113.9",
        userAgent: "Browser/1.0",
        signalsId: "signals_1",
        radarAuthAttemptId: "radar_1"
      }).pipe(Effect.exit)
      assert.deepStrictEqual(JSON.parse(emulator.requests.at(-1)!.body), {
        email: "ann@example.com",
        invitation_token: "inv_token",
        ip_address: "203.0.113.9",
        user_agent: "Browser/1.0",
        signals_id: "signals_1",
        radar_auth_attempt_id: "radar_1"
      })
    }).pipe(Effect.provide(TestWorkOS)))
})
