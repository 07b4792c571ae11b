/**
 * Testing an app against the emulator: no network, no mocks, real WorkOS behaviour.
 */
// --- app
import { FetchHttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { Events, Users, WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"

// The code under test: your app's own function, written against the SDK.
const countVerifiedUsers = Users.list().pipe(
  Stream.filter((user) => user.emailVerified),
  Stream.runCount
)
// --- end

// --- layer
// The emulator serves an HttpClient in memory and is the Emulator service to seed and
// inspect; the SDK gets a WorkOSConfig for its connection (no retries, so a test sees a
// failure at once).
const seed: Emulator.Options = {
  organizations: [{ id: "org_acme", name: "Acme" }],
  users: [
    { email: "ada@example.com", password: "correct horse battery", memberships: [{ organization: "org_acme" }] },
    { email: "new@example.com", emailVerified: false }
  ]
}
const TestWorkOS = Layer.merge(
  Emulator.layer(seed),
  WorkOSConfig.layer({ ...Emulator.connection(seed), retry: "none" })
)
// --- end

describe("my app", () => {
  // --- basic
  it.effect("counts verified users", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* countVerifiedUsers, 1)
    }).pipe(Effect.provide(TestWorkOS)))
  // --- end

  // --- faults
  it.effect("survives a WorkOS outage", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      emulator.failNext({ path: "/user_management/users", status: 503, times: 1 })
      const error = yield* Effect.flip(countVerifiedUsers)
      assert.strictEqual(error._tag, "WorkOSServerError")
      assert.strictEqual(yield* countVerifiedUsers, 1, "the next call goes through")
    }).pipe(Effect.provide(TestWorkOS)))
  // --- end

  // --- http
  it.scoped("the same app over real HTTP, with the platform's fetch client", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.serve({ users: [{ email: "ada@example.com" }] })
      const WorkOSOverHttp = Layer.merge(
        WorkOSConfig.layer({ apiKey: server.emulator.apiKey, baseUrl: server.url }),
        FetchHttpClient.layer
      )
      assert.strictEqual(yield* countVerifiedUsers.pipe(Effect.provide(WorkOSOverHttp)), 1)
    }))
  // --- end

  // --- events
  it.effect("every change the app makes is an event, as WorkOS would record it", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const user = yield* Users.create({ email: "grace@example.com" })
      const events = yield* Stream.runCollect(Events.list({ events: ["user.created"] }))
      assert.deepStrictEqual([...events].map((e) => e._tag === "user.created" && e.data.id).at(-1), user.id)
      assert.strictEqual(emulator.events().at(-1)?.event, "user.created")
    }).pipe(Effect.provide(TestWorkOS)))
  // --- end
})
