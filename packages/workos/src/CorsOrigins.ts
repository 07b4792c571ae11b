/**
 * Origins allowed to call AuthKit from the browser.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { listEndpoint } from "./internal/pagination.js"
import { timestamps } from "./internal/schema.js"
import * as Pagination from "./Pagination.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

/**
 * An allowed origin.
 *
 * @since 0.1.0
 * @category models
 */
export class CorsOrigin extends Schema.Class<CorsOrigin>("effect-workos/CorsOrigin")({
  object: Schema.Literal("cors_origin"),
  id: Schema.String,
  origin: Schema.String,
  ...timestamps
}) {}

const ListQuery = Schema.Struct(Pagination.ListParamsFields)
const endpoint = /* @__PURE__ */ listEndpoint({
  span: "WorkOS.CorsOrigins",
  path: "/user_management/cors_origins",
  query: ListQuery,
  item: CorsOrigin
})
const CreateBody = Schema.Struct({ origin: Schema.String })

/**
 * One page of CORS origins.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  params: Pagination.ListParams = {}
): Effect.Effect<Pagination.Page<CorsOrigin>, RequestFailure, Requirements> => endpoint.listPage(params)

/**
 * Every CORS origin, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  params: Pagination.ListParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<CorsOrigin, ListFailure, Requirements> => endpoint.list(params, options)

/**
 * Allow an origin (e.g. `https://app.example.com`). A duplicate is `WorkOSConflict`,
 * an invalid origin `WorkOSUnprocessable`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = (origin: string): Effect.Effect<CorsOrigin, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.CorsOrigins.create",
    method: "POST",
    path: Http.path("/user_management/cors_origins"),
    body: Http.input(CreateBody, { origin }),
    success: CorsOrigin
  })
