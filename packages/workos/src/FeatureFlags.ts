/**
 * Feature flags enabled for a user (directly or through their organizations).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { paginate } from "./internal/pagination.js"
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
const FlagPage = Pagination.Page(FeatureFlag)

/**
 * One page of the flags enabled for a user.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  userId: string,
  params: Pagination.ListParams = {}
): Effect.Effect<Pagination.Page<FeatureFlag>, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.FeatureFlags.listPage",
    method: "GET",
    path: Http.path("/user_management/users/{userId}/feature-flags", { userId }),
    query: Http.input(ListQuery, params),
    success: FlagPage
  })

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
): Stream.Stream<FeatureFlag, ListFailure, Requirements> =>
  paginate(
    params,
    options,
    { method: "GET", path: "/user_management/users/{userId}/feature-flags" },
    (p) => listPage(userId, p)
  )
