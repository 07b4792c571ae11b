/**
 * Every error the SDK can put in an effect's error channel.
 *
 * HTTP and transport failures carry a `WorkOS` prefix so they never collide with
 * `HttpApiError.NotFound` and friends in a user's own server. Each one carries the
 * HTTP `status` (or `null` when no response arrived), the `requestId` WorkOS sent in
 * `x-request-id`, the body's `code`, a `message`, and the `method` and `path` of the
 * call. The path never contains a query string, and path segments that carry a
 * credential (invitation tokens) are replaced by their placeholder. Request bodies are
 * never copied into an error.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

const RequestInfo = {
  /** The HTTP method of the call. */
  method: Schema.String,
  /** The request path without query string; secret segments are replaced by their placeholder. */
  path: Schema.String,
  /** The `x-request-id` header WorkOS sent with the response, if any. */
  requestId: Schema.NullOr(Schema.String),
  /** The machine-readable `code` (or OAuth `error`) from the response body, if any. */
  code: Schema.NullOr(Schema.String),
  message: Schema.String
}

/**
 * One entry of the `errors` array WorkOS sends with 400 and 422 responses. Its shape
 * varies by endpoint (`{ code, field }`, `{ code, message }`, `{ property, constraints }`),
 * so every key is optional.
 *
 * @since 0.1.0
 * @category models
 */
export class FieldError extends Schema.Class<FieldError>("effect-workos/FieldError")({
  code: Schema.optional(Schema.String),
  field: Schema.optional(Schema.String),
  message: Schema.optional(Schema.String),
  property: Schema.optional(Schema.String),
  constraints: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
}) {}

/**
 * 400 Bad Request that is not an OAuth-style body and not an authentication step.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSBadRequest extends Schema.TaggedError<WorkOSBadRequest>()("WorkOSBadRequest", {
  ...RequestInfo,
  status: Schema.Literal(400),
  errors: Schema.Array(FieldError)
}) {}

/**
 * 401: the API key is missing, wrong or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSUnauthorized extends Schema.TaggedError<WorkOSUnauthorized>()("WorkOSUnauthorized", {
  ...RequestInfo,
  status: Schema.Literal(401)
}) {}

/**
 * 403 whose body is not a known authentication step.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSForbidden extends Schema.TaggedError<WorkOSForbidden>()("WorkOSForbidden", {
  ...RequestInfo,
  status: Schema.Literal(403)
}) {}

/**
 * 404: the object (or route) does not exist.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSNotFound extends Schema.TaggedError<WorkOSNotFound>()("WorkOSNotFound", {
  ...RequestInfo,
  status: Schema.Literal(404)
}) {}

/**
 * 409: the request conflicts with the object's state (e.g. `user_deletion_not_allowed`).
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSConflict extends Schema.TaggedError<WorkOSConflict>()("WorkOSConflict", {
  ...RequestInfo,
  status: Schema.Literal(409)
}) {}

/**
 * 422: the server rejected the parameters; `errors` lists them.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSUnprocessable extends Schema.TaggedError<WorkOSUnprocessable>()("WorkOSUnprocessable", {
  ...RequestInfo,
  status: Schema.Literal(422),
  errors: Schema.Array(FieldError)
}) {}

/**
 * 429: rate limited. `retryAfter` is the server's `Retry-After` hint, when it sent one.
 * Safe calls are retried automatically before this reaches you.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSRateLimited extends Schema.TaggedError<WorkOSRateLimited>()("WorkOSRateLimited", {
  ...RequestInfo,
  status: Schema.Literal(429),
  retryAfter: Schema.NullOr(Schema.DurationFromMillis)
}) {}

/**
 * 5xx, including bodies that are not JSON (an HTML 502 page from a proxy, an empty 503).
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSServerError extends Schema.TaggedError<WorkOSServerError>()("WorkOSServerError", {
  ...RequestInfo,
  status: Schema.Number,
  retryAfter: Schema.NullOr(Schema.DurationFromMillis)
}) {}

/**
 * An OAuth-style error body (`{ error, error_description }`) that is not an
 * authentication step, e.g. `invalid_client` or `invalid_request`.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSOAuthError extends Schema.TaggedError<WorkOSOAuthError>()("WorkOSOAuthError", {
  ...RequestInfo,
  status: Schema.Number,
  error: Schema.String,
  errorDescription: Schema.NullOr(Schema.String)
}) {}

/**
 * Any other non-2xx status (405, 410, 413, ...), kept so nothing is lost.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSUnexpectedStatus extends Schema.TaggedError<WorkOSUnexpectedStatus>()("WorkOSUnexpectedStatus", {
  ...RequestInfo,
  status: Schema.Number
}) {}

/**
 * No response within the per-attempt timeout (or the server answered 408), after the
 * retries the call allows.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSTimeout extends Schema.TaggedError<WorkOSTimeout>()("WorkOSTimeout", {
  ...RequestInfo,
  status: Schema.NullOr(Schema.Literal(408))
}) {}

/**
 * The request did not complete at the network level. `connectionFailed` is `true` when
 * no connection was ever made (refused, DNS failure), so the server cannot have acted.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSTransportError extends Schema.TaggedError<WorkOSTransportError>()("WorkOSTransportError", {
  ...RequestInfo,
  status: Schema.Null,
  connectionFailed: Schema.Boolean
}) {}

/**
 * A 2xx body that is not JSON or does not match the SDK's schema. `schemaPath` says
 * where (`data[3].email`); the message names what was expected, never the value.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSDecodeError extends Schema.TaggedError<WorkOSDecodeError>()("WorkOSDecodeError", {
  ...RequestInfo,
  status: Schema.Number,
  schemaPath: Schema.String
}) {}

/**
 * Input rejected before anything was sent: an empty id, a `limit` out of range,
 * mutually exclusive fields given together. `field` names the offending input.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSInvalidRequest extends Schema.TaggedError<WorkOSInvalidRequest>()("WorkOSInvalidRequest", {
  ...RequestInfo,
  status: Schema.Null,
  field: Schema.NullOr(Schema.String)
}) {}

/**
 * A list endpoint returned a cursor it had already returned: following it would loop
 * forever, so the stream fails instead.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkOSPaginationLoop extends Schema.TaggedError<WorkOSPaginationLoop>()("WorkOSPaginationLoop", {
  ...RequestInfo,
  status: Schema.Null,
  cursor: Schema.String
}) {}

/**
 * The errors any HTTP call to WorkOS can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type RequestFailure =
  | WorkOSBadRequest
  | WorkOSUnauthorized
  | WorkOSForbidden
  | WorkOSNotFound
  | WorkOSConflict
  | WorkOSUnprocessable
  | WorkOSRateLimited
  | WorkOSServerError
  | WorkOSOAuthError
  | WorkOSUnexpectedStatus
  | WorkOSTimeout
  | WorkOSTransportError
  | WorkOSDecodeError
  | WorkOSInvalidRequest

/**
 * What a list `Stream` can fail with: any request failure, or a cursor loop.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListFailure = RequestFailure | WorkOSPaginationLoop

/**
 * Every error class in this module.
 *
 * @since 0.1.0
 * @category errors
 */
export type WorkOSError = ListFailure

/**
 * A schema of the whole union, for sending errors over RPC or storing them.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WorkOSError = Schema.Union(
  WorkOSBadRequest,
  WorkOSUnauthorized,
  WorkOSForbidden,
  WorkOSNotFound,
  WorkOSConflict,
  WorkOSUnprocessable,
  WorkOSRateLimited,
  WorkOSServerError,
  WorkOSOAuthError,
  WorkOSUnexpectedStatus,
  WorkOSTimeout,
  WorkOSTransportError,
  WorkOSDecodeError,
  WorkOSInvalidRequest,
  WorkOSPaginationLoop
)

const tags: ReadonlySet<string> = new Set(WorkOSError.members.map((member) => member.identifier))

/**
 * Whether a value is one of this module's errors.
 *
 * @since 0.1.0
 * @category guards
 */
export const isWorkOSError = (u: unknown): u is WorkOSError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && tags.has(u._tag)
