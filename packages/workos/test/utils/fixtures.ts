/** The official Node SDK's fixtures (real WorkOS response bodies) and the schema of each. */
import { Schema } from "effect"
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
} from "../../src/index.js"

export const dir = path.resolve(import.meta.dirname, "../../../../../shared/reference/fixtures/workos-node")

export const schemas: Record<string, Schema.Schema<any, any>> = {
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

/** Every fixture file's parsed body, with its schema. */
export const fixtures = (): Array<readonly [file: string, body: unknown, schema: Schema.Schema<any, any>]> =>
  Object.entries(schemas).map(([file, schema]) =>
    [file, JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as unknown, schema] as const
  )
