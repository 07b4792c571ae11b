/**
 * API keys a user owns in an organization. The key's value is shown only when it is
 * created, as `Redacted`.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { listEndpointOf } from "./internal/pagination.js"
import { optionalWire, timestamps, wire } from "./internal/schema.js"
import * as Pagination from "./Pagination.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

const apiKeyFields = {
  object: Schema.Literal("api_key"),
  id: Schema.String,
  owner: Schema.Struct({
    type: Schema.Literal("user"),
    id: Schema.String,
    organizationId: wire(Schema.String, "organization_id")
  }),
  name: Schema.String,
  obfuscatedValue: wire(Schema.String, "obfuscated_value"),
  lastUsedAt: wire(Schema.NullOr(Schema.String), "last_used_at"),
  expiresAt: wire(Schema.NullOr(Schema.String), "expires_at"),
  permissions: Schema.Array(Schema.String),
  ...timestamps
}

/**
 * A user API key, without its value.
 *
 * @since 0.1.0
 * @category models
 */
export class UserApiKey extends Schema.Class<UserApiKey>("effect-workos/UserApiKey")(apiKeyFields) {}

/**
 * A key just created: the only time its `value` is returned.
 *
 * @since 0.1.0
 * @category models
 */
export class UserApiKeyWithValue extends Schema.Class<UserApiKeyWithValue>("effect-workos/UserApiKeyWithValue")({
  ...apiKeyFields,
  value: Schema.Redacted(Schema.String)
}) {}

/**
 * Filters of {@link list}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams extends Pagination.ListParams {
  readonly organizationId?: string | undefined
}

const ListQuery = Schema.Struct({
  ...Pagination.ListParamsFields,
  organizationId: optionalWire(Schema.String, "organization_id")
})
const endpoint = /* @__PURE__ */ listEndpointOf({
  span: "WorkOS.UserApiKeys",
  path: "/user_management/users/{userId}/api_keys",
  param: "userId",
  query: ListQuery,
  item: UserApiKey
})
const CreateBody = Schema.Struct({
  name: Schema.NonEmptyString,
  organizationId: wire(Schema.String, "organization_id"),
  permissions: Schema.optional(Schema.Array(Schema.String)),
  expiresAt: optionalWire(Schema.DateFromString, "expires_at")
})

/**
 * One page of a user's keys.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  userId: string,
  params: ListParams = {}
): Effect.Effect<Pagination.Page<UserApiKey>, RequestFailure, Requirements> => endpoint.listPage(userId, params)

/**
 * Every key of a user, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  userId: string,
  params: ListParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<UserApiKey, ListFailure, Requirements> => endpoint.list(userId, params, options)

/**
 * Create a key in an organization the user is an active member of. Store `value` now:
 * it is never returned again. Not retried once it may have reached WorkOS.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = (
  userId: string,
  params: {
    readonly name: string
    readonly organizationId: string
    readonly permissions?: ReadonlyArray<string> | undefined
    /** In the future; omit for a key that never expires. */
    readonly expiresAt?: Date | undefined
  }
): Effect.Effect<UserApiKeyWithValue, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.UserApiKeys.create",
    method: "POST",
    path: Http.path("/user_management/users/{userId}/api_keys", { userId }),
    body: Http.input(CreateBody, params),
    success: UserApiKeyWithValue
  })
