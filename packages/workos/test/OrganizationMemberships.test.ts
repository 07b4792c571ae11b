import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { Emulator } from "effect-workos-emulator"
import { OrganizationMemberships } from "../src/index.js"
import { emulated } from "./utils/emulated.js"

const TestWorkOS = emulated({
  organizations: [{ id: "org_acme", name: "Acme" }, { id: "org_globex", name: "Globex" }],
  users: [
    { email: "ann@example.com", memberships: [{ organization: "org_acme" }] },
    { email: "bob@example.com" },
    ...Array.from(
      { length: 30 },
      (_, i) => ({ email: `m${i}@example.com`, memberships: [{ organization: "org_globex" }] })
    )
  ]
})
const userId = (email: string) => Effect.map(Emulator.Emulator, (e) => e.userId(email)!)

describe("OrganizationMemberships", () => {
  it.effect("create with a role, get, update roles, deactivate, reactivate, delete", () =>
    Effect.gen(function*() {
      const bob = yield* userId("bob@example.com")
      const created = yield* OrganizationMemberships.create({
        userId: bob,
        organizationId: "org_acme",
        roleSlug: "admin"
      })
      assert.strictEqual(created.role.slug, "admin")
      assert.strictEqual(created.user?.email, "bob@example.com")
      assert.strictEqual(created.organizationName, "Acme")
      assert.strictEqual((yield* OrganizationMemberships.get(created.id)).status, "active")
      const updated = yield* OrganizationMemberships.update(created.id, { roleSlug: "member" })
      assert.deepStrictEqual(updated.roles?.map((r) => r.slug), ["member"])
      assert.strictEqual((yield* OrganizationMemberships.deactivate(created.id)).status, "inactive")
      assert.strictEqual((yield* OrganizationMemberships.reactivate(created.id)).status, "active")
      yield* OrganizationMemberships.delete(created.id)
      assert.strictEqual((yield* Effect.flip(OrganizationMemberships.get(created.id)))._tag, "WorkOSNotFound")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("roleSlug and roleSlugs together, or neither user nor organization, are rejected before sending", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const both = yield* Effect.flip(
        OrganizationMemberships.create({ userId: "u", organizationId: "o", roleSlug: "a", roleSlugs: ["b"] } as never)
      )
      assert.strictEqual(both._tag, "WorkOSInvalidRequest")
      assert.strictEqual(both._tag === "WorkOSInvalidRequest" && both.field, "roleSlugs")
      assert.include(both.message, "roleSlug and roleSlugs are mutually exclusive")
      const noFilter = yield* Effect.flip(OrganizationMemberships.listPage({}))
      assert.strictEqual(noFilter._tag, "WorkOSInvalidRequest")
      assert.strictEqual(noFilter._tag === "WorkOSInvalidRequest" && noFilter.field, "userId")
      assert.include(noFilter.message, "Give userId or organizationId (or both)")
      assert.strictEqual(emulator.requests.length, 0)
      const role = yield* Effect.flip(OrganizationMemberships.create({
        userId: yield* userId("bob@example.com"),
        organizationId: "org_acme",
        roleSlug: "owner"
      }))
      assert.strictEqual(role._tag, "WorkOSUnprocessable")
      assert.strictEqual(role.code, "invalid_role")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("statuses are sent comma-joined and kept on every page of the stream", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const all = yield* Stream.runCollect(
        OrganizationMemberships.list({ organizationId: "org_globex", statuses: ["active", "inactive"], limit: 7 })
      )
      assert.strictEqual(all.length, 30)
      assert.strictEqual(new Set(Chunk.toArray(all).map((m) => m.id)).size, 30)
      const queries = emulator.requests.map((r) => r.query)
      assert.strictEqual(queries.length, 5)
      for (const q of queries) {
        assert.strictEqual(q.get("statuses"), "active,inactive")
        assert.strictEqual(q.get("organization_id"), "org_globex")
      }
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("groups of a membership", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const ann = yield* userId("ann@example.com")
      const [membership] = (yield* OrganizationMemberships.listPage({ userId: ann })).data
      emulator.addGroup("org_acme", "Engineering", [membership!.id], 0)
      const groups = yield* Stream.runCollect(OrganizationMemberships.listGroups(membership!.id))
      assert.deepStrictEqual(Chunk.toArray(groups).map((g) => g.name), ["Engineering"])
    }).pipe(Effect.provide(TestWorkOS)))
})
