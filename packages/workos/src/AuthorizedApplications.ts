/**
 * Connect (OAuth) applications a user has authorized.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { listEndpointOf } from "./internal/pagination.js"
import { openEnum, optionalWire, timestamps, wire } from "./internal/schema.js"
import * as Pagination from "./Pagination.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

/**
 * The application. OAuth applications also carry `redirectUris` and `usesPkce`;
 * machine-to-machine ones an `organizationId`.
 *
 * @since 0.1.0
 * @category models
 */
export class ConnectApplication extends Schema.Class<ConnectApplication>("effect-workos/ConnectApplication")({
  object: Schema.Literal("connect_application"),
  id: Schema.String,
  clientId: wire(Schema.String, "client_id"),
  name: Schema.String,
  description: Schema.NullOr(Schema.String),
  scopes: Schema.Array(Schema.String),
  applicationType: optionalWire(openEnum("oauth", "m2m"), "application_type"),
  redirectUris: optionalWire(
    Schema.Array(Schema.Struct({ uri: Schema.String, default: Schema.Boolean })),
    "redirect_uris"
  ),
  usesPkce: optionalWire(Schema.Boolean, "uses_pkce"),
  isFirstParty: optionalWire(Schema.Boolean, "is_first_party"),
  organizationId: optionalWire(Schema.String, "organization_id"),
  ...timestamps
}) {}

/**
 * An application a user has authorized, with the scopes granted.
 *
 * @since 0.1.0
 * @category models
 */
export class AuthorizedApplication extends Schema.Class<AuthorizedApplication>("effect-workos/AuthorizedApplication")({
  object: Schema.Literal("authorized_connect_application"),
  id: Schema.String,
  grantedScopes: wire(Schema.Array(Schema.String), "granted_scopes"),
  oauthResource: optionalWire(Schema.String, "oauth_resource"),
  application: ConnectApplication
}) {}

const ListQuery = Schema.Struct(Pagination.ListParamsFields)
const endpoint = /* @__PURE__ */ listEndpointOf({
  span: "WorkOS.AuthorizedApplications",
  path: "/user_management/users/{user_id}/authorized_applications",
  param: "user_id",
  query: ListQuery,
  item: AuthorizedApplication
})

/**
 * One page of a user's authorized applications.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  userId: string,
  params: Pagination.ListParams = {}
): Effect.Effect<Pagination.Page<AuthorizedApplication>, RequestFailure, Requirements> =>
  endpoint.listPage(userId, params)

/**
 * Every application a user has authorized, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  userId: string,
  params: Pagination.ListParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<AuthorizedApplication, ListFailure, Requirements> => endpoint.list(userId, params, options)

const del = (userId: string, applicationId: string): Effect.Effect<void, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.AuthorizedApplications.delete",
    method: "DELETE",
    path: Http.path("/user_management/users/{user_id}/authorized_applications/{application_id}", {
      user_id: userId,
      application_id: applicationId
    }),
    success: undefined
  })

export {
  /**
   * Revoke a user's authorization of an application (by application id or client id).
   *
   * @since 0.1.0
   * @category endpoints
   */
  del as delete
}
