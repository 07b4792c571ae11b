/**
 * Cursor pagination as WorkOS does it: `limit`, `before`, `after`, `order` on the
 * request, `list_metadata { before, after }` on the response.
 *
 * Every list endpoint has two forms: `listPage(params)`, one page as an `Effect`, and
 * `list(params, options)`, a `Stream` of items that follows the cursors for you.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optional } from "./internal/schema.js"

/**
 * `asc`, `desc` (the server's default) or `normal` (descending, with `before` fetching
 * older and `after` newer records).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Order = Schema.Literal("asc", "desc", "normal")

/**
 * The order of a list: one of {@link Order}.
 *
 * @since 0.1.0
 * @category models
 */
export type Order = typeof Order.Type

/**
 * Page size: an integer from 1 to 100.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Limit = Schema.Int.pipe(Schema.between(1, 100))

/**
 * The cursor fields every list request accepts, for composing request schemas.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ListParamsFields = {
  limit: Schema.optional(Limit),
  before: Schema.optional(Schema.String),
  after: Schema.optional(Schema.String),
  order: Schema.optional(Order)
}

/**
 * The cursor parameters every list endpoint accepts. `limit` is the page size: the
 * server's default is 10; `list` streams default to 100.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams {
  readonly limit?: number | undefined
  readonly before?: string | undefined
  readonly after?: string | undefined
  readonly order?: Order | undefined
}

/**
 * Cursors of a page: `after` fetches the next page, `before` the previous one; `null`
 * at the end of the list.
 *
 * @since 0.1.0
 * @category models
 */
export class ListMetadata extends Schema.Class<ListMetadata>("effect-workos/ListMetadata")({
  before: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  after: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null })
}) {}

/**
 * One page of a list.
 *
 * @since 0.1.0
 * @category models
 */
export interface Page<A> {
  readonly data: ReadonlyArray<A>
  readonly listMetadata: ListMetadata
}

/**
 * The schema of a list envelope `{ object: "list", data, list_metadata }` for an item
 * schema. Some responses omit `object` or `list_metadata`; both are tolerated. Build it
 * once at module level: a schema built per call is compiled per call.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Page = <A, I, R>(item: Schema.Schema<A, I, R>) =>
  Schema.Struct({
    object: optional(Schema.Literal("list")),
    data: Schema.Array(item),
    listMetadata: Schema.optionalWith(ListMetadata, {
      default: () => new ListMetadata({}),
      nullable: true
    })
      .pipe(Schema.fromKey("list_metadata"))
  })

/**
 * Options of a `list` stream.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions {
  /**
   * How many pages to fetch ahead while the consumer works (an integer from 1 to 16).
   * Off by default; every prefetched page is a request, spent even if the stream is
   * stopped early.
   */
  readonly prefetch?: number | undefined
}
