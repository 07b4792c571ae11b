/**
 * A user's sessions: list them, revoke one. (The browser logout URL is
 * `AuthorizationUrl.logoutUrl`.)
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { listEndpointOf } from "./internal/pagination.js"
import { openEnum, optional, optionalWire, timestamps, wire } from "./internal/schema.js"
import * as Pagination from "./Pagination.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

/**
 * A session of a user.
 *
 * @since 0.1.0
 * @category models
 */
export class Session extends Schema.Class<Session>("effect-workos/Session")({
  object: Schema.Literal("session"),
  id: Schema.String,
  userId: wire(Schema.String, "user_id"),
  organizationId: optionalWire(Schema.String, "organization_id"),
  impersonator: optional(Schema.Struct({ email: Schema.String, reason: Schema.NullOr(Schema.String) })),
  ipAddress: wire(Schema.NullOr(Schema.String), "ip_address"),
  userAgent: wire(Schema.NullOr(Schema.String), "user_agent"),
  authMethod: wire(
    openEnum(
      "cross_app_auth",
      "external_auth",
      "impersonation",
      "magic_code",
      "migrated_session",
      "oauth",
      "passkey",
      "password",
      "sso",
      "unknown"
    ),
    "auth_method"
  ),
  status: openEnum("active", "expired", "revoked"),
  expiresAt: wire(Schema.String, "expires_at"),
  endedAt: wire(Schema.NullOr(Schema.String), "ended_at"),
  ...timestamps
}) {}

const ListQuery = Schema.Struct(Pagination.ListParamsFields)
const endpoint = /* @__PURE__ */ listEndpointOf({
  span: "WorkOS.Sessions",
  path: "/user_management/users/{id}/sessions",
  param: "id",
  query: ListQuery,
  item: Session
})
const RevokeBody = Schema.Struct({ sessionId: wire(Schema.String, "session_id") })

/**
 * One page of a user's sessions.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  userId: string,
  params: Pagination.ListParams = {}
): Effect.Effect<Pagination.Page<Session>, RequestFailure, Requirements> => endpoint.listPage(userId, params)

/**
 * Every session of a user, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  userId: string,
  params: Pagination.ListParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<Session, ListFailure, Requirements> => endpoint.list(userId, params, options)

/**
 * Revoke a session: its refresh token stops working. Safe to retry.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const revoke = (sessionId: string): Effect.Effect<void, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Sessions.revoke",
    method: "POST",
    path: Http.path("/user_management/sessions/revoke"),
    body: Http.input(RevokeBody, { sessionId }),
    success: undefined,
    retry: "safe"
  })
