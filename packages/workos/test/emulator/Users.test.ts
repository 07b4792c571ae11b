/**
 * Users and pagination, driven through the SDK's `Users` module.
 */
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { Emulator } from "effect-workos-emulator"
import { Users } from "../../src/index.js"
import { api, layer } from "../utils/emulator.js"

const seeded = (count: number) =>
  layer({
    users: Array.from({ length: count }, (_, i) => ({ email: `user${String(i).padStart(3, "0")}@example.com` }))
  })

describe("users", () => {
  it.effect("email and external id stay unique through changes, deletion and letter case", () =>
    Effect.gen(function*() {
      const taken = (params: Users.CreateUserParams) =>
        Effect.flip(Users.create(params)).pipe(
          Effect.map((e) => e._tag === "WorkOSBadRequest" ? e.errors.map((x) => x.code) : [e._tag])
        )
      const ada = yield* Users.create({ email: "ada@example.com", externalId: "ext-1" })
      assert.deepStrictEqual(yield* taken({ email: "ADA@example.com" }), ["email_not_available"])
      assert.deepStrictEqual(yield* taken({ email: "other@example.com", externalId: "ext-1" }), [
        "external_id_already_used"
      ])
      // A changed email and external id free the old ones and take the new ones.
      yield* Users.update(ada.id, { email: "lovelace@example.com", externalId: "ext-2" })
      assert.deepStrictEqual(yield* taken({ email: "Lovelace@example.com" }), ["email_not_available"])
      assert.deepStrictEqual(yield* taken({ email: "x@example.com", externalId: "ext-2" }), [
        "external_id_already_used"
      ])
      assert.strictEqual((yield* Users.getByExternalId("ext-2")).id, ada.id)
      assert.strictEqual((yield* Effect.flip(Users.getByExternalId("ext-1")))._tag, "WorkOSNotFound")
      const reuse = yield* Users.create({ email: "ada@example.com", externalId: "ext-1" })
      // Another user cannot take them by update either; the user itself may keep its own.
      const clash = yield* Effect.flip(Users.update(reuse.id, { externalId: "ext-2" }))
      assert.strictEqual(clash.code, "external_id_already_used")
      yield* Users.update(ada.id, { externalId: "ext-2" })
      // A deleted user frees both.
      yield* Users.delete(ada.id)
      const again = yield* Users.create({ email: "lovelace@example.com", externalId: "ext-2" })
      assert.strictEqual((yield* Users.getByExternalId("ext-2")).id, again.id)
    }).pipe(Effect.provide(layer())))

  it.effect("create, get, get by external id, update, delete", () =>
    Effect.gen(function*() {
      const created = yield* Users.create({
        email: "ada@example.com",
        firstName: "Ada",
        externalId: "ext-ada",
        metadata: { team: "math" },
        password: Redacted.make("analytical engine")
      })
      assert.strictEqual(created.object, "user")
      assert.match(created.id, /^user_[0-9A-Z]{26}$/)
      assert.isFalse(created.emailVerified)
      assert.strictEqual((yield* Users.get(created.id)).firstName, "Ada")
      assert.strictEqual((yield* Users.getByExternalId("ext-ada")).id, created.id)
      const updated = yield* Users.update(created.id, { lastName: "Lovelace", metadata: null, locale: "en-GB" })
      assert.strictEqual(updated.lastName, "Lovelace")
      assert.deepStrictEqual(updated.metadata, {})
      assert.strictEqual(updated.locale, "en-GB")
      assert.strictEqual(updated.firstName, "Ada", "omitted fields are untouched")
      yield* Users.delete(created.id)
      const error = yield* Effect.flip(Users.get(created.id))
      assert.strictEqual(error._tag, "WorkOSNotFound")
      assert.isString(error.requestId)
    }).pipe(Effect.provide(layer())))

  it.effect("duplicate emails, password rules and imported hashes answer like the API", () =>
    Effect.gen(function*() {
      yield* Users.create({ email: "dup@example.com" })
      const dup = yield* Effect.flip(Users.create({ email: "DUP@example.com" }))
      assert.strictEqual(dup._tag, "WorkOSBadRequest")
      assert.strictEqual(dup.code, "user_creation_error")
      const weak = yield* Effect.flip(Users.create({ email: "weak@example.com", password: Redacted.make("short") }))
      assert.strictEqual(weak.code, "password_strength_error")
      const both = yield* api("POST", "/user_management/users", {
        body: {
          email: "both@example.com",
          password: "long enough pw",
          password_hash: "$2a$10$x",
          password_hash_type: "bcrypt"
        }
      })
      assert.strictEqual(both.body.code, "password_and_password_hash_provided")
      const badHash = yield* api("POST", "/user_management/users", {
        body: { email: "hash@example.com", password_hash: "nope", password_hash_type: "bcrypt" }
      })
      assert.strictEqual(badHash.body.code, "invalid_password_hash")
    }).pipe(Effect.provide(layer())))

  it.effect("identities are a bare array", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const id = emulator.createUser({
        email: "gh@example.com",
        identities: [{ idpId: "42", provider: "GithubOAuth" }]
      }, 0)
      const identities = yield* Users.listIdentities(id)
      assert.deepStrictEqual(identities.map((i) => [i.idpId, i.provider]), [["42", "GithubOAuth"]])
    }).pipe(Effect.provide(layer())))

  it.effect("a user that may not be deleted answers 409", () =>
    Effect.gen(function*() {
      const user = yield* Users.create({ email: "keep@example.com", metadata: { deletion_protected: "true" } })
      const error = yield* Effect.flip(Users.delete(user.id))
      assert.strictEqual(error._tag, "WorkOSConflict")
      assert.strictEqual(error.code, "user_deletion_not_allowed")
    }).pipe(Effect.provide(layer())))
})

describe("pagination", () => {
  it.effect("limit defaults to 10, is at most 100, and cursors walk the list both ways", () =>
    Effect.gen(function*() {
      const first = yield* api("GET", "/user_management/users")
      assert.strictEqual(first.body.data.length, 10)
      assert.strictEqual(first.body.list_metadata.before, null)
      const tooBig = yield* api("GET", "/user_management/users", { query: { limit: "101" } })
      assert.strictEqual(tooBig.status, 422)
      const asc = yield* api("GET", "/user_management/users", { query: { order: "asc", limit: "5" } })
      assert.strictEqual(asc.body.data[0].email, "user000@example.com")
      const next = yield* api("GET", "/user_management/users", {
        query: { order: "asc", limit: "5", after: asc.body.list_metadata.after }
      })
      assert.strictEqual(next.body.data[0].email, "user005@example.com")
      const back = yield* api("GET", "/user_management/users", {
        query: { order: "asc", limit: "5", before: next.body.list_metadata.before }
      })
      assert.deepStrictEqual(
        back.body.data.map((u: { email: string }) => u.email),
        asc.body.data.map((u: { email: string }) => u.email)
      )
      const desc = yield* api("GET", "/user_management/users", { query: { limit: "1" } })
      assert.strictEqual(desc.body.data[0].email, "user024@example.com", "newest first by default")
      const normal = yield* api("GET", "/user_management/users", { query: { order: "normal", limit: "2" } })
      assert.deepStrictEqual(
        normal.body.data.map((u: { email: string }) => u.email),
        ["user024@example.com", "user023@example.com"],
        "normal lists newest first too"
      )
    }).pipe(Effect.provide(seeded(25))))

  it.effect("the SDK's stream reads every user exactly once", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const users = yield* Stream.runCollect(Users.list({ limit: 7 }))
      assert.strictEqual(users.length, 250)
      assert.strictEqual(new Set(Chunk.toArray(users).map((u) => u.id)).size, 250)
      assert.strictEqual(emulator.count("GET", "/user_management/users"), 36)
    }).pipe(Effect.provide(seeded(250))))

  it.effect("cursors stay right after users are added, updated and deleted mid-listing", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const emails = (body: { data: ReadonlyArray<{ email: string }> }) => body.data.map((u) => u.email)
      const page = (query: Record<string, string>) => api("GET", "/user_management/users", { query })
      const first = yield* page({ order: "asc", limit: "4" })
      assert.deepStrictEqual(emails(first.body), [
        "user000@example.com",
        "user001@example.com",
        "user002@example.com",
        "user003@example.com"
      ])
      // An update keeps the position; a delete and a create change the order the cursor walks.
      const renamed = yield* api("PUT", `/user_management/users/${first.body.data[3].id}`, {
        body: { first_name: "Renamed" }
      })
      assert.strictEqual(renamed.status, 200)
      yield* api("DELETE", `/user_management/users/${first.body.data[3].id}`)
      const fourth = yield* page({ order: "asc", limit: "1", after: first.body.data[2].id })
      assert.deepStrictEqual(emails(fourth.body), ["user004@example.com"])
      emulator.createUser({ email: "late@example.com" }, 0)
      const tail = yield* page({ order: "asc", limit: "100", after: fourth.body.data[0].id })
      assert.deepStrictEqual(emails(tail.body), ["user005@example.com", "late@example.com"])
      assert.strictEqual(tail.body.list_metadata.after, null)
      const newest = yield* page({ limit: "2" })
      assert.deepStrictEqual(emails(newest.body), ["late@example.com", "user005@example.com"])
      const deleted = yield* page({ after: first.body.data[3].id })
      assert.deepStrictEqual(deleted.body.data, [], "a cursor naming a deleted user ends the listing")
    }).pipe(Effect.provide(seeded(6))))

  it.effect("filters by email and organization", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const org = emulator.createOrganization({ name: "Acme" }, 0)
      emulator.createUser({ email: "member@acme.com", memberships: [{ organization: "Acme" }] }, 0)
      const byOrg = yield* Users.listPage({ organizationId: org })
      assert.deepStrictEqual(byOrg.data.map((u) => u.email), ["member@acme.com"])
      const byEmail = yield* Users.listPage({ email: "USER003@example.com" })
      assert.deepStrictEqual(byEmail.data.map((u) => u.email), ["user003@example.com"])
    }).pipe(Effect.provide(seeded(5))))
})
