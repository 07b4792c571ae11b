/**
 * The sync guide's replica, as a property: load the users while another fiber creates,
 * updates and deletes users and memberships at random, follow events until the replica
 * has applied the newest one, and the replica equals the emulator's state.
 */
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, FastCheck, Fiber, Schedule, Stream } from "effect"
import { Events, OrganizationMemberships, Organizations, Users } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import { followChanges, initialLoad, type Replica, replicaEvents } from "./sync.js"
import { emulated } from "./utils/emulated.js"

const memoryReplica = () => {
  const users = new Map<string, Users.User>()
  const memberships = new Map<string, OrganizationMemberships.OrganizationMembership>()
  let cursor: string | null = null
  const replica: Replica = {
    putUser: (user) => Effect.sync(() => void users.set(user.id, user)),
    removeUser: (id) => Effect.sync(() => void users.delete(id)),
    putMembership: (m) => Effect.sync(() => void memberships.set(m.id, m)),
    removeMembership: (id) => Effect.sync(() => void memberships.delete(id)),
    loadCursor: Effect.sync(() => cursor),
    saveCursor: (id) => Effect.sync(() => void (cursor = id))
  }
  return { replica, users, memberships, cursor: () => cursor }
}

type Op =
  | { readonly _tag: "createUser" }
  | { readonly _tag: "updateUser"; readonly pick: number; readonly name: string }
  | { readonly _tag: "deleteUser"; readonly pick: number }
  | { readonly _tag: "join"; readonly pick: number; readonly org: number }
  | { readonly _tag: "setStatus"; readonly pick: number; readonly active: boolean }
  | { readonly _tag: "leave"; readonly pick: number }

const opArbitrary: FastCheck.Arbitrary<Op> = FastCheck.oneof(
  FastCheck.constant({ _tag: "createUser" as const }),
  FastCheck.record({
    _tag: FastCheck.constant("updateUser" as const),
    pick: FastCheck.nat(),
    name: FastCheck.string()
  }),
  FastCheck.record({ _tag: FastCheck.constant("deleteUser" as const), pick: FastCheck.nat() }),
  FastCheck.record({ _tag: FastCheck.constant("join" as const), pick: FastCheck.nat(), org: FastCheck.nat(2) }),
  FastCheck.record({
    _tag: FastCheck.constant("setStatus" as const),
    pick: FastCheck.nat(),
    active: FastCheck.boolean()
  }),
  FastCheck.record({ _tag: FastCheck.constant("leave" as const), pick: FastCheck.nat() })
)

const organizations = ["org_a", "org_b", "org_c"]

/** One random change, through the SDK; a change the API refuses (e.g. a second join) is fine. */
const perform = (op: Op, serial: number) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const userIds = emulator.users().map((u) => u.id)
    const membershipIds = emulator.memberships().map((m) => m.id)
    const user = userIds[("pick" in op ? op.pick : 0) % Math.max(1, userIds.length)]
    const membership = membershipIds[("pick" in op ? op.pick : 0) % Math.max(1, membershipIds.length)]
    switch (op._tag) {
      case "createUser":
        return yield* Effect.asVoid(Users.create({ email: `new${serial}@example.com` }))
      case "updateUser":
        return user === undefined ? undefined : yield* Effect.asVoid(Users.update(user, { firstName: op.name }))
      case "deleteUser":
        return user === undefined ? undefined : yield* Users.delete(user)
      case "join":
        return user === undefined
          ? undefined
          : yield* Effect.asVoid(
            OrganizationMemberships.create({ userId: user, organizationId: organizations[op.org]! })
          )
      case "setStatus":
        return membership === undefined
          ? undefined
          : yield* Effect.asVoid(
            op.active
              ? OrganizationMemberships.reactivate(membership)
              : OrganizationMemberships.deactivate(membership)
          )
      case "leave":
        return membership === undefined ? undefined : yield* OrganizationMemberships.delete(membership)
    }
  }).pipe(Effect.catchTags({ WorkOSBadRequest: () => Effect.void, WorkOSNotFound: () => Effect.void }))

const stateOf = Effect.gen(function*() {
  const users = yield* Stream.runCollect(Users.list())
  const memberships = yield* Organizations.list().pipe(
    Stream.flatMap((org) =>
      OrganizationMemberships.list({ organizationId: org.id, statuses: ["active", "inactive", "pending"] })
    ),
    Stream.runCollect
  )
  return {
    users: Chunk.toArray(users).map((u) => JSON.stringify(u)).sort(),
    memberships: Chunk.toArray(memberships).map((m) => `${m.id} ${m.userId} ${m.organizationId} ${m.status}`).sort()
  }
})

describe("sync guide", () => {
  it.live("the replica equals WorkOS after concurrent random changes", () =>
    Effect.promise(() =>
      FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.integer({ min: 0, max: 150 }),
          FastCheck.array(opArbitrary, { minLength: 20, maxLength: 120 }),
          (seedUsers, ops) =>
            Effect.runPromise(
              Effect.gen(function*() {
                const { memberships, replica, users } = memoryReplica()
                const changes = yield* Effect.forEach(ops, (op, i) =>
                  Effect.zipRight(perform(op, i), Effect.yieldNow()), {
                  discard: true
                }).pipe(Effect.fork)
                yield* initialLoad(replica)
                const follower = yield* followChanges(replica, Schedule.spaced("2 millis")).pipe(Effect.fork)
                yield* Fiber.join(changes)
                // Quiet: the replica has applied the newest relevant event.
                const newest = yield* Events.latestId({ events: replicaEvents })
                yield* Effect.repeat(
                  Effect.sync(() =>
                    replica
                  ),
                  {
                    until: () => newest === null || loadCursorNow(replica) === newest,
                    schedule: Schedule.spaced("2 millis")
                  }
                ).pipe(Effect.timeoutFail({ duration: "20 seconds", onTimeout: () => "replica never caught up" }))
                yield* Fiber.interrupt(follower)

                const truth = yield* stateOf
                assert.deepStrictEqual([...users.values()].map((u) => JSON.stringify(u)).sort(), truth.users)
                assert.deepStrictEqual(
                  [...memberships.values()].map((m) => `${m.id} ${m.userId} ${m.organizationId} ${m.status}`).sort(),
                  truth.memberships
                )
                sizes.push({ users: truth.users.length, memberships: truth.memberships.length, ops: ops.length })
              }).pipe(
                Effect.provide(emulated({
                  organizations: organizations.map((id) => ({ id, name: id })),
                  users: Array.from({ length: seedUsers }, (_, i) => ({
                    email: `seed${i}@example.com`,
                    memberships: i % 3 === 0 ? [{ organization: organizations[i % 3]! }] : []
                  }))
                }))
              )
            )
        ),
        { numRuns: 25, seed: 14 }
      )
    ).pipe(Effect.tap(() =>
      Effect.sync(() => {
        assert.strictEqual(sizes.length >= 25, true)
        console.log(
          `sync property: ${sizes.length} runs, up to ${Math.max(...sizes.map((s) => s.users))} users, ${
            Math.max(...sizes.map((s) => s.memberships))
          } memberships, ${sizes.reduce((n, s) => n + s.ops, 0)} random changes in all`
        )
      })
    )), { timeout: 120_000 })
})

const sizes: Array<{ users: number; memberships: number; ops: number }> = []
const loadCursorNow = (replica: Replica): string | null => Effect.runSync(replica.loadCursor)
