/**
 * Every operation of the spec's `/user_management/*` (and `/sso/jwks/{clientId}`) is
 * served, and unknown routes answer like the API.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Emulator } from "../src/index.js"
import { api, layer } from "./utils/api.js"
import { specOperations } from "./utils/spec.js"

describe("routes", () => {
  it.effect("serves every operation of the spec in scope", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const served = new Set(emulator.world.routes.map((r) => `${r.method} ${r.template}`))
      const operations = specOperations()
      assert.isAtLeast(operations.length, 60)
      const missing = operations.filter((op) => !served.has(`${op.method} ${op.template}`))
      assert.deepStrictEqual(missing, [])
    }).pipe(Effect.provide(layer())))

  it.effect("unknown routes are JSON 404s, wrong methods 405s, a missing key 401", () =>
    Effect.gen(function*() {
      const unknown = yield* api("GET", "/user_management/nope")
      assert.strictEqual(unknown.status, 404)
      assert.match(unknown.body.message, /Route not found/)
      const method = yield* api("DELETE", "/user_management/users")
      assert.strictEqual(method.status, 405)
      const noKey = yield* api("GET", "/user_management/users", { auth: false })
      assert.strictEqual(noKey.status, 401)
      assert.isString(noKey.headers["x-request-id"])
    }).pipe(Effect.provide(layer())))

  it.effect("bad JSON and wrong types are 4xx answers, never a crash", () =>
    Effect.gen(function*() {
      const wrongType = yield* api("POST", "/user_management/users", { body: { email: 42 } })
      assert.strictEqual(wrongType.status, 422)
      assert.strictEqual(wrongType.body.code, "invalid_request_parameters")
      assert.deepStrictEqual(wrongType.body.errors, [{ field: "email", code: "email_must_be_string" }])
      const notObject = yield* api("POST", "/user_management/users", { body: [1, 2] })
      assert.strictEqual(notObject.status, 422)
      const badEmail = yield* api("POST", "/user_management/users", { body: { email: "not-an-email" } })
      assert.strictEqual(badEmail.status, 422)
    }).pipe(Effect.provide(layer())))
})
