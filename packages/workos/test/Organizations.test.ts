import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { Emulator } from "effect-workos-emulator"
import { AuthFactors, OrganizationMemberships, Organizations, Users } from "../src/index.js"
import { runWithClock } from "./utils/clock.js"
import { emulated } from "./utils/emulated.js"
import { layer as testLayer, TestWorkOS } from "./utils/TestWorkOS.js"

const TestWorkOS_ = emulated({
  organizations: [{ id: "org_acme", name: "Acme Corp", domains: ["acme.com"] }],
  users: [{ email: "ann@example.com", memberships: [{ organization: "org_acme" }] }]
})

describe("Organizations", () => {
  it.effect("create with domains, metadata and an external id; get; get by external id; update; delete", () =>
    Effect.gen(function*() {
      const created = yield* Organizations.create({
        name: "Foo Corp",
        domainData: [{ domain: "foo-corp.com", state: "verified" }, { domain: "foo.dev", state: "pending" }],
        metadata: { tier: "diamond" },
        externalId: "tenant_42"
      })
      assert.strictEqual(created.name, "Foo Corp")
      assert.deepStrictEqual(created.domains.map((d) => [d.domain, d.state]), [
        ["foo-corp.com", "verified"],
        ["foo.dev", "pending"]
      ])
      assert.deepStrictEqual(created.metadata, { tier: "diamond" })
      assert.strictEqual(created.externalId, "tenant_42")
      assert.strictEqual((yield* Organizations.get(created.id)).name, "Foo Corp")
      assert.strictEqual((yield* Organizations.getByExternalId("tenant_42")).id, created.id)

      const updated = yield* Organizations.update(created.id, {
        name: "Foo Corporation",
        domainData: [{ domain: "foo-corp.com", state: "verified" }],
        metadata: null,
        externalId: null,
        stripeCustomerId: "cus_123"
      })
      assert.strictEqual(updated.name, "Foo Corporation")
      assert.deepStrictEqual(updated.domains.map((d) => d.domain), ["foo-corp.com"])
      assert.deepStrictEqual(updated.metadata, {})
      assert.strictEqual(updated.externalId, null)
      assert.strictEqual(updated.stripeCustomerId, "cus_123")
      const gone = yield* Effect.flip(Organizations.getByExternalId("tenant_42"))
      assert.strictEqual(gone._tag, "WorkOSNotFound")

      yield* Organizations.delete(created.id)
      const missing = yield* Effect.flip(Organizations.get(created.id))
      assert.strictEqual(missing._tag, "WorkOSNotFound")
    }).pipe(Effect.provide(TestWorkOS_)))

  it.effect("deleting an organization removes its memberships", () =>
    Effect.gen(function*() {
      const ann = (yield* Stream.runCollect(Users.list({ email: "ann@example.com" }))).pipe(Chunk.unsafeGet(0))
      const before = yield* Stream.runCollect(OrganizationMemberships.list({ userId: ann.id }))
      assert.strictEqual(before.length, 1)
      yield* Organizations.delete("org_acme")
      const after = yield* Stream.runCollect(OrganizationMemberships.list({ userId: ann.id }))
      assert.strictEqual(after.length, 0)
    }).pipe(Effect.provide(TestWorkOS_)))

  it.effect("list filters by domains (sent comma-separated) and by search, and streams every page", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 25; i++) {
        yield* Organizations.create({
          name: `Tenant ${i}`,
          domainData: [{ domain: `t${i}.example`, state: "verified" }]
        })
      }
      const byDomain = yield* Stream.runCollect(Organizations.list({ domains: ["t3.example", "acme.com"] }))
      assert.deepStrictEqual(Chunk.toArray(byDomain).map((o) => o.name).sort(), ["Acme Corp", "Tenant 3"])
      const emulator = yield* Emulator.Emulator
      const sent = emulator.requests.at(-1)!
      assert.strictEqual(sent.query.get("domains"), "t3.example,acme.com")
      const search = yield* Stream.runCollect(Organizations.list({ search: "tenant 2" }))
      assert.deepStrictEqual(Chunk.toArray(search).map((o) => o.name).sort(), [
        "Tenant 2",
        "Tenant 20",
        "Tenant 21",
        "Tenant 22",
        "Tenant 23",
        "Tenant 24"
      ])
      const all = yield* Stream.runCollect(Organizations.list({ limit: 10 }))
      assert.strictEqual(all.length, 26)
      const page = yield* Organizations.listPage({ limit: 5, order: "asc" })
      assert.strictEqual(page.data[0]!.name, "Acme Corp")
      assert.isNotNull(page.listMetadata.after)
    }).pipe(Effect.provide(TestWorkOS_)))

  it.effect("a taken external id is a WorkOSBadRequest with its code; a bad one never leaves the process", () =>
    Effect.gen(function*() {
      yield* Organizations.create({ name: "One", externalId: "dup" })
      const taken = yield* Effect.flip(Organizations.create({ name: "Two", externalId: "dup" }))
      assert.strictEqual(taken._tag, "WorkOSBadRequest")
      assert.strictEqual(taken.code, "external_id_already_used")
      const emulator = yield* Emulator.Emulator
      const sent = emulator.requests.length
      const long = yield* Effect.flip(Organizations.create({ name: "Three", externalId: "x".repeat(129) }))
      assert.strictEqual(long._tag, "WorkOSInvalidRequest")
      assert.include(long.message, "externalId is at most 128 characters")
      const metadata = yield* Effect.flip(
        Organizations.update("org_acme", {
          metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))
        })
      )
      assert.strictEqual(metadata._tag, "WorkOSInvalidRequest")
      assert.strictEqual(emulator.requests.length, sent)
    }).pipe(Effect.provide(TestWorkOS_)))

  it.effect("create is not retried after a 503 (it may have been created); get is", () => {
    const fake = new TestWorkOS()
    return Effect.gen(function*() {
      fake.failNext({ method: "POST", path: "/organizations", status: 503 })
      const failed = yield* Effect.flip(runWithClock(Organizations.create({ name: "Once" })))
      assert.strictEqual(failed._tag, "WorkOSServerError")
      assert.strictEqual(fake.requests.filter((r) => r.method === "POST").length, 1)
      const org = yield* Organizations.create({ name: "Twice" })
      fake.failNext({ method: "GET", path: `/organizations/${org.id}`, status: 503 })
      assert.strictEqual((yield* runWithClock(Organizations.get(org.id))).name, "Twice")
      assert.strictEqual(fake.requests.filter((r) => r.method === "GET").length, 2)
    }).pipe(
      Effect.provide(testLayer(fake))
    )
  })
})

describe("AuthFactors get and delete", () => {
  it.effect("get a factor, delete it (resetting MFA), then it is not found", () =>
    Effect.gen(function*() {
      const ann = (yield* Stream.runCollect(Users.list({ email: "ann@example.com" }))).pipe(Chunk.unsafeGet(0))
      const enrolled = yield* AuthFactors.enrollTotp(ann.id, { issuer: "Acme" })
      const factor = yield* AuthFactors.get(enrolled.authenticationFactor.id)
      assert.strictEqual(factor.userId, ann.id)
      assert.strictEqual(factor.totp?.issuer, "Acme")
      assert.isUndefined(factor.totp?.secret) // the secret is shown only at enrolment
      yield* Stream.runForEach(AuthFactors.list(ann.id), (f) => AuthFactors.delete(f.id))
      const missing = yield* Effect.flip(AuthFactors.get(factor.id))
      assert.strictEqual(missing._tag, "WorkOSNotFound")
      assert.strictEqual((yield* Stream.runCollect(AuthFactors.list(ann.id))).length, 0)
      const again = yield* Effect.flip(AuthFactors.delete(factor.id))
      assert.strictEqual(again._tag, "WorkOSNotFound")
    }).pipe(Effect.provide(TestWorkOS_)))

  it.effect("the factor id is a path segment, encoded", () =>
    Effect.gen(function*() {
      const missing = yield* Effect.flip(AuthFactors.get("../users"))
      assert.strictEqual(missing._tag, "WorkOSNotFound")
      const emulator = yield* Emulator.Emulator
      assert.strictEqual(emulator.requests.at(-1)!.path, "/auth/factors/..%2Fusers")
    }).pipe(Effect.provide(TestWorkOS_)))
})
