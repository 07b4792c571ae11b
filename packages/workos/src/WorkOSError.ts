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
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { optional } from "./internal/schema.js"
import { User } from "./internal/user.js"

/**
 * A secret an error carries (a pending authentication token): `Redacted` in the error, and
 * written as `<redacted>` when the error is encoded (for RPC, for JSON logs), so no
 * encoding of an error ever holds it. To continue a sign-in step in another process, send
 * `Redacted.value(error.pendingAuthenticationToken)` there yourself, on purpose.
 */
const SecretInError = Schema.transform(Schema.String, Schema.RedactedFromSelf(Schema.String), {
  strict: true,
  decode: (value) => Redacted.make(value),
  encode: () => "<redacted>"
})

const RequestInfo = {
  /** The HTTP method of the call. */
  method: Schema.String,
  /** The request path without query string; secret segments are replaced by their placeholder. */
  path: Schema.String,
  /** The `x-request-id` header WorkOS sent with the response, if any. */
  requestId: Schema.NullOr(Schema.String),
  /** The machine-readable `code` (or OAuth `error`) from the response body, if any. */
  code: Schema.NullOr(Schema.String),
  message: Schema.String,
  /**
   * Set when a page of a `list` stream failed: where to resume. Pass it as the cursor the
   * stream followed (`after`, or `before` when it started from `before`) with the same
   * params, and the new stream starts at the page that failed: nothing lost, nothing twice.
   * `null`: the first page failed and the stream had no starting cursor, so start again.
   * Absent on errors that do not come from a stream.
   */
  resumeCursor: Schema.optional(Schema.NullOr(Schema.String))
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
  code: optional(Schema.String),
  field: optional(Schema.String),
  message: optional(Schema.String),
  property: optional(Schema.String),
  constraints: optional(Schema.Record({ key: Schema.String, value: Schema.String }))
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

// ---------------------------------------------------------------------------
// Authentication steps and outcomes of `POST /user_management/authenticate`
// ---------------------------------------------------------------------------

const StepInfo = { ...RequestInfo, status: Schema.Number }

const StepUser = User

/**
 * The email address must be verified: complete with
 * `Authentication.withEmailVerification({ code, pendingAuthenticationToken })`.
 *
 * @since 0.1.0
 * @category authentication steps
 */
export class EmailVerificationRequired
  extends Schema.TaggedError<EmailVerificationRequired>()("EmailVerificationRequired", {
    ...StepInfo,
    pendingAuthenticationToken: SecretInError,
    email: Schema.String,
    emailVerificationId: Schema.NullOr(Schema.String),
    user: Schema.NullOr(StepUser)
  })
{}

/**
 * The user must enrol an MFA factor first (their organization requires MFA).
 *
 * @since 0.1.0
 * @category authentication steps
 */
export class MfaEnrollmentRequired extends Schema.TaggedError<MfaEnrollmentRequired>()("MfaEnrollmentRequired", {
  ...StepInfo,
  pendingAuthenticationToken: SecretInError,
  user: Schema.NullOr(StepUser)
}) {}

/**
 * One of the user's factors must be challenged: complete with `Authentication.withTotp`.
 *
 * @since 0.1.0
 * @category authentication steps
 */
export class MfaChallengeRequired extends Schema.TaggedError<MfaChallengeRequired>()("MfaChallengeRequired", {
  ...StepInfo,
  pendingAuthenticationToken: SecretInError,
  user: Schema.NullOr(StepUser),
  authenticationFactors: Schema.Array(Schema.Struct({ id: Schema.String, type: Schema.String }))
}) {}

/**
 * The user belongs to several organizations and must pick one: complete with
 * `Authentication.withOrganizationSelection`.
 *
 * @since 0.1.0
 * @category authentication steps
 */
export class OrganizationSelectionRequired
  extends Schema.TaggedError<OrganizationSelectionRequired>()("OrganizationSelectionRequired", {
    ...StepInfo,
    pendingAuthenticationToken: SecretInError,
    user: Schema.NullOr(StepUser),
    organizations: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String }))
  })
{}

/**
 * The user must sign in through SSO: send them to an authorization URL with one of
 * `connectionIds`, and pass the pending token on the later code exchange.
 *
 * @since 0.1.0
 * @category authentication steps
 */
export class SsoRequired extends Schema.TaggedError<SsoRequired>()("SsoRequired", {
  ...StepInfo,
  email: Schema.String,
  connectionIds: Schema.Array(Schema.String),
  pendingAuthenticationToken: Schema.NullOr(SecretInError)
}) {}

/**
 * The user's organization allows only some methods (`authMethods`); let them pick one.
 *
 * @since 0.1.0
 * @category authentication steps
 */
export class OrganizationAuthenticationMethodsRequired
  extends Schema.TaggedError<OrganizationAuthenticationMethodsRequired>()(
    "OrganizationAuthenticationMethodsRequired",
    {
      ...StepInfo,
      email: Schema.String,
      ssoConnectionIds: Schema.Array(Schema.String),
      authMethods: Schema.Record({ key: Schema.String, value: Schema.Boolean }),
      pendingAuthenticationToken: Schema.NullOr(SecretInError)
    }
  )
{}

/**
 * Radar wants a challenge. `kind` says which: `email` (complete with
 * `withRadarEmailChallenge` and `radarChallengeId`), `sms_sign_in` or `sms_sign_up`
 * (send an SMS challenge, then `withRadarSmsChallenge`). Covers the spec's codes
 * (`radar_challenge`, `radar_sign_up_challenge`, `radar_sms_sign_in_challenge`) and the
 * Node SDK's (`radar_email_challenge`, `radar_sms_challenge`).
 *
 * @since 0.1.0
 * @category authentication steps
 */
export class RadarChallengeRequired extends Schema.TaggedError<RadarChallengeRequired>()("RadarChallengeRequired", {
  ...StepInfo,
  kind: Schema.Literal("email", "sms_sign_in", "sms_sign_up"),
  pendingAuthenticationToken: SecretInError,
  radarChallengeId: Schema.NullOr(Schema.String),
  user: Schema.NullOr(StepUser)
}) {}

/**
 * This method is turned off for the user or their organization.
 *
 * @since 0.1.0
 * @category authentication errors
 */
export class AuthenticationMethodNotAllowed
  extends Schema.TaggedError<AuthenticationMethodNotAllowed>()("AuthenticationMethodNotAllowed", StepInfo)
{}

/**
 * Wrong email or password.
 *
 * @since 0.1.0
 * @category authentication errors
 */
export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()("InvalidCredentials", StepInfo) {}

/**
 * The code or refresh token is invalid, expired, or was already exchanged. For a refresh
 * token this is terminal: the user must sign in again.
 *
 * @since 0.1.0
 * @category authentication errors
 */
export class InvalidGrant extends Schema.TaggedError<InvalidGrant>()("InvalidGrant", StepInfo) {}

/**
 * A one-time code (magic auth, email verification, TOTP, Radar) was rejected; `reason`
 * says why.
 *
 * @since 0.1.0
 * @category authentication errors
 */
export class OneTimeCodeInvalid extends Schema.TaggedError<OneTimeCodeInvalid>()("OneTimeCodeInvalid", {
  ...StepInfo,
  reason: Schema.Literal("invalid", "used", "expired", "too_many_attempts")
}) {}

/**
 * The pending authentication token is unknown, expired or already used: start the
 * sign-in again.
 *
 * @since 0.1.0
 * @category authentication errors
 */
export class PendingAuthenticationTokenInvalid
  extends Schema.TaggedError<PendingAuthenticationTokenInvalid>()("PendingAuthenticationTokenInvalid", StepInfo)
{}

/**
 * Device flow: the user has not approved yet (`reason: "pending"`) or the client polls
 * too fast (`reason: "slow_down"`). `DeviceAuthorization.poll` handles both.
 *
 * @since 0.1.0
 * @category authentication errors
 */
export class DeviceAuthorizationPending
  extends Schema.TaggedError<DeviceAuthorizationPending>()("DeviceAuthorizationPending", {
    ...StepInfo,
    reason: Schema.Literal("pending", "slow_down")
  })
{}

/**
 * Device flow: the device code expired before the user approved.
 *
 * @since 0.1.0
 * @category authentication errors
 */
export class DeviceCodeExpired extends Schema.TaggedError<DeviceCodeExpired>()("DeviceCodeExpired", StepInfo) {}

/**
 * Device flow: the user denied the request.
 *
 * @since 0.1.0
 * @category authentication errors
 */
export class DeviceAccessDenied extends Schema.TaggedError<DeviceAccessDenied>()("DeviceAccessDenied", StepInfo) {}

// ---------------------------------------------------------------------------
// Access-token verification
// ---------------------------------------------------------------------------

/**
 * The access token is well signed but expired: refresh the session.
 *
 * @since 0.1.0
 * @category access tokens
 */
export class AccessTokenExpired extends Schema.TaggedError<AccessTokenExpired>()("AccessTokenExpired", {
  message: Schema.String,
  /** The `exp` claim, in seconds since the epoch, when it could be read. */
  expiredAt: Schema.NullOr(Schema.Number)
}) {}

/**
 * The access token must not be trusted. `reason`: `malformed` (not a JWT, or a JWT with a
 * critical header extension this verifier does not support), `algorithm`
 * (not RS256, e.g. `alg: none`), `signature`, `unknown_key` (no JWKS key matches its
 * `kid`, even after a refetch), `issuer`, or `claims` (other claim checks, or claims that
 * are not WorkOS's).
 *
 * @since 0.1.0
 * @category access tokens
 */
export class AccessTokenInvalid extends Schema.TaggedError<AccessTokenInvalid>()("AccessTokenInvalid", {
  message: Schema.String,
  reason: Schema.Literal("malformed", "algorithm", "signature", "unknown_key", "issuer", "audience", "claims")
}) {}

/**
 * The JWKS could not be fetched, so no token can be judged. Never reported as an invalid
 * token: treat it as an outage (retry, or fail closed with a 503).
 *
 * @since 0.1.0
 * @category access tokens
 */
export class JwksUnavailable extends Schema.TaggedError<JwksUnavailable>()("JwksUnavailable", {
  message: Schema.String,
  /**
   * The tag of the request failure behind it (`WorkOSTimeout`, `WorkOSServerError`, ...), or
   * `JwksInvalid` when the JWKS arrived but holds no usable key set.
   */
  cause: Schema.String
}) {}

/**
 * What verifying an access token can fail with.
 *
 * @since 0.1.0
 * @category access tokens
 */
export type AccessTokenError = AccessTokenExpired | AccessTokenInvalid | JwksUnavailable

// ---------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------

/**
 * The webhook request has no `WorkOS-Signature` header.
 *
 * @since 0.2.0
 * @category webhooks
 */
export class WebhookSignatureMissing extends Schema.TaggedError<WebhookSignatureMissing>()("WebhookSignatureMissing", {
  message: Schema.String
}) {}

/**
 * The `WorkOS-Signature` header is not `t=<timestamp>, v1=<hex signature>`.
 *
 * @since 0.2.0
 * @category webhooks
 */
export class WebhookSignatureMalformed
  extends Schema.TaggedError<WebhookSignatureMalformed>()("WebhookSignatureMalformed", {
    message: Schema.String
  })
{}

/**
 * The signature does not match the body and the secret: the body was altered, or it was
 * signed with another secret (or by someone else).
 *
 * @since 0.2.0
 * @category webhooks
 */
export class WebhookSignatureInvalid extends Schema.TaggedError<WebhookSignatureInvalid>()("WebhookSignatureInvalid", {
  message: Schema.String
}) {}

/**
 * The signature's timestamp is too far from now, in the past (a replay) or the future.
 *
 * @since 0.2.0
 * @category webhooks
 */
export class WebhookTimestampOutOfTolerance
  extends Schema.TaggedError<WebhookTimestampOutOfTolerance>()("WebhookTimestampOutOfTolerance", {
    message: Schema.String,
    /** The signed timestamp, in milliseconds since the epoch. */
    timestamp: Schema.Number,
    /** The verifier's clock, in milliseconds since the epoch. */
    now: Schema.Number
  })
{}

/**
 * The signed body is not an event: not JSON, or not an event's shape (a known event type
 * with a payload that does not match). `message` names the path that failed.
 *
 * @since 0.2.0
 * @category webhooks
 */
export class WebhookPayloadInvalid extends Schema.TaggedError<WebhookPayloadInvalid>()("WebhookPayloadInvalid", {
  message: Schema.String
}) {}

/**
 * What verifying a webhook's signature can fail with.
 *
 * @since 0.2.0
 * @category webhooks
 */
export type WebhookSignatureError =
  | WebhookSignatureMissing
  | WebhookSignatureMalformed
  | WebhookSignatureInvalid
  | WebhookTimestampOutOfTolerance

/**
 * What receiving a webhook can fail with.
 *
 * @since 0.2.0
 * @category webhooks
 */
export type WebhookError = WebhookSignatureError | WebhookPayloadInvalid

// ---------------------------------------------------------------------------
// Sealed sessions
// ---------------------------------------------------------------------------

/**
 * The request has no session cookie.
 *
 * @since 0.1.0
 * @category sessions
 */
export class NoSessionCookie extends Schema.TaggedError<NoSessionCookie>()("NoSessionCookie", {
  message: Schema.String
}) {}

/**
 * The session cookie cannot be opened: `tampered` (bad integrity), `wrong_password`
 * (sealed with another password), `expired`, or `malformed` (not a sealed session, or
 * sealed by another format).
 *
 * @since 0.1.0
 * @category sessions
 */
export class InvalidSessionCookie extends Schema.TaggedError<InvalidSessionCookie>()("InvalidSessionCookie", {
  message: Schema.String,
  reason: Schema.Literal("tampered", "wrong_password", "expired", "malformed")
}) {}

/**
 * The session cannot be refreshed any more (refresh token invalid, reused or revoked;
 * MFA or SSO now required; organization access lost): sign the user in again.
 *
 * @since 0.1.0
 * @category sessions
 */
export class SessionRefreshTerminal extends Schema.TaggedError<SessionRefreshTerminal>()("SessionRefreshTerminal", {
  message: Schema.String,
  /** The tag of the error behind it, e.g. `InvalidGrant`. */
  cause: Schema.String,
  code: Schema.NullOr(Schema.String)
}) {}

/**
 * The refresh failed for a reason that may pass (429, 5xx, timeout, network): keep the
 * session and try again later.
 *
 * @since 0.1.0
 * @category sessions
 */
export class SessionRefreshTransient extends Schema.TaggedError<SessionRefreshTransient>()("SessionRefreshTransient", {
  message: Schema.String,
  cause: Schema.String
}) {}

/**
 * Every error `POST /user_management/authenticate` can be classified into.
 *
 * @since 0.1.0
 * @category authentication errors
 */
export type AuthenticationError =
  | EmailVerificationRequired
  | MfaEnrollmentRequired
  | MfaChallengeRequired
  | OrganizationSelectionRequired
  | SsoRequired
  | OrganizationAuthenticationMethodsRequired
  | RadarChallengeRequired
  | AuthenticationMethodNotAllowed
  | InvalidCredentials
  | InvalidGrant
  | OneTimeCodeInvalid
  | PendingAuthenticationTokenInvalid
  | DeviceAuthorizationPending
  | DeviceCodeExpired
  | DeviceAccessDenied

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
export type WorkOSError =
  | ListFailure
  | AuthenticationError
  | AccessTokenError
  | WebhookError
  | NoSessionCookie
  | InvalidSessionCookie
  | SessionRefreshTerminal
  | SessionRefreshTransient

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
  WorkOSPaginationLoop,
  EmailVerificationRequired,
  MfaEnrollmentRequired,
  MfaChallengeRequired,
  OrganizationSelectionRequired,
  SsoRequired,
  OrganizationAuthenticationMethodsRequired,
  RadarChallengeRequired,
  AuthenticationMethodNotAllowed,
  InvalidCredentials,
  InvalidGrant,
  OneTimeCodeInvalid,
  PendingAuthenticationTokenInvalid,
  DeviceAuthorizationPending,
  DeviceCodeExpired,
  DeviceAccessDenied,
  AccessTokenExpired,
  AccessTokenInvalid,
  JwksUnavailable,
  WebhookSignatureMissing,
  WebhookSignatureMalformed,
  WebhookSignatureInvalid,
  WebhookTimestampOutOfTolerance,
  WebhookPayloadInvalid,
  NoSessionCookie,
  InvalidSessionCookie,
  SessionRefreshTerminal,
  SessionRefreshTransient
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
