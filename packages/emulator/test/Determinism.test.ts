/**
 * A seed and a clock decide every id, code and token; the organizations endpoints tests
 * use to set up memberships; the exchange hook.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { Emulator } from "../src/index.js"
import { api, layer } from "./utils/api.js"

const run = (seed: string) =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const user = yield* api("POST", "/user_management/users", {
      body: { email: "det@example.com", password: "long enough pw", email_verified: true }
    })
    const magic = yield* api("POST", "/user_management/magic_auth", { body: { email: "det@example.com" } })
    const signIn = yield* api("POST", "/user_management/authenticate", {
      auth: false,
      body: {
        client_id: emulator.clientId,
        client_secret: emulator.apiKey,
        grant_type: "password",
        email: "det@example.com",
        password: "long enough pw"
      }
    })
    return {
      user: user.body.id,
      code: magic.body.code,
      access: signIn.body.access_token,
      refresh: signIn.body.refresh_token
    }
  }).pipe(Effect.provide(layer({ seed })))

describe("determinism", () => {
  it.effect("the instance's clock is the Clock of the fiber that made it, plus advanceClock", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(emulator.now(), 3_600_000)
      const first = emulator.createUser({ email: "clock@example.com" })
      assert.strictEqual(emulator.users().find((u) => u.id === first)?.created_at, "1970-01-01T01:00:00.000Z")
      emulator.advanceClock(60_000)
      assert.strictEqual(emulator.now(), 3_660_000)
      emulator.addGroup(emulator.createOrganization({ name: "Acme" }), "Team", [])
      const org = yield* api("GET", "/organizations")
      assert.strictEqual(org.body.data[0].created_at, "1970-01-01T01:01:00.000Z")
      // Given explicitly, the time is used as it is.
      const second = emulator.createUser({ email: "explicit@example.com" }, 0)
      assert.strictEqual(emulator.users().find((u) => u.id === second)?.created_at, "1970-01-01T00:00:00.000Z")
    }).pipe(Effect.provide(layer())))

  it.effect("the same seed and clock give the same ids, codes and tokens; another seed does not", () =>
    Effect.gen(function*() {
      const a = yield* run("alpha")
      const b = yield* run("alpha")
      const c = yield* run("beta")
      assert.isString(a.refresh)
      assert.deepStrictEqual(a, b)
      assert.notStrictEqual(a.user, c.user)
      assert.notStrictEqual(a.refresh, c.refresh)
    }))
})

describe("organizations", () => {
  it.effect("create, read, list and delete organizations", () =>
    Effect.gen(function*() {
      const created = yield* api("POST", "/organizations", { body: { name: "Initech", domains: ["initech.com"] } })
      assert.strictEqual(created.status, 201)
      assert.strictEqual(created.body.domains[0].domain, "initech.com")
      assert.strictEqual((yield* api("GET", `/organizations/${created.body.id}`)).body.name, "Initech")
      assert.strictEqual((yield* api("GET", "/organizations")).body.data.length, 1)
      assert.strictEqual((yield* api("DELETE", `/organizations/${created.body.id}`)).status, 200)
      assert.strictEqual((yield* api("GET", `/organizations/${created.body.id}`)).status, 404)
      assert.strictEqual((yield* api("POST", "/organizations", { body: {} })).status, 422)
    }).pipe(Effect.provide(layer())))
})

describe("exchanges", () => {
  it.effect("every answered request is recorded with its route template", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      yield* api("GET", "/user_management/users/user_nope")
      const last = emulator.exchanges.at(-1)!
      assert.strictEqual(last.template, "/user_management/users/{id}")
      assert.strictEqual(last.status, 404)
      assert.strictEqual(emulator.count("GET", "/user_management/users/{id}"), 1)
      const grant = yield* api("POST", "/user_management/authenticate", {
        auth: false,
        body: { client_id: emulator.clientId, grant_type: "urn:example:unknown" }
      })
      assert.strictEqual(grant.status, 422, JSON.stringify(grant.body))
      assert.strictEqual(grant.body.code, "invalid_request_parameters")
    }).pipe(Effect.provide(layer())))

  it.effect("history keeps the latest exchanges; counts cover every request", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      for (let i = 0; i < 200; i++) yield* api("GET", `/user_management/users/user_${i}`)
      yield* api("GET", "/user_management/users")
      assert.isAtMost(emulator.exchanges.length, 128)
      assert.isAtMost(emulator.requests.length, 128)
      assert.strictEqual(emulator.exchanges.at(-1)!.template, "/user_management/users")
      assert.strictEqual(emulator.count("GET", "/user_management/users/{id}"), 200)
      assert.strictEqual(emulator.statusCount(404), 200)
      assert.strictEqual(emulator.statusCount(200), 1)
    }).pipe(Effect.provide(layer({ history: 10 }))))
})
