import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Redacted, Schedule, Schema, Stream, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import {
  Authentication,
  EmailVerification,
  Events,
  Invitations,
  MagicAuth,
  OrganizationMemberships,
  Organizations,
  PasswordReset,
  Users
} from "../src/index.js"
import { realTicks } from "./utils/clock.js"
import { emulated } from "./utils/emulated.js"

const TestWorkOS = emulated({ organizations: [{ id: "org_acme", name: "Acme" }] })

const eventsRequests = (emulator: Emulator.EmulatorInstance) => emulator.requests.filter((r) => r.path === "/events")

const wireEvent = (id: string, event: string, data: Record<string, unknown>) => ({
  object: "event",
  id,
  event,
  data,
  created_at: "2026-01-15T12:00:00.000Z"
})

/** A last page of events of a type this version does not know, by id. */
const eventsPage = (ids: ReadonlyArray<string>) => ({
  object: "list",
  data: ids.map((id) => wireEvent(id, "something.new", {})),
  list_metadata: { after: null }
})

describe("Events.list", () => {
  it.effect("every change is an event, oldest first, with a typed payload", () =>
    Effect.gen(function*() {
      const user = yield* Users.create({ email: "ann@example.com", firstName: "Ann" })
      yield* Users.update(user.id, { lastName: "Lee" })
      const membership = yield* OrganizationMemberships.create({ userId: user.id, organizationId: "org_acme" })
      yield* OrganizationMemberships.deactivate(membership.id)
      const org = yield* Organizations.create({ name: "Globex", externalId: "globex" })
      yield* Organizations.update(org.id, { name: "Globex Corp" })
      yield* Users.delete(user.id)

      const events = Chunk.toArray(yield* Stream.runCollect(Events.list()))
      assert.deepStrictEqual(events.map((e) => e._tag), [
        "organization.created", // the seeded organization
        "user.created",
        "user.updated",
        "organization_membership.created",
        "organization_membership.updated",
        "organization.created",
        "organization.updated",
        "organization_membership.deleted", // deleting a user deletes its memberships first
        "user.deleted"
      ])
      for (const event of events) {
        switch (event._tag) {
          case "user.created":
            assert.strictEqual(event.data.firstName, "Ann")
            assert.strictEqual(event.data.lastName, null)
            break
          case "user.updated":
          case "user.deleted":
            assert.strictEqual(event.data.lastName, "Lee")
            break
          case "organization_membership.updated":
            assert.strictEqual(event.data.status, "inactive")
            break
          case "organization.updated":
            assert.strictEqual(event.data.name, "Globex Corp")
            assert.strictEqual(event.data.externalId, "globex")
            break
        }
      }
      const ids = new Set(events.map((e) => e.id))
      assert.strictEqual(ids.size, events.length)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("filters by event types (sent comma-separated), organization and time range", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const ann = yield* Users.create({ email: "ann@example.com" })
      yield* TestClock.adjust("1 hour")
      const bob = yield* Users.create({ email: "bob@example.com" })
      yield* OrganizationMemberships.create({ userId: bob.id, organizationId: "org_acme" })

      const users = yield* Stream.runCollect(Events.list({ events: ["user.created", "user.deleted"] }))
      assert.deepStrictEqual(
        Chunk.toArray(users).map((e) => e._tag === "user.created" ? e.data.email : "?"),
        ["ann@example.com", "bob@example.com"]
      )
      assert.strictEqual(eventsRequests(emulator).at(-1)!.query.get("events"), "user.created,user.deleted")

      const acme = yield* Stream.runCollect(Events.list({ organizationId: "org_acme" }))
      assert.deepStrictEqual(Chunk.toArray(acme).map((e) => e._tag), [
        "organization.created",
        "organization_membership.created"
      ])

      const later = new Date(Date.parse(ann.createdAt) + 30 * 60_000).toISOString()
      const recent = yield* Stream.runCollect(Events.list({ rangeStart: later, events: ["user.created"] }))
      assert.deepStrictEqual(Chunk.toArray(recent).map((e) => e.id).length, 1)
      const early = yield* Stream.runCollect(Events.list({ rangeEnd: later, events: ["user.created"] }))
      assert.strictEqual(early.length, 1)
      assert.notStrictEqual(Chunk.unsafeGet(recent, 0).id, Chunk.unsafeGet(early, 0).id)

      assert.strictEqual(yield* Events.latestId({ events: ["user.created"] }), Chunk.unsafeGet(recent, 0).id)
      assert.strictEqual(yield* Events.latestId({ events: ["session.created"] }), null)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("payloads never carry one-time codes or tokens", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* Users.create({ email: "ann@example.com" })
      const magic = yield* MagicAuth.create({ email: "ann@example.com" })
      const reset = yield* PasswordReset.create({ email: "ann@example.com" })
      const events = Chunk.toArray(yield* Stream.runCollect(Events.list()))
      const magicEvent = events.find((e) => e._tag === "magic_auth.created")
      const resetEvent = events.find((e) => e._tag === "password_reset.created")
      assert.strictEqual(magicEvent?._tag === "magic_auth.created" && magicEvent.data.id, magic.id)
      assert.strictEqual(resetEvent?._tag === "password_reset.created" && resetEvent.data.id, reset.id)
      const wire = JSON.stringify(emulator.events())
      assert.notInclude(wire, Redacted.value(magic.code))
      assert.notInclude(wire, Redacted.value(reset.passwordResetToken))
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("an event type this version does not know is kept, raw; a known type with a bad payload fails", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      emulator.failNext({
        path: "/events",
        status: 200,
        body: {
          object: "list",
          data: [
            wireEvent("event_1", "dsync.user.created", { id: "directory_user_1", emails: [] }),
            wireEvent("event_2", "something.new", { anything: { nested: true } })
          ],
          list_metadata: { after: null }
        }
      })
      const page = yield* Events.listPage()
      assert.deepStrictEqual(page.data.map((e) => [e._tag, e.event]), [
        ["UnknownEvent", "dsync.user.created"],
        ["UnknownEvent", "something.new"]
      ])
      const unknown = page.data[1]!
      assert.deepStrictEqual(unknown._tag === "UnknownEvent" && unknown.data, { anything: { nested: true } })

      emulator.failNext({
        path: "/events",
        status: 200,
        body: { object: "list", data: [wireEvent("event_3", "user.created", { id: 42 })], list_metadata: {} }
      })
      const failed = yield* Effect.flip(Events.listPage())
      assert.strictEqual(failed._tag, "WorkOSDecodeError")
    }).pipe(Effect.provide(TestWorkOS)))

  it("decodes the spec's example event and encodes back to its wire form", () => {
    const wire = wireEvent("event_9", "organization.created", {
      object: "organization",
      id: "org_1",
      name: "Foo",
      domains: [],
      metadata: {},
      external_id: null,
      created_at: "2026-01-15T12:00:00.000Z",
      updated_at: "2026-01-15T12:00:00.000Z"
    })
    const event = Schema.decodeUnknownSync(Events.Event)(wire)
    assert.strictEqual(event._tag, "organization.created")
    const encoded = Schema.encodeSync(Events.Event)(event) as Record<string, unknown>
    assert.strictEqual(encoded["event"], "organization.created")
    assert.strictEqual(encoded["created_at"], wire.created_at)
    assert.isFalse("_tag" in encoded)
  })
})

describe("Events.follow", () => {
  it.effect("delivers what exists, then what happens while it follows, and ends when quiet", () =>
    Effect.gen(function*() {
      yield* Users.create({ email: "a@example.com" })
      const fiber = yield* Events.follow({ idle: Events.untilQuiet(3, "1 second"), limit: 2 }).pipe(
        Stream.runCollect,
        Effect.fork
      )
      yield* realTicks(5)
      yield* Users.create({ email: "b@example.com" })
      yield* Users.create({ email: "c@example.com" })
      for (let i = 0; i < 10; i++) {
        yield* TestClock.adjust("1 second")
        yield* realTicks(3)
      }
      const events = Chunk.toArray(yield* Fiber.join(fiber))
      assert.deepStrictEqual(
        events.filter((e) => e._tag === "user.created").map((e) => e._tag === "user.created" && e.data.email),
        ["a@example.com", "b@example.com", "c@example.com"]
      )
      assert.strictEqual(events[0]!._tag, "organization.created")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("starts after a saved cursor, and polls after the last event it delivered", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* Users.create({ email: "a@example.com" })
      const saved = yield* Events.latestId()
      yield* Users.create({ email: "b@example.com" })
      const events = yield* Events.follow({ after: saved!, idle: Schedule.stop }).pipe(Stream.runCollect)
      assert.deepStrictEqual(
        Chunk.toArray(events).map((e) => e._tag === "user.created" ? e.data.email : e._tag),
        ["b@example.com"]
      )
      const polls = eventsRequests(emulator).slice(-2)
      assert.strictEqual(polls[0]!.query.get("after"), saved)
      assert.strictEqual(polls[0]!.query.get("order"), "asc")
      assert.strictEqual(polls[1]!.query.get("after"), Chunk.unsafeGet(events, 0).id)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("backs off while idle (1, 2, 4, ... seconds, at most 30) and resets when events arrive", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const fiber = yield* Events.follow().pipe(Stream.runDrain, Effect.fork)
      const pollsAfter = (seconds: number) =>
        Effect.gen(function*() {
          for (let i = 0; i < seconds; i++) {
            yield* realTicks(2)
            yield* TestClock.adjust("1 second")
          }
          yield* realTicks(3)
          return eventsRequests(emulator).length
        })
      // Polls at 0 (the seeded event), 0 (empty), then 1, 3, 7, 15, 31, 61, 91 seconds.
      assert.strictEqual(yield* pollsAfter(16), 6)
      assert.strictEqual(yield* pollsAfter(16), 7)
      assert.strictEqual(yield* pollsAfter(60), 9)
      yield* Users.create({ email: "a@example.com" })
      const before = eventsRequests(emulator).length
      // The next poll (at most 30 seconds away, at 121) delivers it and polls again at once;
      // then the backoff starts again at 1 second: 122, 124, 128.
      assert.strictEqual(yield* pollsAfter(30), before + 3)
      assert.strictEqual(yield* pollsAfter(3), before + 4)
      yield* Fiber.interrupt(fiber)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("drops an event id it already delivered (a page repeated by the server)", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      emulator.failNext({ path: "/events", status: 200, body: eventsPage(["event_a", "event_b"]) })
      emulator.failNext({ path: "/events", status: 200, body: eventsPage(["event_b", "event_c"]) })
      emulator.failNext({ path: "/events", status: 200, body: eventsPage([]) })
      const events = yield* Events.follow({ idle: Schedule.stop }).pipe(Stream.runCollect)
      assert.deepStrictEqual(Chunk.toArray(events).map((e) => e.id), ["event_a", "event_b", "event_c"])
      const afters = eventsRequests(emulator).map((r) => r.query.get("after"))
      assert.deepStrictEqual(afters, [null, "event_b", "event_c"])
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a failed poll fails the stream with the cursor to resume from", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* Users.create({ email: "a@example.com" })
      const last = yield* Events.latestId()
      emulator.failNext({ path: "/events", status: 200, body: { object: "list", data: [], list_metadata: {} } })
      emulator.failNext({ path: "/events", status: 401, body: { message: "Unauthorized" } })
      const fiber = yield* Events.follow({ after: last!, idle: Schedule.spaced("1 second") }).pipe(
        Stream.runDrain,
        Effect.fork
      )
      yield* realTicks(3)
      yield* TestClock.adjust("1 second")
      const failed = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(failed._tag, "WorkOSUnauthorized")
      assert.strictEqual("resumeCursor" in failed && failed.resumeCursor, last)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("sends its filters and a page size of 100 on every poll", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* Events.follow({
        events: ["user.created", "user.deleted"],
        organizationId: "org_acme",
        idle: Schedule.stop
      })
        .pipe(Stream.runDrain)
      const poll = eventsRequests(emulator).at(-1)!.query
      assert.strictEqual(poll.get("events"), "user.created,user.deleted")
      assert.strictEqual(poll.get("organization_id"), "org_acme")
      assert.strictEqual(poll.get("limit"), "100")
      assert.strictEqual(poll.get("order"), "asc")
      yield* Events.follow({ limit: 7, idle: Schedule.stop }).pipe(Stream.runDrain)
      assert.strictEqual(eventsRequests(emulator).at(-1)!.query.get("limit"), "7")
      assert.isFalse(eventsRequests(emulator).at(-1)!.query.has("events"))
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("the dedupe window holds exactly dedupeWindow ids", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const run = (pages: ReadonlyArray<ReadonlyArray<string>>) => {
        for (const ids of pages) emulator.failNext({ path: "/events", status: 200, body: eventsPage(ids) })
        emulator.failNext({ path: "/events", status: 200, body: eventsPage([]) })
        return Events.follow({ dedupeWindow: 2, idle: Schedule.stop }).pipe(
          Stream.runCollect,
          Effect.map((events) => Chunk.toArray(events).map((e) => e.id))
        )
      }
      // Two ids fit: a repeated one is dropped.
      assert.deepStrictEqual(yield* run([["a", "b"], ["a"]]), ["a", "b"])
      // A third pushes the oldest out: it would be delivered again.
      assert.deepStrictEqual(yield* run([["a", "b", "c"], ["a"]]), ["a", "b", "c", "a"])
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("event payloads", () => {
  it.effect("sign-ins, invitations and one-time codes decode with their own payloads", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      emulator.createUser({ email: "ann@example.com", password: "correct horse battery" }, 0)
      yield* Authentication.withPassword({
        email: "ann@example.com",
        password: Redacted.make("correct horse battery"),
        ipAddress: "203.0.113.7",
        userAgent: "Mozilla/5.0"
      })
      const invitation = yield* Invitations.send({ email: "new@example.com", organizationId: "org_acme" })
      yield* EmailVerification.send(emulator.createUser({ email: "bob@example.com", emailVerified: false }, 0))
      const events = Chunk.toArray(yield* Stream.runCollect(Events.list()))
      const signIn = events.find((e) => e._tag === "authentication.password_succeeded")
      assert.deepStrictEqual(
        signIn?._tag === "authentication.password_succeeded" &&
          [signIn.data.type, signIn.data.status, signIn.data.email, signIn.data.ipAddress, signIn.data.userAgent],
        ["password", "succeeded", "ann@example.com", "203.0.113.7", "Mozilla/5.0"]
      )
      const session = events.find((e) => e._tag === "session.created")
      assert.strictEqual(session?._tag === "session.created" && session.data.ipAddress, "203.0.113.7")
      const invited = events.find((e) => e._tag === "invitation.created")
      assert.strictEqual(invited?._tag === "invitation.created" && invited.data.id, invitation.id)
      assert.isFalse(invited !== undefined && "token" in invited.data)
      const verification = events.find((e) => e._tag === "email_verification.created")
      assert.strictEqual(
        verification?._tag === "email_verification.created" && verification.data.email,
        "bob@example.com"
      )
    }).pipe(Effect.provide(TestWorkOS)))
})
