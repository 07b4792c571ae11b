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
