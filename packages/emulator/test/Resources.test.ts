/**
 * Memberships, invitations, one-time codes, factors, sessions, and the per-user and
 * environment resources, through raw calls (validated against the spec).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { Emulator } from "../src/index.js"
import { api, layer } from "./utils/api.js"

const TestWorkOS = layer({
  organizations: [{ id: "org_acme", name: "Acme" }, { id: "org_globex", name: "Globex" }],
  users: [
    { email: "ann@example.com", password: "correct horse battery", memberships: [{ organization: "org_acme" }] },
    { email: "bob@example.com", password: "correct horse battery" }
  ]
})

const userId = (email: string) =>
  Effect.map(Emulator.Emulator, (e) => [...e.world.users.values()].find((u) => u.email === email)!.id)

describe("organization memberships", () => {
  it.effect("create, roles, list filters and statuses, deactivate, reactivate, delete", () =>
    Effect.gen(function*() {
      const bob = yield* userId("bob@example.com")
      const both = yield* api("POST", "/user_management/organization_memberships", {
        body: { user_id: bob, organization_id: "org_acme", role_slug: "admin", role_slugs: ["admin"] }
      })
      assert.strictEqual(both.status, 422)
      const multi = yield* api("POST", "/user_management/organization_memberships", {
        body: { user_id: bob, organization_id: "org_acme", role_slugs: ["admin", "member"] }
      })
      assert.strictEqual(multi.body.code, "multiple_roles_not_enabled")
      const badRole = yield* api("POST", "/user_management/organization_memberships", {
        body: { user_id: bob, organization_id: "org_acme", role_slug: "owner" }
      })
      assert.strictEqual(badRole.body.code, "invalid_role")
      const created = yield* api("POST", "/user_management/organization_memberships", {
        body: { user_id: bob, organization_id: "org_acme", role_slug: "admin" }
      })
      assert.strictEqual(created.status, 201)
      assert.deepStrictEqual(created.body.role, { slug: "admin" })
      assert.strictEqual(created.body.user.email, "bob@example.com")
      assert.strictEqual(created.body.organization_name, "Acme")

      const missing = yield* api("GET", "/user_management/organization_memberships")
      assert.strictEqual(missing.body.code, "missing_user_id_or_organization_id")
      const list = yield* api("GET", "/user_management/organization_memberships", {
        query: { organization_id: "org_acme" }
      })
      assert.strictEqual(list.body.data.length, 2)

      const id = created.body.id
      assert.strictEqual(
        (yield* api("PUT", `/user_management/organization_memberships/${id}/deactivate`)).body.status,
        "inactive"
      )
      const active = yield* api("GET", "/user_management/organization_memberships", {
        query: { organization_id: "org_acme", statuses: "active" }
      })
      assert.strictEqual(active.body.data.length, 1)
      const both2 = yield* api("GET", "/user_management/organization_memberships", {
        query: { organization_id: "org_acme", statuses: "active,inactive" }
      })
      assert.strictEqual(both2.body.data.length, 2)
      assert.strictEqual(
        (yield* api("PUT", `/user_management/organization_memberships/${id}/reactivate`)).body.status,
        "active"
      )
      const updated = yield* api("PUT", `/user_management/organization_memberships/${id}`, {
        body: { role_slug: "member" }
      })
      assert.deepStrictEqual(updated.body.roles, [{ slug: "member" }])
      assert.strictEqual((yield* api("GET", `/user_management/organization_memberships/${id}`)).status, 200)
      assert.strictEqual((yield* api("DELETE", `/user_management/organization_memberships/${id}`)).status, 200)
      assert.strictEqual((yield* api("GET", `/user_management/organization_memberships/${id}`)).status, 404)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("groups of a membership", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const ann = yield* userId("ann@example.com")
      const membership = [...emulator.world.memberships.values()].find((m) => m.user_id === ann)!
      emulator.addGroup("org_acme", "Engineering", [membership.id], 0)
      const groups = yield* api("GET", `/user_management/organization_memberships/${membership.id}/groups`)
      assert.deepStrictEqual(groups.body.data.map((g: { name: string }) => g.name), ["Engineering"])
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("invitations", () => {
  it.effect("send (emailed), find by token, accept (creates the membership)", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const sent = yield* api("POST", "/user_management/invitations", {
        body: { email: "bob@example.com", organization_id: "org_globex", role_slug: "admin", expires_in_days: 3 }
      })
      assert.strictEqual(sent.status, 201)
      assert.strictEqual(sent.body.state, "pending")
      const mail = emulator.lastMessage({ kind: "invitation", to: "bob@example.com" })!
      assert.strictEqual(mail.token, sent.body.token)
      assert.strictEqual(
        (yield* api("GET", `/user_management/invitations/by_token/${mail.token}`)).body.id,
        sent.body.id
      )
      const again = yield* api("POST", "/user_management/invitations", {
        body: { email: "bob@example.com", organization_id: "org_globex" }
      })
      assert.strictEqual(again.body.code, "email_already_invited_to_organization")
      const accepted = yield* api("POST", `/user_management/invitations/${sent.body.id}/accept`)
      assert.strictEqual(accepted.body.state, "accepted")
      const bob = yield* userId("bob@example.com")
      const memberships = yield* api("GET", "/user_management/organization_memberships", { query: { user_id: bob } })
      assert.deepStrictEqual(memberships.body.data.map((m: { role: { slug: string } }) => m.role.slug), ["admin"])
      assert.strictEqual(
        (yield* api("POST", `/user_management/invitations/${sent.body.id}/revoke`)).body.code,
        "invite_not_pending"
      )
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("expiry on the clock, revoke, resend rules, bounds of expires_in_days", () =>
    Effect.gen(function*() {
      const short = yield* api("POST", "/user_management/invitations", {
        body: { email: "x@example.com", expires_in_days: 0 }
      })
      assert.strictEqual(short.body.code, "expires_in_days_too_short")
      const long = yield* api("POST", "/user_management/invitations", {
        body: { email: "x@example.com", expires_in_days: 31 }
      })
      assert.strictEqual(long.body.code, "expires_in_days_too_long")
      const a = yield* api("POST", "/user_management/invitations", {
        body: { email: "a@example.com", expires_in_days: 1 }
      })
      const b = yield* api("POST", "/user_management/invitations", { body: { email: "b@example.com" } })
      assert.strictEqual((yield* api("POST", `/user_management/invitations/${b.body.id}/revoke`)).body.state, "revoked")
      assert.strictEqual(
        (yield* api("POST", `/user_management/invitations/${b.body.id}/resend`)).body.code,
        "invite_revoked"
      )
      assert.strictEqual((yield* api("POST", `/user_management/invitations/${a.body.id}/resend`)).status, 200)
      yield* TestClock.adjust("25 hours")
      assert.strictEqual((yield* api("GET", `/user_management/invitations/${a.body.id}`)).body.state, "expired")
      assert.strictEqual(
        (yield* api("POST", `/user_management/invitations/${a.body.id}/resend`)).body.code,
        "invite_expired"
      )
      const list = yield* api("GET", "/user_management/invitations", { query: { email: "a@example.com" } })
      assert.strictEqual(list.body.data.length, 1)
      assert.strictEqual(
        (yield* api("POST", "/user_management/invitations", { body: { email: "ann@example.com" } })).body.code,
        "user_already_exists"
      )
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("one-time codes", () => {
  it.effect("password reset: emailed token, confirm, single use, revokes sessions", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const signIn = yield* api("POST", "/user_management/authenticate", {
        auth: false,
        body: {
          client_id: "client_emulator",
          client_secret: "sk_test_emulator",
          grant_type: "password",
          email: "ann@example.com",
          password: "correct horse battery"
        }
      })
      const reset = yield* api("POST", "/user_management/password_reset", { body: { email: "ann@example.com" } })
      assert.strictEqual(reset.status, 201)
      const token = emulator.lastMessage({ kind: "password_reset" })!.token!
      assert.strictEqual(token, reset.body.password_reset_token)
      assert.strictEqual(
        (yield* api("GET", `/user_management/password_reset/${reset.body.id}`)).body.email,
        "ann@example.com"
      )
      const confirmed = yield* api("POST", "/user_management/password_reset/confirm", {
        body: { token, new_password: "a brand new secret" }
      })
      assert.strictEqual(confirmed.status, 200)
      const reuse = yield* api("POST", "/user_management/password_reset/confirm", {
        body: { token, new_password: "another secret!" }
      })
      assert.strictEqual(reuse.body.code, "password_reset_error")
      const refresh = yield* api("POST", "/user_management/authenticate", {
        auth: false,
        body: { client_id: "client_emulator", grant_type: "refresh_token", refresh_token: signIn.body.refresh_token }
      })
      assert.strictEqual(refresh.body.error, "invalid_grant", "the reset ended the session")
      assert.strictEqual(
        (yield* api("POST", "/user_management/password_reset", { body: { email: "nobody@example.com" } })).status,
        404
      )
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("email verification send and confirm; email change send and confirm", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const created = yield* api("POST", "/user_management/users", { body: { email: "new@example.com" } })
      const id = created.body.id
      assert.strictEqual((yield* api("POST", `/user_management/users/${id}/email_verification/send`)).status, 200)
      const code = emulator.lastMessage({ kind: "email_verification", to: "new@example.com" })!.code!
      const wrong = yield* api("POST", `/user_management/users/${id}/email_verification/confirm`, {
        body: { code: "999999" === code ? "000000" : "999999" }
      })
      assert.strictEqual(wrong.body.code, "email_verification_code_incorrect")
      const ok = yield* api("POST", `/user_management/users/${id}/email_verification/confirm`, { body: { code } })
      assert.isTrue(ok.body.user.email_verified)
      assert.strictEqual(
        (yield* api("POST", `/user_management/users/${id}/email_verification/send`)).body.code,
        "email_already_verified"
      )

      const taken = yield* api("POST", `/user_management/users/${id}/email_change/send`, {
        body: { new_email: "ann@example.com" }
      })
      assert.strictEqual(taken.body.code, "email_not_available")
      const change = yield* api("POST", `/user_management/users/${id}/email_change/send`, {
        body: { new_email: "renamed@example.com" }
      })
      assert.strictEqual(change.body.new_email, "renamed@example.com")
      const changeCode = emulator.lastMessage({ kind: "email_change" })!.code!
      const confirmed = yield* api("POST", `/user_management/users/${id}/email_change/confirm`, {
        body: { code: changeCode }
      })
      assert.strictEqual(confirmed.body.user.email, "renamed@example.com")
      const again = yield* api("POST", `/user_management/users/${id}/email_change/confirm`, {
        body: { code: changeCode }
      })
      assert.strictEqual(again.body.code, "email_change_code_previously_used")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("magic auth objects can be read back", () =>
    Effect.gen(function*() {
      const sent = yield* api("POST", "/user_management/magic_auth", { body: { email: "ann@example.com" } })
      const read = yield* api("GET", `/user_management/magic_auth/${sent.body.id}`)
      assert.strictEqual(read.body.code, sent.body.code)
      assert.strictEqual((yield* api("GET", "/user_management/magic_auth/magic_auth_nope")).status, 404)
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("factors and sessions", () => {
  it.effect("list factors (without secrets) and sessions; revoke; logout redirects", () =>
    Effect.gen(function*() {
      const ann = yield* userId("ann@example.com")
      yield* api("POST", `/user_management/users/${ann}/auth_factors`, { body: { type: "totp" } })
      const factors = yield* api("GET", `/user_management/users/${ann}/auth_factors`)
      assert.strictEqual(factors.body.data.length, 1)
      assert.isUndefined(factors.body.data[0].totp.secret)
      const bad = yield* api("POST", `/user_management/users/${ann}/auth_factors`, { body: { type: "sms" } })
      assert.strictEqual(bad.status, 422)

      // Ann now has a factor, so sign in through the challenge to get a session.
      const emulator = yield* Emulator.Emulator
      const bob = yield* userId("bob@example.com")
      const code = emulator.issueAuthorizationCode({ userId: bob }, 0)
      yield* api("POST", "/user_management/authenticate", {
        auth: false,
        body: {
          client_id: "client_emulator",
          client_secret: "sk_test_emulator",
          grant_type: "authorization_code",
          code
        }
      })
      const sessions = yield* api("GET", `/user_management/users/${bob}/sessions`)
      assert.strictEqual(sessions.body.data.length, 1)
      assert.strictEqual(sessions.body.data[0].status, "active")
      const logout = yield* api("GET", "/user_management/sessions/logout", {
        auth: false,
        query: { session_id: sessions.body.data[0].id, return_to: "https://app.example.com/bye" }
      })
      assert.strictEqual(logout.status, 302)
      assert.strictEqual(logout.headers.location, "https://app.example.com/bye")
      const after = yield* api("GET", `/user_management/users/${bob}/sessions`)
      assert.strictEqual(after.body.data[0].status, "revoked")
      assert.strictEqual(
        (yield* api("POST", "/user_management/sessions/revoke", { body: { session_id: "session_x" } })).status,
        400
      )
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("per-user resources", () => {
  it.effect("feature flags, API keys (value shown once), authorized applications", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const ann = yield* userId("ann@example.com")
      emulator.addFeatureFlag({ slug: "beta", organizationIds: ["org_acme"] }, 0)
      emulator.addFeatureFlag({ slug: "other", organizationIds: ["org_globex"] }, 0)
      const flags = yield* api("GET", `/user_management/users/${ann}/feature-flags`)
      assert.deepStrictEqual(flags.body.data.map((f: { slug: string }) => f.slug), ["beta"])

      const key = yield* api("POST", `/user_management/users/${ann}/api_keys`, {
        body: { name: "CI", organization_id: "org_acme", permissions: ["users:read"] }
      })
      assert.strictEqual(key.status, 201)
      assert.match(key.body.value, /^sk_user_/)
      const keys = yield* api("GET", `/user_management/users/${ann}/api_keys`, {
        query: { organization_id: "org_acme" }
      })
      assert.isUndefined(keys.body.data[0].value)
      assert.strictEqual(keys.body.data[0].obfuscated_value.slice(-4), key.body.value.slice(-4))
      const outsider = yield* api("POST", `/user_management/users/${ann}/api_keys`, {
        body: { name: "X", organization_id: "org_globex" }
      })
      assert.strictEqual(outsider.status, 400)

      const appId = emulator.addAuthorizedApplication(ann, { name: "CLI" }, 0)
      const apps = yield* api("GET", `/user_management/users/${ann}/authorized_applications`)
      assert.strictEqual(apps.body.data[0].application.name, "CLI")
      assert.strictEqual(
        (yield* api("DELETE", `/user_management/users/${ann}/authorized_applications/${appId}`)).status,
        204
      )
      assert.strictEqual(
        (yield* api("GET", `/user_management/users/${ann}/authorized_applications`)).body.data.length,
        0
      )
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("connected accounts and data providers", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const ann = yield* userId("ann@example.com")
      emulator.addDataProvider({ slug: "github", name: "GitHub" }, 0)
      const base = `/user_management/users/${ann}/connected_accounts/github`
      assert.strictEqual((yield* api("GET", base)).status, 404)
      const created = yield* api("POST", base, { body: { access_token: "gho_x", scopes: ["repo"] } })
      assert.strictEqual(created.status, 201)
      assert.deepStrictEqual(created.body.scopes, ["repo"])
      assert.isUndefined(created.body.access_token, "tokens are never echoed")
      const updated = yield* api("PUT", base, { body: { state: "needs_reauthorization" } })
      assert.strictEqual(updated.body.state, "needs_reauthorization")
      const providers = yield* api("GET", `/user_management/users/${ann}/data_providers`)
      assert.strictEqual(providers.body.data[0].connected_account.id, created.body.id)
      assert.strictEqual((yield* api("DELETE", base)).status, 204)
      assert.strictEqual(
        (yield* api("GET", `/user_management/users/${ann}/data_providers`)).body.data[0].connected_account,
        null
      )
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("environment configuration", () => {
  it.effect("CORS origins, redirect URIs, JWT template", () =>
    Effect.gen(function*() {
      const cors = yield* api("POST", "/user_management/cors_origins", { body: { origin: "https://app.example.com" } })
      assert.strictEqual(cors.status, 201)
      assert.strictEqual(
        (yield* api("POST", "/user_management/cors_origins", { body: { origin: "https://app.example.com" } })).status,
        409
      )
      assert.strictEqual(
        (yield* api("POST", "/user_management/cors_origins", { body: { origin: "not a url" } })).status,
        422
      )
      assert.strictEqual((yield* api("GET", "/user_management/cors_origins")).body.data.length, 1)

      const first = yield* api("POST", "/user_management/redirect_uris", {
        body: { uri: "https://app.example.com/cb" }
      })
      assert.isTrue(first.body.default)
      const second = yield* api("POST", "/user_management/redirect_uris", {
        body: { uri: "https://app.example.com/cb2" }
      })
      assert.isFalse(second.body.default)
      assert.strictEqual((yield* api("DELETE", `/user_management/redirect_uris/${first.body.id}`)).status, 409)
      assert.strictEqual((yield* api("DELETE", `/user_management/redirect_uris/${second.body.id}`)).status, 204)
      assert.strictEqual((yield* api("GET", "/user_management/redirect_uris")).body.data.length, 1)

      const template = yield* api("PUT", "/user_management/jwt_template", {
        body: { content: "{\"tier\": {{ user.metadata.tier }}}" }
      })
      assert.strictEqual(template.body.object, "jwt_template")
      assert.strictEqual((yield* api("GET", "/user_management/jwt_template")).body.content, template.body.content)
    }).pipe(Effect.provide(TestWorkOS)))
})
