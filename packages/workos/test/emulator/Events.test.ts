/**
 * The event log (`GET /events`, validated against the spec, event by event) and webhook
 * delivery on the caller's clock.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Layer, Redacted, Stream, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import { createHmac } from "node:crypto"
import { Authentication, Events, Webhooks } from "../../src/index.js"
import { api, layer } from "../utils/emulator.js"

const password = "correct horse battery"
const TestWorkOS = layer({
  organizations: [{ id: "org_acme", name: "Acme" }],
  users: [{ email: "ann@example.com", password, memberships: [{ organization: "org_acme" }] }]
})

const realTicks = (n: number) =>
  Effect.repeatN(Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 2))), n - 1)

describe("events", () => {
  it.effect("every kind of change is recorded in the spec's shapes, and GET /events serves them", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const signIn = yield* Authentication.withPassword({ email: "ann@example.com", password: Redacted.make(password) })
      const session = emulator.sessions(0)[0]!
      yield* api("POST", "/user_management/sessions/revoke", { body: { session_id: session.id } })
      const invitation = yield* api("POST", "/user_management/invitations", {
        body: { email: "new@example.com", organization_id: "org_acme" }
      })
      yield* api("POST", `/user_management/invitations/${invitation.body.id}/resend`, { body: {} })
      yield* api("POST", `/user_management/invitations/${invitation.body.id}/revoke`)
      yield* api("POST", "/user_management/magic_auth", { body: { email: "ann@example.com" } })
      yield* api("POST", "/user_management/password_reset", { body: { email: "ann@example.com" } })
      const reset = emulator.lastMessage({ kind: "password_reset" })!
      yield* api("POST", "/user_management/password_reset/confirm", {
        body: { token: reset.token, new_password: "another good password" }
      })
      const bob = yield* api("POST", "/user_management/users", { body: { email: "bob@example.com" } })
      yield* api("POST", `/user_management/users/${bob.body.id}/email_verification/send`)
      const code = emulator.lastMessage({ kind: "email_verification" })!.code
      yield* api("POST", `/user_management/users/${bob.body.id}/email_verification/confirm`, { body: { code } })
      yield* api("PUT", "/organizations/org_acme", { body: { name: "Acme Corp" } })
      yield* api("DELETE", "/organizations/org_acme")

      const types = Chunk.toArray(yield* Stream.runCollect(Events.list({ limit: 5 }))).map((e) => e.event)
      assert.deepStrictEqual(types, [
        "organization.created",
        "user.created",
        "organization_membership.created",
        "authentication.password_succeeded",
        "session.created",
        "session.revoked",
        "invitation.created",
        "invitation.resent",
        "invitation.revoked",
        "magic_auth.created",
        "password_reset.created",
        "password_reset.succeeded",
        "user.created",
        "email_verification.created",
        "user.updated",
        "organization.updated",
        "organization_membership.deleted",
        "organization.deleted"
      ])
      assert.strictEqual(signIn.user.email, "ann@example.com")
      // Every GET /events answer above was validated against the spec's EventList (a oneOf per type).
      assert.isAtLeast(emulator.exchanges.filter((x) => x.path === "/events").length, 4)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("an unknown cursor and a bad range are 422s", () =>
    Effect.gen(function*() {
      const cursor = yield* api("GET", "/events", { query: { after: "event_nope" } })
      assert.strictEqual(cursor.status, 422)
      assert.deepStrictEqual(cursor.body.errors, [{ field: "after", code: "invalid_cursor" }])
      const range = yield* api("GET", "/events", { query: { range_start: "yesterday" } })
      assert.strictEqual(range.status, 422)
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("webhook delivery", () => {
  const receiver = (statuses: Array<number>, received: Array<{ at: number; body: string; signature: string }>) =>
    Layer.succeed(
      HttpClient.HttpClient,
      HttpClient.make((request) =>
        Effect.gen(function*() {
          const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
          received.push({
            at: yield* Effect.clockWith((clock) => clock.currentTimeMillis),
            body,
            signature: request.headers["workos-signature"]!
          })
          return HttpClientResponse.fromWeb(request, new Response(null, { status: statuses.shift() ?? 200 }))
        })
      )
    )

  it.effect("signs each event, retries non-2xx after 1, 2, 4 ... seconds, and stops at the first 2xx", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const received: Array<{ at: number; body: string; signature: string }> = []
      const start = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
      const endpoint = emulator.addWebhookEndpoint(
        { url: "http://hooks.test/workos", secret: "whsec_test", events: ["user.created"] },
        start
      )
      assert.strictEqual(endpoint.secret, "whsec_test")
      const fiber = yield* Emulator.deliverWebhooks(emulator).pipe(
        Effect.provide(receiver([500, 503, 200], received)),
        Effect.fork
      )
      yield* api("POST", "/user_management/users", { body: { email: "bob@example.com" } })
      yield* api("PUT", "/organizations/org_acme", { body: { name: "not subscribed" } })
      for (let i = 0; i < 8; i++) {
        yield* realTicks(3)
        yield* TestClock.adjust("1 second")
      }
      yield* realTicks(3)
      yield* Fiber.interrupt(fiber)

      assert.deepStrictEqual(received.map((r) => r.at - start), [0, 1000, 3000])
      assert.deepStrictEqual(emulator.webhookDeliveries(), [{
        endpointId: endpoint.id,
        eventId: JSON.parse(received[0]!.body).id,
        state: "delivered",
        statuses: [500, 503, 200]
      }])
      for (const { at, body, signature } of received) {
        const expected = createHmac("sha256", "whsec_test").update(`${at}.${body}`).digest("hex")
        assert.strictEqual(signature, `t=${at}, v1=${expected}`)
        const event = yield* Webhooks.constructEvent(body, signature, { secret: Redacted.make("whsec_test") })
        assert.strictEqual(event._tag, "user.created")
      }
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a delivery sends the event as recorded, even after history dropped it from the log", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const received: Array<{ at: number; body: string; signature: string }> = []
      emulator.addWebhookEndpoint({ url: "http://hooks.test/workos", secret: "whsec_test" }, 0)
      for (let i = 0; i < 200; i++) emulator.createUser({ email: `u${i}@example.com` }, 0)
      assert.isAtMost(emulator.events().length, 128)
      const fiber = yield* Emulator.deliverWebhooks(emulator).pipe(
        Effect.provide(receiver([], received)),
        Effect.fork
      )
      yield* realTicks(20)
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(received.length, 200)
      assert.strictEqual(JSON.parse(received[0]!.body).data.email, "u0@example.com")
      assert.isTrue(emulator.webhookDeliveries().every((d) => d.state === "delivered"))
    }).pipe(Effect.provide(layer({ history: 64 }))))

  it.effect("gives up after six attempts; endpoints are registered over HTTP with the API key", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const unauthorized = yield* api("POST", "/__emulator/webhook_endpoints", {
        body: { endpoint_url: "http://hooks.test/x" },
        auth: false
      })
      assert.strictEqual(unauthorized.status, 401)
      const bad = yield* api("POST", "/__emulator/webhook_endpoints", { body: { endpoint_url: "ftp://x" } })
      assert.strictEqual(bad.status, 422)
      const created = yield* api("POST", "/__emulator/webhook_endpoints", {
        body: { endpoint_url: "http://hooks.test/x" }
      })
      assert.strictEqual(created.status, 201)
      assert.match(created.body.secret, /^\w{24}$/)
      const received: Array<{ at: number; body: string; signature: string }> = []
      const fiber = yield* Emulator.deliverWebhooks(emulator).pipe(
        Effect.provide(receiver(Array(10).fill(500), received)),
        Effect.fork
      )
      yield* api("POST", "/user_management/users", { body: { email: "bob@example.com" } })
      for (let i = 0; i < 40; i++) {
        yield* realTicks(3)
        yield* TestClock.adjust("1 second")
      }
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(received.length, 6)
      assert.deepStrictEqual(emulator.webhookDeliveries().map((d) => [d.state, d.statuses.length]), [["failed", 6]])
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("event history", () => {
  it.effect("history bounds the event log as it bounds requests: the newest events stay", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      for (let i = 0; i < 300; i++) emulator.createUser({ email: `u${i}@example.com` }, 0)
      const events = emulator.events()
      assert.isAtMost(events.length, 128)
      assert.isAtLeast(events.length, 64)
      assert.strictEqual(events.at(-1)!.event, "user.created")
      assert.strictEqual((events.at(-1)!.data as { email: string }).email, "u299@example.com")
      const page = yield* api("GET", "/events", { query: { after: events[0]!.id, limit: "100" } })
      assert.strictEqual(page.status, 200)
    }).pipe(Effect.provide(layer({ history: 64 }))))
})
