/**
 * Feature flags enabled for a user (directly or through their organizations).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import { listEndpointOf } from "./internal/pagination.js"
import { optional, optionalWire, timestamps, wire } from "./internal/schema.js"
import * as Pagination from "./Pagination.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

/**
 * A feature flag.
 *
 * @since 0.1.0
 * @category models
 */
export class FeatureFlag extends Schema.Class<FeatureFlag>("effect-workos/FeatureFlag")({
  object: Schema.Literal("feature_flag"),
  id: Schema.String,
  slug: Schema.String,
  name: Schema.String,
  description: Schema.NullOr(Schema.String),
  owner: optional(
    Schema.NullOr(Schema.Struct({
      email: Schema.String,
      firstName: wire(Schema.NullOr(Schema.String), "first_name"),
      lastName: wire(Schema.NullOr(Schema.String), "last_name")
    }))
  ),
  tags: Schema.Array(Schema.String),
  enabled: Schema.Boolean,
  defaultValue: optionalWire(Schema.Boolean, "default_value"),
  ...timestamps
}) {}

const ListQuery = Schema.Struct(Pagination.ListParamsFields)
const endpoint = /* @__PURE__ */ listEndpointOf({
  span: "WorkOS.FeatureFlags",
  path: "/user_management/users/{userId}/feature-flags",
  param: "userId",
  query: ListQuery,
  item: FeatureFlag
})

/**
 * One page of the flags enabled for a user.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  userId: string,
  params: Pagination.ListParams = {}
): Effect.Effect<Pagination.Page<FeatureFlag>, RequestFailure, Requirements> => endpoint.listPage(userId, params)

/**
 * Every flag enabled for a user, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  userId: string,
  params: Pagination.ListParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<FeatureFlag, ListFailure, Requirements> => endpoint.list(userId, params, options)
