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

  it.effect("paths match exactly; parameters are percent-decoded; a malformed escape is a 404, not a crash", () =>
    Effect.gen(function*() {
      const byExternalId = yield* api("GET", "/user_management/users/external_id/team%2Fada")
      assert.strictEqual(byExternalId.status, 200)
      assert.strictEqual(byExternalId.body.email, "ada@example.com")
      const malformed = yield* api("GET", "/user_management/users/%E0%A4%A")
      assert.strictEqual(malformed.status, 404)
      assert.match(malformed.body.message, /Route not found/)
      assert.strictEqual((yield* api("GET", "/USER_MANAGEMENT/users")).status, 404)
      const emulator = yield* Emulator.Emulator
      assert.deepStrictEqual(emulator.exchanges.map((e) => [e.status, e.template ?? null]), [
        [200, "/user_management/users/external_id/{external_id}"],
        [404, null],
        [404, null]
      ])
    }).pipe(Effect.provide(layer({ users: [{ email: "ada@example.com", externalId: "team/ada" }] }))))

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

  it.effect("a list's query is checked: an unknown order and a limit out of range are named in one 422", () =>
    Effect.gen(function*() {
      const bad = yield* api("GET", "/user_management/users", { query: { order: "sideways", limit: "0" } })
      assert.strictEqual(bad.status, 422)
      assert.deepStrictEqual(bad.body.errors, [
        { field: "limit", code: "limit_out_of_range" },
        { field: "order", code: "invalid_order" }
      ])
      for (const order of ["asc", "desc", "normal"]) {
        assert.strictEqual((yield* api("GET", "/user_management/users", { query: { order } })).status, 200, order)
      }
    }).pipe(Effect.provide(layer())))

  it.effect("a body is checked by its route's schema: every bad field in one 422, in the API's codes", () =>
    Effect.gen(function*() {
      const user = yield* api("POST", "/user_management/users", {
        body: {
          email: "not-an-email",
          metadata: ["not", "an", "object"],
          first_name: 3,
          email_verified: "yes",
          password_hash_type: null
        }
      })
      assert.strictEqual(user.status, 422)
      assert.deepStrictEqual(user.body.errors, [
        { field: "email", code: "invalid_email" },
        { field: "metadata", code: "metadata_must_be_object" },
        { field: "first_name", code: "first_name_must_be_string" },
        { field: "email_verified", code: "email_verified_must_be_boolean" },
        { field: "password_hash_type", code: "password_hash_type_must_be_string" }
      ])
      const tooMuch = yield* api("POST", "/user_management/users", {
        body: {
          email: "ok@example.com",
          metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))
        }
      })
      assert.deepStrictEqual(tooMuch.body.errors, [{ field: "metadata", code: "invalid_metadata" }])
      // null counts as absent for a boolean; an empty string is not a string the API takes.
      const blank = yield* api("POST", "/user_management/users", { body: { email: "", email_verified: null } })
      assert.deepStrictEqual(blank.body.errors, [{ field: "email", code: "email_must_be_string" }])
      // Fields that used to be read after the check are checked too.
      const roles = yield* api("POST", "/user_management/organization_memberships", {
        body: { user_id: "user_x", organization_id: "org_x", role_slugs: "admin" }
      })
      assert.deepStrictEqual(roles.body.errors, [{ field: "role_slugs", code: "role_slugs_must_be_string_array" }])
      const grant = yield* api("POST", "/user_management/authenticate", { auth: false, body: { grant_type: 7 } })
      assert.deepStrictEqual(grant.body.errors, [{ field: "grant_type", code: "grant_type_must_be_string" }])
      const domains = yield* api("POST", "/organizations", {
        body: { name: "Acme", domain_data: [{ domain: "acme.com", state: "unknown" }] }
      })
      assert.deepStrictEqual(domains.body.errors, [{ field: "domain_data", code: "invalid_domain_data" }])
    }).pipe(Effect.provide(layer())))
})
