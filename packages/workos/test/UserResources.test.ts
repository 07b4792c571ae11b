/**
 * Sessions, FeatureFlags, UserApiKeys, AuthorizedApplications, ConnectedAccounts and
 * AuthFactors listing, against the emulator.
 */
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { Emulator } from "effect-workos-emulator"
import {
  Authentication,
  AuthFactors,
  AuthorizedApplications,
  ConnectedAccounts,
  FeatureFlags,
  Sessions,
  UserApiKeys
} from "../src/index.js"
import { emulated } from "./utils/emulated.js"

const password = "correct horse battery"
const TestWorkOS = emulated({
  organizations: [{ id: "org_acme", name: "Acme" }, { id: "org_globex", name: "Globex" }],
  users: [{ email: "ann@example.com", password, memberships: [{ organization: "org_acme" }] }]
})
const ann = Effect.map(Emulator.Emulator, (e) => e.users()[0]!.id)

describe("Sessions", () => {
  it.effect("list a user's sessions and revoke one; its refresh token stops working", () =>
    Effect.gen(function*() {
      const signIn = yield* Authentication.withPassword({ email: "ann@example.com", password })
      const sessions = yield* Stream.runCollect(Sessions.list(signIn.user.id))
      assert.strictEqual(sessions.length, 1)
      const session = Chunk.unsafeHead(sessions)
      assert.strictEqual(session.status, "active")
      assert.strictEqual(session.authMethod, "password")
      yield* Sessions.revoke(session.id)
      assert.strictEqual((yield* Sessions.listPage(signIn.user.id)).data[0]!.status, "revoked")
      const refresh = yield* Effect.flip(Authentication.withRefreshToken({ refreshToken: signIn.refreshToken }))
      assert.strictEqual(refresh._tag, "InvalidGrant")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("FeatureFlags", () => {
  it.effect("lists the flags on for the user or their organizations", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const id = yield* ann
      emulator.addFeatureFlag({ slug: "beta", organizationIds: ["org_acme"] }, 0)
      emulator.addFeatureFlag({ slug: "vip", userIds: [id] }, 0)
      emulator.addFeatureFlag({ slug: "elsewhere", organizationIds: ["org_globex"] }, 0)
      const flags = yield* Stream.runCollect(FeatureFlags.list(id))
      assert.deepStrictEqual(Chunk.toArray(flags).map((f) => f.slug).sort(), ["beta", "vip"])
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("UserApiKeys", () => {
  it.effect("create shows the value once, as Redacted; list never does", () =>
    Effect.gen(function*() {
      const id = yield* ann
      const key = yield* UserApiKeys.create(id, {
        name: "CI",
        organizationId: "org_acme",
        permissions: ["users:read"],
        expiresAt: new Date(Date.UTC(2030, 0, 1))
      })
      assert.isTrue(Redacted.isRedacted(key.value))
      assert.notInclude(JSON.stringify(key), Redacted.value(key.value))
      assert.strictEqual(key.expiresAt, "2030-01-01T00:00:00.000Z")
      const keys = yield* UserApiKeys.listPage(id, { organizationId: "org_acme" })
      assert.strictEqual(keys.data[0]!.id, key.id)
      assert.notProperty(keys.data[0]!, "value")
      const second = yield* UserApiKeys.create(id, { name: "Deploy", organizationId: "org_acme" })
      // The stream follows the cursor past a one-key page to both keys, and never shows a value.
      const streamed = Chunk.toArray(yield* Stream.runCollect(UserApiKeys.list(id, { limit: 1, order: "asc" })))
      assert.deepStrictEqual(streamed.map((k) => k.id), [key.id, second.id])
      assert.isTrue(streamed.every((k) => !("value" in k)))
      const outside = yield* Effect.flip(UserApiKeys.create(id, { name: "X", organizationId: "org_globex" }))
      assert.strictEqual(outside._tag, "WorkOSBadRequest")
      const noName = yield* Effect.flip(UserApiKeys.create(id, { name: "", organizationId: "org_acme" }))
      assert.strictEqual(noName._tag, "WorkOSInvalidRequest")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("AuthorizedApplications", () => {
  it.effect("list and revoke", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const id = yield* ann
      const appId = emulator.addAuthorizedApplication(id, { name: "CLI", scopes: ["openid"] }, 0)
      const apps = yield* AuthorizedApplications.listPage(id)
      assert.strictEqual(apps.data[0]!.application.name, "CLI")
      assert.deepStrictEqual(apps.data[0]!.grantedScopes, ["openid"])
      yield* AuthorizedApplications.delete(id, appId)
      assert.strictEqual(yield* Stream.runCount(AuthorizedApplications.list(id)), 0)
      assert.strictEqual((yield* Effect.flip(AuthorizedApplications.delete(id, appId)))._tag, "WorkOSNotFound")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("ConnectedAccounts", () => {
  it.effect("create, get, update, list data providers, delete; tokens are sent but never read back", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const id = yield* ann
      emulator.addDataProvider({ slug: "github", name: "GitHub" }, 0)
      const created = yield* ConnectedAccounts.create(id, "github", {
        accessToken: Redacted.make("gho_secret"),
        scopes: ["repo"]
      })
      assert.deepStrictEqual(created.scopes, ["repo"])
      assert.strictEqual(JSON.parse(emulator.requests.at(-1)!.body).access_token, "gho_secret")
      assert.strictEqual((yield* ConnectedAccounts.get(id, "github")).id, created.id)
      const updated = yield* ConnectedAccounts.update(id, "github", { state: "needs_reauthorization" })
      assert.strictEqual(updated.state, "needs_reauthorization")
      const providers = yield* ConnectedAccounts.listDataProviders(id)
      assert.strictEqual(providers[0]!.connectedAccount?.id, created.id)
      yield* ConnectedAccounts.delete(id, "github")
      assert.strictEqual((yield* Effect.flip(ConnectedAccounts.get(id, "github")))._tag, "WorkOSNotFound")
      const perOrg = yield* ConnectedAccounts.create(id, "github", {}, { organizationId: "org_acme" })
      assert.strictEqual(perOrg.organizationId, "org_acme")
      assert.strictEqual(emulator.requests.at(-1)!.query.get("organization_id"), "org_acme")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("AuthFactors", () => {
  it.effect("enrol and list; the listing has no secret; a bad secret is rejected before sending", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const id = yield* ann
      const enrolled = yield* AuthFactors.enrollTotp(id, { issuer: "Acme", user: "ann@acme.example" })
      assert.isTrue(Redacted.isRedacted(enrolled.authenticationFactor.totp!.secret!))
      // The issuer and the account name are what an authenticator app shows for the code.
      assert.deepInclude(JSON.parse(emulator.requests.at(-1)!.body), {
        totp_issuer: "Acme",
        totp_user: "ann@acme.example"
      })
      assert.strictEqual(enrolled.authenticationFactor.totp!.user, "ann@acme.example")
      const factors = yield* Stream.runCollect(AuthFactors.list(id))
      assert.strictEqual(factors.length, 1)
      assert.isUndefined(Chunk.unsafeHead(factors).totp!.secret)
      const before = emulator.requests.length
      const bad = yield* Effect.flip(AuthFactors.enrollTotp(id, { secret: Redacted.make("not base32!") }))
      assert.strictEqual(bad._tag, "WorkOSInvalidRequest")
      assert.notInclude(bad.message, "not base32!")
      assert.include(bad.message, "totpSecret must be Base32")
      // A character outside the alphabet anywhere in the secret, or lower case, is refused.
      for (const secret of ["1JBSWY3DP", "JBSWY3DP1", "jbswy3dp", "JBSWY3DP=A"]) {
        const refused = yield* Effect.flip(AuthFactors.enrollTotp(id, { secret: Redacted.make(secret) }))
        assert.strictEqual(refused._tag === "WorkOSInvalidRequest" && refused.field, "totpSecret", secret)
      }
      assert.strictEqual(emulator.requests.length, before)
    }).pipe(Effect.provide(TestWorkOS)))
})
