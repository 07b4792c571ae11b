import { assert, describe, it } from "@effect/vitest"
import { Effect, Either, Redacted, Schema, Stream } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { Users } from "../src/index.js"
import { layer as testLayer, TestWorkOS } from "./utils/TestWorkOS.js"

const fixtures = path.resolve(import.meta.dirname, "../../../../shared/reference/fixtures/workos-node")
const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(fixtures, name), "utf8"))

const setup = () => {
  const fake = new TestWorkOS()
  return { fake, layer: testLayer(fake) }
}

describe("Users models", () => {
  it("decodes the official SDK's user fixtures, filling what real responses omit", () => {
    const user = Schema.decodeUnknownSync(Users.User)(fixture("user.json"))
    assert.strictEqual(user.id, "user_01H5JQDV7R7ATEYZDEG0W5PRYS")
    assert.strictEqual(user.emailVerified, true)
    assert.strictEqual(user.firstName, "Test 01")
    assert.strictEqual(user.externalId, null) // omitted by the fixture, required by the spec
    assert.deepStrictEqual(user.metadata, { key: "value" })
    const page = Schema.decodeUnknownSync(Schema.Struct({ data: Schema.Array(Users.User) }))(fixture("list-users.json"))
    assert.strictEqual(page.data[0]!.locale, "en-US")
    assert.deepStrictEqual(page.data[0]!.metadata, {})
    const identities = Schema.decodeUnknownSync(Schema.Array(Users.Identity))(fixture("identity.json"))
    assert.deepStrictEqual(identities.map((i) => i.provider), ["GithubOAuth", "GoogleOAuth"])
  })

  it("decodes fixtures strictly: no field of the fixture is unknown to the schema", () => {
    const strict = { onExcessProperty: "error" } as const
    assert.isTrue(Either.isRight(Schema.decodeUnknownEither(Users.User)(fixture("user.json"), strict)))
    assert.isTrue(
      Either.isRight(Schema.decodeUnknownEither(Schema.Array(Users.Identity))(fixture("identity.json"), strict))
    )
  })

  it("round-trips a user: encoding gives back snake_case wire keys", () => {
    const wire = fixture("user.json") as Record<string, unknown>
    const user = Schema.decodeUnknownSync(Users.User)(wire)
    const encoded = Schema.encodeSync(Users.User)(user) as Record<string, unknown>
    assert.deepStrictEqual(encoded, { ...wire, external_id: null })
  })

  it("decodes an identity provider WorkOS adds later instead of failing", () => {
    const identity = Schema.decodeUnknownSync(Users.Identity)({ idp_id: "1", type: "OAuth", provider: "FutureOAuth" })
    assert.strictEqual(identity.provider, "FutureOAuth")
  })
})

describe("Users endpoints", () => {
  it.effect("create, get, getByExternalId, update, delete", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      const created = yield* Users.create({
        email: "marcelina@example.com",
        firstName: "Marcelina",
        externalId: "ext-1",
        metadata: { plan: "pro" },
        password: Redacted.make("correct horse battery staple")
      })
      assert.strictEqual(created.email, "marcelina@example.com")
      const sent = JSON.parse(fake.requests.at(-1)!.body)
      assert.deepStrictEqual(sent, {
        email: "marcelina@example.com",
        first_name: "Marcelina",
        external_id: "ext-1",
        metadata: { plan: "pro" },
        password: "correct horse battery staple"
      })

      const fetched = yield* Users.get(created.id)
      assert.strictEqual(fetched.firstName, "Marcelina")
      const byExternal = yield* Users.getByExternalId("ext-1")
      assert.strictEqual(byExternal.id, created.id)

      const updated = yield* Users.update(created.id, { lastName: "Davis", externalId: null })
      assert.strictEqual(updated.lastName, "Davis")
      assert.strictEqual(updated.externalId, null)
      assert.deepStrictEqual(JSON.parse(fake.requests.at(-1)!.body), { last_name: "Davis", external_id: null })
      assert.strictEqual(fake.requests.at(-1)!.method, "PUT")

      yield* Users.delete(created.id)
      const gone = yield* Effect.flip(Users.get(created.id))
      assert.strictEqual(gone._tag, "WorkOSNotFound")
    }).pipe(Effect.provide(layer))
  })

  it.effect("update leaves omitted fields out of the body", () => {
    const { fake, layer } = setup()
    const [user] = fake.seedUsers(1, () => ({ first_name: "Ann", external_id: "keep" }))
    return Effect.gen(function*() {
      const updated = yield* Users.update(user!.id, { emailVerified: true })
      assert.deepStrictEqual(JSON.parse(fake.requests.at(-1)!.body), { email_verified: true })
      assert.strictEqual(updated.firstName, "Ann")
      assert.strictEqual(updated.externalId, "keep")
    }).pipe(Effect.provide(layer))
  })

  it.effect("create with an imported password hash sends the hash fields", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      yield* Users.create({
        email: "hash@example.com",
        passwordHash: Redacted.make("{SSHA256}abc"),
        passwordHashType: "ssha256",
        passwordSaltPosition: "prefix"
      })
      assert.deepStrictEqual(JSON.parse(fake.requests.at(-1)!.body), {
        email: "hash@example.com",
        password_hash: "{SSHA256}abc",
        password_hash_type: "ssha256",
        password_salt_position: "prefix"
      })
    }).pipe(Effect.provide(layer))
  })

  it.effect("rejects conflicting password inputs before sending anything", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      const both = yield* Effect.flip(Users.create({
        email: "x@example.com",
        password: Redacted.make("hunter2-secret"),
        passwordHash: Redacted.make("$2a$10$hash"),
        passwordHashType: "bcrypt"
      } as unknown as Users.CreateUserParams))
      assert.strictEqual(both._tag, "WorkOSInvalidRequest")
      assert.include(both.message, "mutually exclusive")
      assert.strictEqual(both._tag === "WorkOSInvalidRequest" && both.field, "password")
      assert.notInclude(JSON.stringify(both), "hunter2-secret")

      const salt = yield* Effect.flip(Users.create({
        email: "x@example.com",
        passwordHash: Redacted.make("$2a$10$hash"),
        passwordHashType: "bcrypt",
        passwordSaltPosition: "prefix"
      }))
      assert.strictEqual(salt._tag, "WorkOSInvalidRequest")
      assert.include(salt.message, "ssha256")
      assert.strictEqual(salt._tag === "WorkOSInvalidRequest" && salt.field, "passwordSaltPosition")

      const hashOnly = yield* Effect.flip(Users.update("user_1", {
        passwordHash: Redacted.make("$2a$10$hash")
      } as unknown as Users.UpdateUserParams))
      assert.strictEqual(hashOnly._tag, "WorkOSInvalidRequest")
      assert.strictEqual(hashOnly._tag === "WorkOSInvalidRequest" && hashOnly.field, "passwordHash")
      assert.include(hashOnly.message, "passwordHash and passwordHashType must be given together")
      assert.strictEqual(fake.requests.length, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("validateCreate fails exactly as create would before sending, and needs no client", () =>
    Effect.gen(function*() {
      yield* Users.validateCreate({
        email: "x@example.com",
        externalId: "x".repeat(128),
        metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"])),
        passwordHash: Redacted.make("$2a$10$hash"),
        passwordHashType: "bcrypt"
      })
      const long = yield* Effect.flip(Users.validateCreate({ email: "x@example.com", externalId: "x".repeat(129) }))
      assert.deepInclude(long, {
        _tag: "WorkOSInvalidRequest",
        method: "POST",
        path: "/user_management/users",
        field: "externalId"
      })
      assert.include(long.message, "externalId is at most 128 characters")
      assert.isTrue(long.message.startsWith("Invalid body at externalId: "), long.message)
      const keys = yield* Effect.flip(Users.validateCreate({
        email: "x@example.com",
        metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))
      }))
      assert.include(keys.message, "metadata has at most 50 keys")
      const hashType = yield* Effect.flip(Users.validateCreate({
        email: "x@example.com",
        passwordHash: Redacted.make("5f4dcc3b"),
        passwordHashType: "md5" as Users.PasswordHashType
      }))
      assert.include(hashType.message, "passwordHashType")
      assert.notInclude(JSON.stringify(hashType), "5f4dcc3b")
    }))

  it.effect("enforces the spec's metadata and external id limits before sending", () => {
    const { fake, layer } = setup()
    return Effect.gen(function*() {
      const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))
      const e1 = yield* Effect.flip(Users.create({ email: "a@example.com", metadata: tooMany }))
      assert.strictEqual(e1._tag, "WorkOSInvalidRequest")
      assert.include(e1.message, "50 keys")
      const e2 = yield* Effect.flip(Users.update("user_1", { metadata: { ["k".repeat(41)]: "v" } }))
      assert.include(e2.message, "40 characters")
      const e3 = yield* Effect.flip(Users.update("user_1", { externalId: "é" }))
      assert.strictEqual(e3._tag, "WorkOSInvalidRequest")
      assert.strictEqual(e3._tag === "WorkOSInvalidRequest" && e3.field, "externalId")
      assert.include(e3.message, "externalId must be non-empty ASCII")
      // Non-ASCII anywhere in the id is refused, not only when the whole id is non-ASCII.
      for (const externalId of ["xé", "éx", ""]) {
        const refused = yield* Effect.flip(Users.update("user_1", { externalId }))
        assert.strictEqual(refused._tag === "WorkOSInvalidRequest" && refused.field, "externalId", externalId)
      }
      const e4 = yield* Effect.flip(Users.update("user_1", { externalId: "x".repeat(129) }))
      assert.strictEqual(e4._tag === "WorkOSInvalidRequest" && e4.field, "externalId")
      const e5 = yield* Effect.flip(Users.update("user_1", { metadata: { k: "v".repeat(601) } }))
      assert.strictEqual(e5._tag, "WorkOSInvalidRequest")
      assert.include(e5.message, "metadata values are at most 600 characters")
      assert.strictEqual(fake.requests.length, 0)
      // The limits themselves are allowed: 50 keys of 40 characters, 600-character values,
      // a 128-character external id.
      const atLimits = Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [`${i}`.padStart(40, "k"), "v".repeat(600)])
      )
      const created = yield* Users.create({
        email: "limits@example.com",
        metadata: atLimits,
        externalId: "x".repeat(128)
      })
      assert.strictEqual(Object.keys(created.metadata).length, 50)
      assert.strictEqual(created.externalId, "x".repeat(128))
    }).pipe(Effect.provide(layer))
  })

  it.effect("surfaces the API's 400 with its field errors, and 409 on a forbidden delete", () => {
    const { fake, layer } = setup()
    const [user] = fake.seedUsers(1, () => ({ email: "taken@example.com", metadata: { deletion_protected: "true" } }))
    return Effect.gen(function*() {
      const taken = yield* Effect.flip(Users.create({ email: "taken@example.com" }))
      assert.strictEqual(taken._tag, "WorkOSBadRequest")
      if (taken._tag === "WorkOSBadRequest") {
        assert.strictEqual(taken.code, "user_creation_error")
        assert.strictEqual(taken.errors[0]!.code, "email_not_available")
      }
      const conflict = yield* Effect.flip(Users.delete(user!.id))
      assert.strictEqual(conflict._tag, "WorkOSConflict")
      assert.strictEqual(conflict.code, "user_deletion_not_allowed")
    }).pipe(Effect.provide(layer))
  })

  it.effect("lists identities from the bare array, with open providers", () => {
    const { fake, layer } = setup()
    const [user] = fake.seedUsers(1, () => ({
      identities: [{ idpId: "108872335", provider: "GithubOAuth" }, { idpId: "x1", provider: "NewOAuth" }]
    }))
    return Effect.gen(function*() {
      const identities = yield* Users.listIdentities(user!.id)
      assert.deepStrictEqual(identities.map((i) => i.provider), ["GithubOAuth", "NewOAuth"])
    }).pipe(Effect.provide(layer))
  })

  it.effect("lists with filters as snake_case query parameters", () => {
    const { fake, layer } = setup()
    fake.seedUsers(3, (i) => ({ organization_id: i === 1 ? "org_1" : "org_2" }))
    return Effect.gen(function*() {
      const page = yield* Users.listPage({ organizationId: "org_1", limit: 5, order: "asc" })
      assert.strictEqual(page.data.length, 1)
      const query = fake.requests.at(-1)!.query
      assert.strictEqual(query.get("organization_id"), "org_1")
      assert.strictEqual(query.get("limit"), "5")
      assert.strictEqual(query.get("order"), "asc")
      const all = yield* Stream.runCollect(Users.list({ email: "user3@example.com" }))
      assert.strictEqual(all.length, 1)
    }).pipe(Effect.provide(layer))
  })
})
