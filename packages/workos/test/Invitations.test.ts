import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Stream, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import { Invitations, OrganizationMemberships } from "../src/index.js"
import { emulated } from "./utils/emulated.js"

const TestWorkOS = emulated({
  organizations: [{ id: "org_acme", name: "Acme" }],
  users: [{ email: "ann@example.com" }]
})

describe("Invitations", () => {
  it.effect("send, find by token, accept (joins the organization), list", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const invitation = yield* Invitations.send({
        email: "ann@example.com",
        organizationId: "org_acme",
        roleSlug: "admin"
      })
      assert.strictEqual(invitation.state, "pending")
      assert.isTrue(Redacted.isRedacted(invitation.token))
      assert.strictEqual(Redacted.value(invitation.token), emulator.lastMessage({ kind: "invitation" })!.token)
      assert.strictEqual((yield* Invitations.findByToken(invitation.token)).id, invitation.id)
      assert.strictEqual((yield* Invitations.get(invitation.id)).email, "ann@example.com")
      assert.strictEqual((yield* Invitations.accept(invitation.id)).state, "accepted")
      const ann = emulator.userId("ann@example.com")!
      const memberships = yield* OrganizationMemberships.listPage({ userId: ann })
      assert.strictEqual(memberships.data[0]!.role.slug, "admin")
      assert.strictEqual(yield* Stream.runCount(Invitations.list({ organizationId: "org_acme" })), 1)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("locale is one of the spec's locales, and open to ones WorkOS adds later", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      assert.include(Invitations.Locale.ast.toString(), `"pt-BR"`)
      const invitation = yield* Invitations.send({ email: "lia@example.com", locale: "pt-BR" })
      yield* Invitations.resend(invitation.id, { locale: "xx-NEW" })
      const bodies = emulator.requests.filter((r) => r.method === "POST").map((r) => JSON.parse(r.body).locale)
      assert.deepStrictEqual(bodies, ["pt-BR", "xx-NEW"])
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("expiresInDays outside 1–30 is rejected before sending; the API's rules come back typed", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      for (const expiresInDays of [0, 31, 2.5]) {
        const error = yield* Effect.flip(Invitations.send({ email: "x@example.com", expiresInDays }))
        assert.strictEqual(error._tag === "WorkOSInvalidRequest" && error.field, "expiresInDays")
        assert.include(
          error.message,
          expiresInDays === 2.5 ? "Expected an integer" : "expiresInDays must be an integer from 1 to 30",
          String(expiresInDays)
        )
      }
      assert.strictEqual(emulator.requests.length, 0)
      const invitation = yield* Invitations.send({ email: "new@example.com", expiresInDays: 1 })
      const again = yield* Effect.flip(Invitations.send({ email: "new@example.com" }))
      assert.strictEqual(again.code, "email_already_invited")
      yield* Invitations.resend(invitation.id)
      yield* TestClock.adjust("25 hours")
      const expired = yield* Effect.flip(Invitations.resend(invitation.id))
      assert.strictEqual(expired._tag, "WorkOSBadRequest")
      assert.strictEqual(expired.code, "invite_expired")
      const other = yield* Invitations.send({ email: "other@example.com" })
      assert.strictEqual((yield* Invitations.revoke(other.id)).state, "revoked")
      assert.strictEqual((yield* Effect.flip(Invitations.revoke(other.id))).code, "invite_not_pending")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a token never reaches an error: its path segment is shown as {token}", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Invitations.findByToken("secret-invitation-token"))
      assert.strictEqual(error._tag, "WorkOSNotFound")
      assert.strictEqual(error.path, "/user_management/invitations/by_token/{token}")
      assert.notInclude(JSON.stringify(error) + String(error), "secret-invitation-token")
    }).pipe(Effect.provide(TestWorkOS)))
})
