/**
 * The one pagination helper every `list` stream is built on.
 *
 * @internal
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { type ListOptions, type ListParams, Page } from "../Pagination.js"
import type { Requirements } from "../WorkOSConfig.js"
import {
  type ListFailure,
  type RequestFailure,
  type WorkOSInvalidRequest,
  WorkOSPaginationLoop
} from "../WorkOSError.js"
import { type CallInfo, execute, input, invalidRequest, path as pathSpec, type PathSpec, reviseError } from "./http.js"

/**
 * The failure of a page, marked with the cursor that fetches that page again: every error a
 * request can fail with has the field in its schema. Told by the class's own fields, not by
 * `isWorkOSError`, whose union would put every error class of the SDK in every app that
 * lists.
 */
export const withResumeCursor = (cursor: string | undefined) => <E>(error: E): E =>
  hasResumeCursor(error) ? reviseError(error, { resumeCursor: cursor ?? null }) : error

const hasResumeCursor = (error: unknown): boolean => {
  if (typeof error !== "object" || error === null) return false
  const fields: unknown = (error.constructor as { readonly fields?: unknown } | undefined)?.fields
  return typeof fields === "object" && fields !== null && "resumeCursor" in fields
}

/** The page size `list` streams use when the caller does not choose one. @internal */
export const defaultStreamPageSize = 100

/**
 * Follow `list_metadata` cursors from the caller's params: `after` by default, `before`
 * when the caller starts from `before` alone. Every page is fetched with the caller's
 * params, only the cursor changes. A cursor seen twice fails the stream. An empty page
 * with a cursor is followed.
 *
 * @internal
 */
export const paginate = <P extends ListParams, A, E, R>(
  params: P,
  options: ListOptions | undefined,
  info: CallInfo,
  fetchPage: (params: P) => Effect.Effect<Page<A>, E, R>
): Stream.Stream<A, E | WorkOSPaginationLoop | WorkOSInvalidRequest, R> =>
  Stream.suspend((): Stream.Stream<A, E | WorkOSPaginationLoop | WorkOSInvalidRequest, R> => {
    const direction = params.before !== undefined && params.after === undefined ? "before" : "after"
    const start = params[direction]
    // The caller's own cursor counts as seen: a server echoing it is a loop at once.
    const seen = new Set<string | undefined>([start])
    const base: P = { ...params, limit: params.limit ?? defaultStreamPageSize }

    const pages = Stream.paginateChunkEffect(
      start,
      (
        cursor
      ): Effect.Effect<readonly [Chunk.Chunk<A>, Option.Option<string | undefined>], E | WorkOSPaginationLoop, R> =>
        Effect.flatMap(
          Effect.mapError(fetchPage({ ...base, [direction]: cursor }), withResumeCursor(cursor)),
          (page) => {
            const next = page.listMetadata[direction]
            // An empty page ends the stream only without a cursor: a server that filters after
            // paging may answer an empty page and a next cursor (the loop guard still holds).
            if (next === null) {
              return Effect.succeed([Chunk.unsafeFromArray(page.data), Option.none<string>()] as const)
            }
            if (seen.has(next)) {
              return Effect.fail(
                new WorkOSPaginationLoop({
                  ...info,
                  status: null,
                  requestId: null,
                  code: null,
                  cursor: next,
                  message: `The server returned the cursor "${next}" twice; stopping instead of looping`
                })
              )
            }
            seen.add(next)
            return Effect.succeed([Chunk.unsafeFromArray(page.data), Option.some(next)] as const)
          }
        )
    )

    const prefetch = options?.prefetch
    if (prefetch === undefined) return pages
    if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 16) {
      return Stream.fail(invalidRequest(info, "prefetch must be an integer from 1 to 16", "prefetch"))
    }
    return Stream.bufferChunks(pages, { capacity: prefetch })
  })

/** What declares a list endpoint: see {@link listEndpoint}. */
interface ListSpec<P, A> {
  /** The module's span prefix, e.g. `WorkOS.Users`: spans are `<span>.listPage`. */
  readonly span: string
  /** The page function's own span when it is not `listPage` (default `<span>.listPage`). */
  readonly pageSpan?: string | undefined
  /** The path template, e.g. `/user_management/users/{id}/sessions`. */
  readonly path: string
  readonly query: Schema.Schema<P, any>
  readonly item: Schema.Schema<A, any>
}

/** The one construction behind both declarations: the page request for a given path. */
const pages = <P extends ListParams, A, K>(spec: ListSpec<P, A>, pathOf: (key: K) => PathSpec) => {
  const page = Page(spec.item)
  const info: CallInfo = { method: "GET", path: spec.path }
  const span = spec.pageSpan ?? `${spec.span}.listPage`
  const listPage = (key: K, params: P): Effect.Effect<Page<A>, RequestFailure, Requirements> =>
    execute({ span, method: "GET", path: pathOf(key), query: input(spec.query, params), success: page })
  const list = (key: K, params: P, options: ListOptions | undefined): Stream.Stream<A, ListFailure, Requirements> =>
    paginate(params, options, info, (p) => listPage(key, p))
  return { listPage, list } as const
}

/**
 * A list endpoint declared once: a `GET` of `path` with `query` as its query string,
 * answering a page of `item`. Gives the module's `listPage` and `list`, which keep their
 * own types and JSDoc and call these.
 *
 * Mark each call with a `@__PURE__` comment, as every module here does: the call has no side
 * effects, and with the mark bundlers drop it, and the paging code behind it, from apps
 * that never list (about 3 KB minified; the consumer suite checks it).
 *
 * @internal
 */
export const listEndpoint = <P extends ListParams, A>(spec: ListSpec<P, A>) => {
  // No parameter: the path is parsed once.
  const path = pathSpec(spec.path)
  const endpoint = pages<P, A, void>(spec, () => path)
  return {
    listPage: (params: P) => endpoint.listPage(undefined, params),
    list: (params: P, options: ListOptions | undefined) => endpoint.list(undefined, params, options)
  } as const
}

/**
 * {@link listEndpoint} for a list under one path parameter (a user's sessions, factors,
 * keys…): `listPage(id, params)` and `list(id, params, options)`.
 *
 * @internal
 */
export const listEndpointOf = <P extends ListParams, A>(
  spec: ListSpec<P, A> & {
    /** The name of the path's one parameter, e.g. `id`. */
    readonly param: string
  }
) => pages<P, A, string>(spec, (id) => pathSpec(spec.path, { [spec.param]: id }))
