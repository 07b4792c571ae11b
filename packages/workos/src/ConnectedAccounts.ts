/**
 * Connected accounts (Pipes): a user's credentials for a third-party data provider, and
 * the providers available to them.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Http from "./internal/http.js"
import { openEnum, optional, optionalWire, timestamps, wire } from "./internal/schema.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { RequestFailure } from "./WorkOSError.js"

const accountFields = {
  object: Schema.Literal("connected_account"),
  id: Schema.String,
  userId: wire(Schema.NullOr(Schema.String), "user_id"),
  organizationId: wire(Schema.NullOr(Schema.String), "organization_id"),
  scopes: Schema.Array(Schema.String),
  authMethod: optionalWire(openEnum("oauth", "api_key", "client_credentials"), "auth_method"),
  state: openEnum("connected", "needs_reauthorization", "disconnected"),
  ...timestamps
}

/**
 * A connected account. Its tokens are never returned.
 *
 * @since 0.1.0
 * @category models
 */
export class ConnectedAccount extends Schema.Class<ConnectedAccount>("effect-workos/ConnectedAccount")(accountFields) {}

/**
 * A data provider, with the user's account for it if connected.
 *
 * @since 0.1.0
 * @category models
 */
export class DataProvider extends Schema.Class<DataProvider>("effect-workos/DataProvider")({
  object: Schema.Literal("data_provider"),
  id: Schema.String,
  name: Schema.String,
  description: Schema.NullOr(Schema.String),
  slug: Schema.String,
  integrationType: wire(Schema.String, "integration_type"),
  credentialsType: wire(Schema.String, "credentials_type"),
  scopes: Schema.NullOr(Schema.Array(Schema.String)),
  ownership: openEnum("userland_user", "organization"),
  connectedAccount: wire(Schema.NullOr(Schema.Struct(accountFields)), "connected_account"),
  ...timestamps
}) {}

const AccountBody = Schema.Struct({
  accessToken: optionalWire(Schema.Redacted(Schema.String), "access_token"),
  refreshToken: optionalWire(Schema.Redacted(Schema.String), "refresh_token"),
  expiresAt: optionalWire(Schema.DateFromString, "expires_at"),
  scopes: Schema.optional(Schema.Array(Schema.String)),
  state: Schema.optional(Schema.Literal("connected", "needs_reauthorization"))
})
const OrganizationQuery = Schema.Struct({ organizationId: optionalWire(Schema.String, "organization_id") })
const ProviderList = Schema.Struct({
  object: optional(Schema.Literal("list")),
  data: Schema.Array(DataProvider)
})

/**
 * What a connected account is written with. Tokens are `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export interface AccountParams {
  readonly accessToken?: Redacted.Redacted<string> | undefined
  readonly refreshToken?: Redacted.Redacted<string> | undefined
  readonly expiresAt?: Date | undefined
  readonly scopes?: ReadonlyArray<string> | undefined
  readonly state?: "connected" | "needs_reauthorization" | undefined
}

/**
 * Which account: the user's own, or the one they hold for an organization.
 *
 * @since 0.1.0
 * @category models
 */
export interface Scope {
  readonly organizationId?: string | undefined
}

const accountPath = (userId: string, slug: string) =>
  Http.path("/user_management/users/{user_id}/connected_accounts/{slug}", { user_id: userId, slug })

/**
 * The user's account for a provider.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = (
  userId: string,
  slug: string,
  scope: Scope = {}
): Effect.Effect<ConnectedAccount, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.ConnectedAccounts.get",
    method: "GET",
    path: accountPath(userId, slug),
    query: Http.input(OrganizationQuery, scope),
    success: ConnectedAccount
  })

/** Connecting and updating send the same body to the same path; only the method differs. */
const write = (method: "POST" | "PUT", span: string) =>
(
  userId: string,
  slug: string,
  params: AccountParams,
  scope: Scope = {}
): Effect.Effect<ConnectedAccount, RequestFailure, Requirements> =>
  Http.execute({
    span,
    method,
    path: accountPath(userId, slug),
    query: Http.input(OrganizationQuery, scope),
    body: Http.input(AccountBody, params),
    success: ConnectedAccount
  })

/**
 * Connect an account with credentials obtained elsewhere.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = write("POST", "WorkOS.ConnectedAccounts.create")

/**
 * Update an account's credentials, scopes or state.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const update = write("PUT", "WorkOS.ConnectedAccounts.update")

const del = (userId: string, slug: string, scope: Scope = {}): Effect.Effect<void, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.ConnectedAccounts.delete",
    method: "DELETE",
    path: accountPath(userId, slug),
    query: Http.input(OrganizationQuery, scope),
    success: undefined
  })

export {
  /**
   * Disconnect an account.
   *
   * @since 0.1.0
   * @category endpoints
   */
  del as delete
}

/**
 * The data providers available to a user, each with their connected account (or `null`).
 * Not paginated.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listDataProviders = (
  userId: string,
  scope: Scope = {}
): Effect.Effect<ReadonlyArray<DataProvider>, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.ConnectedAccounts.listDataProviders",
    method: "GET",
    path: Http.path("/user_management/users/{user_id}/data_providers", { user_id: userId }),
    query: Http.input(OrganizationQuery, scope),
    success: ProviderList
  }).pipe(Effect.map((list) => list.data))
