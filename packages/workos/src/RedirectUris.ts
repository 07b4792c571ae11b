/**
 * Redirect URIs of the environment.
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
 * A redirect URI.
 *
 * @since 0.1.0
 * @category models
 */
export class RedirectUri extends Schema.Class<RedirectUri>("effect-workos/RedirectUri")({
  object: Schema.Literal("redirect_uri"),
  id: Schema.String,
  uri: Schema.String,
  default: Schema.Boolean,
  ...timestamps
}) {}

const ListQuery = Schema.Struct(Pagination.ListParamsFields)
const endpoint = /* @__PURE__ */ listEndpoint({
  span: "WorkOS.RedirectUris",
  path: "/user_management/redirect_uris",
  query: ListQuery,
  item: RedirectUri
})
const CreateBody = Schema.Struct({ uri: Schema.String })

/**
 * One page of redirect URIs.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  params: Pagination.ListParams = {}
): Effect.Effect<Pagination.Page<RedirectUri>, RequestFailure, Requirements> => endpoint.listPage(params)

/**
 * Every redirect URI, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  params: Pagination.ListParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<RedirectUri, ListFailure, Requirements> => endpoint.list(params, options)

/**
 * Add a redirect URI (the first one becomes the default).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = (uri: string): Effect.Effect<RedirectUri, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.RedirectUris.create",
    method: "POST",
    path: Http.path("/user_management/redirect_uris"),
    body: Http.input(CreateBody, { uri }),
    success: RedirectUri
  })

const del = (id: string): Effect.Effect<void, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.RedirectUris.delete",
    method: "DELETE",
    path: Http.path("/user_management/redirect_uris/{id}", { id }),
    success: undefined
  })

export {
  /**
   * Delete a redirect URI. The default one cannot be deleted while others exist
   * (`WorkOSConflict`).
   *
   * @since 0.1.0
   * @category endpoints
   */
  del as delete
}
