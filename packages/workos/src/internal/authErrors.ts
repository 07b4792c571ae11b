/**
 * Turns `POST /user_management/authenticate` error bodies into the SDK's step and
 * outcome errors. It dispatches on the body's `code` (or OAuth `error`), never on the
 * status: the API sends some steps as 403 and others as 400.
 *
 * @internal
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import {
  type AuthenticationError,
  AuthenticationMethodNotAllowed,
  DeviceAccessDenied,
  DeviceAuthorizationPending,
  DeviceCodeExpired,
  EmailVerificationRequired,
  InvalidCredentials,
  InvalidGrant,
  MfaChallengeRequired,
  MfaEnrollmentRequired,
  OneTimeCodeInvalid,
  OrganizationAuthenticationMethodsRequired,
  OrganizationSelectionRequired,
  PendingAuthenticationTokenInvalid,
  RadarChallengeRequired,
  SsoRequired
} from "../WorkOSError.js"
import { decodeUnknownOption } from "./decode.js"
import type { ErrorResponse } from "./http.js"
import { optional } from "./schema.js"
import { User } from "./user.js"

const Pending = Schema.Redacted(Schema.String)

const Payload = Schema.Struct({
  pendingAuthenticationToken: optional(Schema.NullOr(Pending)).pipe(
    Schema.fromKey("pending_authentication_token")
  ),
  email: optional(Schema.String),
  emailVerificationId: optional(Schema.NullOr(Schema.String)).pipe(Schema.fromKey("email_verification_id")),
  user: optional(Schema.NullOr(User)),
  authenticationFactors: optional(Schema.Array(Schema.Struct({ id: Schema.String, type: Schema.String })))
    .pipe(Schema.fromKey("authentication_factors")),
  organizations: optional(Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String }))),
  connectionIds: optional(Schema.Array(Schema.String)).pipe(Schema.fromKey("connection_ids")),
  ssoConnectionIds: optional(Schema.Array(Schema.String)).pipe(Schema.fromKey("sso_connection_ids")),
  authMethods: optional(Schema.Record({ key: Schema.String, value: Schema.Boolean })).pipe(
    Schema.fromKey("auth_methods")
  ),
  radarChallengeId: optional(Schema.NullOr(Schema.String)).pipe(Schema.fromKey("radar_challenge_id"))
})

const decodePayload = decodeUnknownOption(Payload)

const radarKinds: Record<string, RadarChallengeRequired["kind"]> = {
  radar_challenge: "email",
  radar_email_challenge: "email",
  radar_sms_sign_in_challenge: "sms_sign_in",
  radar_sms_challenge: "sms_sign_in",
  radar_sign_up_challenge: "sms_sign_up"
}

const oneTimeCodeReasons: Record<string, OneTimeCodeInvalid["reason"]> = {
  invalid_one_time_code: "invalid",
  one_time_code_previously_used: "used",
  one_time_code_expired: "expired",
  one_time_code_too_many_attempts: "too_many_attempts",
  email_verification_code_incorrect: "invalid",
  email_verification_code_expired: "expired",
  email_verification_code_previously_used: "used"
}

const text = (body: ErrorResponse["body"], key: string): string | null => {
  const value = body?.[key]
  return typeof value === "string" ? value : null
}

/** Build the typed error for a body, or `undefined` when it is not an authentication outcome. */
const build = (response: ErrorResponse): AuthenticationError | undefined => {
  const { body, info, requestId, status } = response
  const code = text(body, "code") ?? text(body, "error")
  if (code === null) return undefined
  const message = text(body, "message") ?? text(body, "error_description") ?? code
  const common = { ...info, status, requestId, code, message }
  const payload = Option.getOrUndefined(decodePayload(body ?? {}))
  if (payload === undefined) return undefined
  const pending = payload.pendingAuthenticationToken ?? null
  const user = payload.user ?? null

  switch (code) {
    case "email_verification_required":
      return pending && payload.email !== undefined
        ? new EmailVerificationRequired({
          ...common,
          pendingAuthenticationToken: pending,
          email: payload.email,
          emailVerificationId: payload.emailVerificationId ?? null,
          user
        }, true)
        : undefined
    case "mfa_enrollment":
      return pending
        ? new MfaEnrollmentRequired({ ...common, pendingAuthenticationToken: pending, user }, true)
        : undefined
    case "mfa_challenge":
      return pending
        ? new MfaChallengeRequired({
          ...common,
          pendingAuthenticationToken: pending,
          user,
          authenticationFactors: payload.authenticationFactors ?? []
        }, true)
        : undefined
    case "organization_selection_required":
      return pending
        ? new OrganizationSelectionRequired({
          ...common,
          pendingAuthenticationToken: pending,
          user,
          organizations: payload.organizations ?? []
        }, true)
        : undefined
    case "sso_required":
      return new SsoRequired({
        ...common,
        email: payload.email ?? "",
        connectionIds: payload.connectionIds ?? [],
        pendingAuthenticationToken: pending
      }, true)
    case "organization_authentication_methods_required":
      return new OrganizationAuthenticationMethodsRequired({
        ...common,
        email: payload.email ?? "",
        ssoConnectionIds: payload.ssoConnectionIds ?? [],
        authMethods: payload.authMethods ?? {},
        pendingAuthenticationToken: pending
      }, true)
    case "authentication_method_not_allowed":
      return new AuthenticationMethodNotAllowed(common, true)
    case "invalid_credentials":
      return new InvalidCredentials(common, true)
    case "invalid_grant":
      return new InvalidGrant(common, true)
    case "invalid_pending_authentication_token":
      return new PendingAuthenticationTokenInvalid(common, true)
    case "authorization_pending":
      return new DeviceAuthorizationPending({ ...common, reason: "pending" }, true)
    case "slow_down":
      return new DeviceAuthorizationPending({ ...common, reason: "slow_down" }, true)
    case "expired_token":
      return new DeviceCodeExpired(common, true)
    case "access_denied":
      return new DeviceAccessDenied(common, true)
  }
  const radar = radarKinds[code]
  if (radar !== undefined && pending) {
    return new RadarChallengeRequired({
      ...common,
      kind: radar,
      pendingAuthenticationToken: pending,
      radarChallengeId: payload.radarChallengeId ?? null,
      user
    }, true)
  }
  const reason = oneTimeCodeReasons[code]
  if (reason !== undefined) return new OneTimeCodeInvalid({ ...common, reason }, true)
  return undefined
}

/** The errors a {@link classifier} can produce: a grant's error type, derived from its list. @internal */
export type Classified<C> = C extends (response: ErrorResponse) => infer E ? Exclude<E, undefined> : never

/**
 * A classifier that claims only the given tags: anything else keeps its generic mapping.
 * The tags come as lists (a shared list, then the grant's own) rather than one list
 * spread together: a bundler keeps a call with a spread argument even when nothing uses
 * its result, so a spread would keep every grant's classifier in every app. @internal
 */
export const classifier = <const Lists extends ReadonlyArray<ReadonlyArray<AuthenticationError["_tag"]>>>(
  ...lists: Lists
) => {
  type Tag = Lists[number][number]
  const allowed: ReadonlySet<string> = new Set(lists.flat())
  return (response: ErrorResponse): Extract<AuthenticationError, { readonly _tag: Tag }> | undefined => {
    const error = build(response)
    return error !== undefined && allowed.has(error._tag)
      ? error as Extract<AuthenticationError, { readonly _tag: Tag }>
      : undefined
  }
}
