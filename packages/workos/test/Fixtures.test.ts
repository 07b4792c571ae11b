/**
 * The schemas decode every response body of the official Node SDK's fixtures (real
 * WorkOS responses, some omitting fields the spec marks required).
 */
import { assert, describe, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import {
  AuthFactors,
  EmailVerification,
  FeatureFlags,
  Invitations,
  MagicAuth,
  OrganizationMemberships,
  Pagination,
  PasswordReset,
  Sessions,
  UserApiKeys,
  Users
} from "../src/index.js"
import { UserFromWire } from "../src/internal/user.js"

const dir = path.resolve(import.meta.dirname, "../../../../shared/reference/fixtures/workos-node")

const schemas: Record<string, Schema.Schema<any, any>> = {
  "user.json": Users.User,
  "list-users.json": Pagination.Page(Users.User),
  "identity.json": Schema.Array(Users.Identity),
  "organization-membership.json": OrganizationMemberships.OrganizationMembership,
  "deactivate-organization-membership.json": OrganizationMemberships.OrganizationMembership,
  "list-organization-memberships.json": Pagination.Page(OrganizationMemberships.OrganizationMembership),
  "invitation.json": Invitations.Invitation,
  "list-invitations.json": Pagination.Page(Invitations.Invitation),
  "magic_auth.json": MagicAuth.MagicAuth,
  "password_reset.json": PasswordReset.PasswordReset,
  "email_verification.json": EmailVerification.EmailVerification,
  "list-factors.json": Pagination.Page(AuthFactors.AuthenticationFactor),
  "list-sessions.json": Pagination.Page(Sessions.Session),
  "list-user-feature-flags.json": Pagination.Page(FeatureFlags.FeatureFlag),
  "list-user-api-keys.json": Pagination.Page(UserApiKeys.UserApiKey),
  "create-user-api-key.json": UserApiKeys.UserApiKeyWithValue
}

describe("official fixtures", () => {
  it("every fixture file has a schema", () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"))
    assert.deepStrictEqual(files.filter((f) => !(f in schemas)), [])
  })

  for (const [file, schema] of Object.entries(schemas)) {
    it(`decodes ${file}, and no field of it is unknown to the schema`, () => {
      const json: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))
      const result = Schema.decodeUnknownEither(schema)(json, { onExcessProperty: "error" })
      assert.isTrue(Either.isRight(result), Either.isLeft(result) ? String(result.left) : "")
    })
  }
})

describe("the fast user decoder equals the User schema", () => {
  const decodeBoth = (json: unknown) => ({
    slow: Schema.decodeUnknownSync(Users.User)(json, { onExcessProperty: "error" }),
    fast: Schema.decodeUnknownSync(UserFromWire)(json, { onExcessProperty: "error" })
  })
  const users = [
    JSON.parse(fs.readFileSync(path.join(dir, "user.json"), "utf8")),
    ...JSON.parse(fs.readFileSync(path.join(dir, "list-users.json"), "utf8")).data
  ]

  it("on every user of the fixtures, and with the optional fields left out", () => {
    const { name: _n, external_id: _e, metadata: _m, locale: _l, ...minimal } = users[0]
    for (const json of [...users, minimal, { ...users[0], name: "Ada L.", metadata: { tier: "gold" }, locale: "en" }]) {
      const { fast, slow } = decodeBoth(json)
      assert.instanceOf(fast, Users.User)
      assert.deepStrictEqual(fast, slow)
      assert.deepStrictEqual(Object.keys(fast).sort(), Object.keys(Users.User.fields).sort())
      assert.deepStrictEqual(Schema.encodeSync(UserFromWire)(fast), Schema.encodeSync(Users.User)(slow))
    }
  })

  it("rejects what User rejects", () => {
    for (
      const bad of [{ ...users[0], email_verified: "yes" }, { ...users[0], object: "organization" }, { id: "user_1" }]
    ) {
      assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(UserFromWire)(bad)))
      assert.isTrue(Either.isLeft(Schema.decodeUnknownEither(Users.User)(bad)))
    }
  })
})
