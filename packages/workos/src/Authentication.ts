/**
 * Sign users in: every grant of `POST /user_management/authenticate`, each with its own
 * input and its own error type.
 *
 * The steps between grants are errors you compose with `Effect.catchTag`: a password
 * sign-in that needs the email verified fails with `EmailVerificationRequired`, and the
 * next step is one call with its `pendingAuthenticationToken`. Each function's error type
 * lists only what that grant can return, so `Effect.catchTags` over it is exhaustive and a
 * misspelt tag is a compile error.
 *
 * `client_id` comes from the call or `WorkOSConfig`; `client_secret` is the API key when
 * there is one (public PKCE clients have none). Codes, passwords and tokens are sent as
 * `Redacted` values and never reach an error. No grant is retried once the request may
 * have reached WorkOS, so a retry never burns a one-time code or a refresh token.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { type Classified, classifier } from "./internal/authErrors.js"
import * as Http from "./internal/http.js"
import { oauthProviders, openEnum, optional } from "./internal/schema.js"
import { toRedacted } from "./internal/secret.js"
import { User } from "./internal/user.js"
import { type Requirements as AllRequirements, WorkOSConfig } from "./WorkOSConfig.js"
import type { RequestFailure } from "./WorkOSError.js"

/**
 * How the user authenticated. Open: methods WorkOS adds later decode as strings.
 *
 * @since 0.1.0
 * @category schemas
 */
// `GitHubOAuth` here, `GithubOAuth` in `Users.Identity.provider`: the spec spells the two
// fields differently and each enum follows its field (see the comment there).
export const AuthenticationMethod = openEnum(
  "SSO",
  "Password",
  "Passkey",
  "CrossAppAuth",
  "ExternalAuth",
  ...oauthProviders("GitHubOAuth"),
  "MagicAuth",
  "Impersonation",
  "MigratedSession"
)

/**
 * The admin who started an impersonation session.
 *
 * @since 0.1.0
 * @category models
 */
export class Impersonator extends Schema.Class<Impersonator>("effect-workos/Impersonator")({
  email: Schema.String,
  reason: Schema.NullOr(Schema.String)
}) {}

/**
 * Tokens of the upstream OAuth provider, when the environment returns them.
 *
 * @since 0.1.0
 * @category models
 */
export class OAuthTokens extends Schema.Class<OAuthTokens>("effect-workos/OAuthTokens")({
  provider: optional(Schema.String),
  accessToken: Schema.propertySignature(Schema.Redacted(Schema.String)).pipe(Schema.fromKey("access_token")),
  refreshToken: Schema.propertySignature(Schema.Redacted(Schema.String)).pipe(Schema.fromKey("refresh_token")),
  expiresAt: Schema.propertySignature(Schema.Number).pipe(Schema.fromKey("expires_at")),
  scopes: Schema.Array(Schema.String)
}) {}

/**
 * A successful sign-in. Both tokens are `Redacted`: read them with `Redacted.value`.
 *
 * @since 0.1.0
 * @category models
 */
export class AuthenticationResponse
  extends Schema.Class<AuthenticationResponse>("effect-workos/AuthenticationResponse")({
    user: User,
    organizationId: optional(Schema.String).pipe(Schema.fromKey("organization_id")),
    accessToken: Schema.propertySignature(Schema.Redacted(Schema.String)).pipe(Schema.fromKey("access_token")),
    refreshToken: Schema.propertySignature(Schema.Redacted(Schema.String)).pipe(Schema.fromKey("refresh_token")),
    authenticationMethod: optional(AuthenticationMethod).pipe(Schema.fromKey("authentication_method")),
    impersonator: optional(Impersonator),
    oauthTokens: optional(OAuthTokens).pipe(Schema.fromKey("oauth_tokens")),
    authkitAuthorizationCode: optional(Schema.String).pipe(Schema.fromKey("authkit_authorization_code"))
  })
{}

/**
 * A secret input: a plain string (e.g. a code the user typed) or a `Redacted` one.
 *
 * @since 0.1.0
 * @category models
 */
export type Secret = string | Redacted.Redacted<string>

/**
 * What every grant accepts besides its own fields.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientOptions {
  /** Overrides `WorkOSConfig`'s client id. */
  readonly clientId?: string | undefined
  readonly ipAddress?: string | undefined
  readonly userAgent?: string | undefined
  readonly deviceId?: string | undefined
}

const Secret = Schema.optional(Schema.Redacted(Schema.String))

const AuthenticateBody = Schema.Struct({
  client_id: Schema.String,
  client_secret: Secret,
  grant_type: Schema.String,
  code: Secret,
  code_verifier: Secret,
  invitation_token: Secret,
  email: Schema.optional(Schema.String),
  password: Secret,
  refresh_token: Secret,
  organization_id: Schema.optional(Schema.String),
  pending_authentication_token: Secret,
  authentication_challenge_id: Schema.optional(Schema.String),
  radar_challenge_id: Schema.optional(Schema.String),
  verification_id: Schema.optional(Schema.String),
  phone_number: Schema.optional(Schema.String),
  device_code: Secret,
  ip_address: Schema.optional(Schema.String),
  user_agent: Schema.optional(Schema.String),
  device_id: Schema.optional(Schema.String),
  signals_id: Schema.optional(Schema.String),
  radar_auth_attempt_id: Schema.optional(Schema.String)
})

type Fields = Omit<typeof AuthenticateBody.Type, "client_id" | "client_secret" | "grant_type">

const secret = (value: Secret | undefined): Redacted.Redacted<string> | undefined =>
  value === undefined ? undefined : toRedacted(value)

/**
 * What every grant requires: `WorkOSConfig.Requirements`, under this module's name.
 *
 * @since 0.1.0
 * @category models
 */
export type Requirements = AllRequirements

const path = Http.path("/user_management/authenticate")

const callInfo: Http.CallInfo = { method: "POST", path: path.template }
const invalid = (message: string, field: string) => Http.invalidRequest(callInfo, message, field)

/** One grant's call to the authenticate endpoint. */
interface Grant<E> {
  /** The span name, e.g. `WorkOS.Authentication.withPassword`. */
  readonly span: string
  readonly grantType: string
  /** The caller's client id override and request context (IP, user agent, device). */
  readonly client: ClientOptions
  /** The grant's own body fields. */
  readonly fields: Fields
  /** Whether the API key is sent as `client_secret`: always, when configured, or never (public clients). */
  readonly clientSecret: "required" | "optional" | "never"
  /** Which step and outcome errors this grant can meet (its error type is derived from it). */
  readonly classify: (response: Http.ErrorResponse) => E | undefined
}

/** One call to the authenticate endpoint: client credentials, body, classification. */
const authenticate = <E>(
  { classify, client: options, clientSecret, fields, grantType, span }: Grant<E>
): Effect.Effect<AuthenticationResponse, E | RequestFailure, Requirements> =>
  Effect.flatMap(
    WorkOSConfig,
    (config) =>
      Effect.flatMap(Http.requireClientId(config, options.clientId, callInfo), (clientId) => {
        const apiKey = Option.getOrUndefined(config.apiKey)
        if (clientSecret === "required" && apiKey === undefined) {
          return Effect.fail(invalid(`The ${grantType} grant needs the API key as client secret`, "apiKey"))
        }
        const body: typeof AuthenticateBody.Type = {
          client_id: clientId,
          ...(clientSecret !== "never" && apiKey !== undefined ? { client_secret: apiKey } : {}),
          grant_type: grantType,
          ...fields,
          ...(options.ipAddress === undefined ? {} : { ip_address: options.ipAddress }),
          ...(options.userAgent === undefined ? {} : { user_agent: options.userAgent }),
          ...(options.deviceId === undefined ? {} : { device_id: options.deviceId })
        }
        return Http.execute({
          span,
          method: "POST",
          path,
          body: Http.input(AuthenticateBody, body),
          success: AuthenticationResponse,
          classify
        })
      })
  )

const compact = <A extends Record<string, unknown>>(fields: A): A =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as A

// ---------------------------------------------------------------------------
// Password
// ---------------------------------------------------------------------------

/**
 * The steps a sign-in can stop at before it is complete, each one an error the caller
 * continues from with another grant: enrol or answer MFA, pick an organization, or use SSO
 * or another method the organization requires.
 */
const nextSteps = [
  "MfaEnrollmentRequired",
  "MfaChallengeRequired",
  "OrganizationSelectionRequired",
  "SsoRequired",
  "OrganizationAuthenticationMethodsRequired"
] as const

/**
 * What a password sign-in can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type PasswordError = Classified<typeof passwordErrors> | RequestFailure

const passwordErrors = classifier(nextSteps, [
  "EmailVerificationRequired",
  "RadarChallengeRequired",
  "AuthenticationMethodNotAllowed",
  "InvalidCredentials"
])

/**
 * Sign in with email and password. Needs the API key.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Authentication } from "effect-workos"
 *
 * const signIn = (email: string, password: string, code: string) =>
 *   Authentication.withPassword({ email, password }).pipe(
 *     Effect.catchTag("EmailVerificationRequired", (e) =>
 *       Authentication.withEmailVerification({ code, pendingAuthenticationToken: e.pendingAuthenticationToken }))
 *   )
 * ```
 *
 * @since 0.1.0
 * @category grants
 */
export const withPassword = (
  input: ClientOptions & {
    readonly email: string
    readonly password: Secret
    readonly invitationToken?: Secret | undefined
    readonly signalsId?: string | undefined
    readonly radarAuthAttemptId?: string | undefined
  }
): Effect.Effect<AuthenticationResponse, PasswordError, Requirements> =>
  authenticate({
    span: "WorkOS.Authentication.withPassword",
    grantType: "password",
    client: input,
    fields: compact({
      email: input.email,
      password: secret(input.password),
      invitation_token: secret(input.invitationToken),
      signals_id: input.signalsId,
      radar_auth_attempt_id: input.radarAuthAttemptId
    }),
    clientSecret: "required",
    classify: passwordErrors
  })

// ---------------------------------------------------------------------------
// Authorization code (OAuth, SSO, AuthKit), with optional PKCE
// ---------------------------------------------------------------------------

/**
 * What a code exchange can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type CodeError = Classified<typeof codeErrors> | RequestFailure

const codeErrors = classifier(nextSteps, [
  "EmailVerificationRequired",
  "AuthenticationMethodNotAllowed",
  "InvalidGrant"
])

/**
 * Exchange the `code` your redirect URI received. Public clients (no API key) must pass
 * the PKCE `codeVerifier`; confidential clients may.
 *
 * @since 0.1.0
 * @category grants
 */
export const withCode = (
  input: ClientOptions & {
    readonly code: Secret
    readonly codeVerifier?: Secret | undefined
    readonly invitationToken?: Secret | undefined
    readonly signalsId?: string | undefined
  }
): Effect.Effect<AuthenticationResponse, CodeError, Requirements> =>
  Effect.flatMap(WorkOSConfig, (config) => {
    const verifier = secret(input.codeVerifier)
    if (verifier !== undefined && Redacted.value(verifier) === "") {
      return Effect.fail(invalid("codeVerifier must not be empty", "codeVerifier"))
    }
    if (verifier === undefined && Option.isNone(config.apiKey)) {
      return Effect.fail(invalid("A public client (no API key) must send the PKCE codeVerifier", "codeVerifier"))
    }
    return authenticate({
      span: "WorkOS.Authentication.withCode",
      grantType: "authorization_code",
      client: input,
      fields: compact({
        code: secret(input.code),
        code_verifier: verifier,
        invitation_token: secret(input.invitationToken),
        signals_id: input.signalsId
      }),
      clientSecret: "optional",
      classify: codeErrors
    })
  })

// ---------------------------------------------------------------------------
// Refresh token
// ---------------------------------------------------------------------------

/**
 * What a refresh can fail with. `InvalidGrant` (unknown, reused or revoked token, ended
 * session) is terminal: sign in again.
 *
 * @since 0.1.0
 * @category errors
 */
export type RefreshError = Classified<typeof refreshErrors> | RequestFailure

const refreshErrors = classifier([
  "InvalidGrant",
  "MfaEnrollmentRequired",
  "SsoRequired",
  "AuthenticationMethodNotAllowed"
])

/**
 * Exchange a refresh token for new tokens; the refresh token rotates, so keep the new
 * one. `organizationId` switches the session to another of the user's organizations.
 *
 * @since 0.1.0
 * @category grants
 */
export const withRefreshToken = (
  input: ClientOptions & { readonly refreshToken: Secret; readonly organizationId?: string | undefined }
): Effect.Effect<AuthenticationResponse, RefreshError, Requirements> =>
  authenticate({
    span: "WorkOS.Authentication.withRefreshToken",
    grantType: "refresh_token",
    client: input,
    fields: compact({ refresh_token: secret(input.refreshToken), organization_id: input.organizationId }),
    clientSecret: "optional",
    classify: refreshErrors
  })

// ---------------------------------------------------------------------------
// Magic auth
// ---------------------------------------------------------------------------

/**
 * What a magic-auth sign-in can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type MagicAuthError = Classified<typeof magicAuthErrors> | RequestFailure

const magicAuthErrors = classifier(nextSteps, [
  "RadarChallengeRequired",
  "AuthenticationMethodNotAllowed",
  "OneTimeCodeInvalid"
])

/**
 * Sign in with the code emailed by `MagicAuth.create`. Codes are single use.
 *
 * @since 0.1.0
 * @category grants
 */
export const withMagicAuth = (
  input: ClientOptions & {
    readonly email: string
    readonly code: Secret
    readonly invitationToken?: Secret | undefined
    readonly radarAuthAttemptId?: string | undefined
  }
): Effect.Effect<AuthenticationResponse, MagicAuthError, Requirements> =>
  authenticate({
    span: "WorkOS.Authentication.withMagicAuth",
    grantType: "urn:workos:oauth:grant-type:magic-auth:code",
    client: input,
    fields: compact({
      email: input.email,
      code: secret(input.code),
      invitation_token: secret(input.invitationToken),
      radar_auth_attempt_id: input.radarAuthAttemptId
    }),
    clientSecret: "required",
    classify: magicAuthErrors
  })

// ---------------------------------------------------------------------------
// Continuations of a pending authentication
// ---------------------------------------------------------------------------

/**
 * What completing an email verification can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type EmailVerificationError = Classified<typeof emailVerificationErrors> | RequestFailure

const emailVerificationErrors = classifier(nextSteps, [
  "OneTimeCodeInvalid",
  "PendingAuthenticationTokenInvalid"
])

/**
 * Continue after `EmailVerificationRequired` with the emailed code.
 *
 * @since 0.1.0
 * @category grants
 */
export const withEmailVerification = (
  input: ClientOptions & { readonly code: Secret; readonly pendingAuthenticationToken: Secret }
): Effect.Effect<AuthenticationResponse, EmailVerificationError, Requirements> =>
  authenticate({
    span: "WorkOS.Authentication.withEmailVerification",
    grantType: "urn:workos:oauth:grant-type:email-verification:code",
    client: input,
    fields: { code: secret(input.code)!, pending_authentication_token: secret(input.pendingAuthenticationToken)! },
    clientSecret: "required",
    classify: emailVerificationErrors
  })

/**
 * What completing an MFA challenge can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type TotpError = Classified<typeof totpErrors> | RequestFailure

const totpErrors = classifier([
  "OrganizationSelectionRequired",
  "OneTimeCodeInvalid",
  "PendingAuthenticationTokenInvalid"
])

/**
 * Continue after `MfaChallengeRequired` (or an enrolment) with a TOTP code for the
 * challenge.
 *
 * @since 0.1.0
 * @category grants
 */
export const withTotp = (
  input: ClientOptions & {
    readonly code: Secret
    readonly pendingAuthenticationToken: Secret
    readonly authenticationChallengeId: string
  }
): Effect.Effect<AuthenticationResponse, TotpError, Requirements> =>
  authenticate({
    span: "WorkOS.Authentication.withTotp",
    grantType: "urn:workos:oauth:grant-type:mfa-totp",
    client: input,
    fields: {
      code: secret(input.code)!,
      pending_authentication_token: secret(input.pendingAuthenticationToken)!,
      authentication_challenge_id: input.authenticationChallengeId
    },
    clientSecret: "required",
    classify: totpErrors
  })

/**
 * What completing an organization selection can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type OrganizationSelectionError = Classified<typeof organizationSelectionErrors> | RequestFailure

const organizationSelectionErrors = classifier([
  "MfaEnrollmentRequired",
  "MfaChallengeRequired",
  "SsoRequired",
  "OrganizationAuthenticationMethodsRequired",
  "PendingAuthenticationTokenInvalid"
])

/**
 * Continue after `OrganizationSelectionRequired` with the organization the user picked.
 *
 * @since 0.1.0
 * @category grants
 */
export const withOrganizationSelection = (
  input: ClientOptions & { readonly pendingAuthenticationToken: Secret; readonly organizationId: string }
): Effect.Effect<AuthenticationResponse, OrganizationSelectionError, Requirements> =>
  authenticate({
    span: "WorkOS.Authentication.withOrganizationSelection",
    grantType: "urn:workos:oauth:grant-type:organization-selection",
    client: input,
    fields: {
      pending_authentication_token: secret(input.pendingAuthenticationToken)!,
      organization_id: input.organizationId
    },
    clientSecret: "required",
    classify: organizationSelectionErrors
  })

/**
 * What completing a Radar challenge can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type RadarChallengeError = Classified<typeof radarErrors> | RequestFailure

const radarErrors = classifier(nextSteps, [
  "EmailVerificationRequired",
  "OneTimeCodeInvalid",
  "PendingAuthenticationTokenInvalid"
])

/**
 * Continue after a Radar email challenge (`RadarChallengeRequired` with `kind: "email"`).
 *
 * @since 0.1.0
 * @category grants
 */
export const withRadarEmailChallenge = (
  input: ClientOptions & {
    readonly code: Secret
    readonly radarChallengeId: string
    readonly pendingAuthenticationToken: Secret
  }
): Effect.Effect<AuthenticationResponse, RadarChallengeError, Requirements> =>
  authenticate({
    span: "WorkOS.Authentication.withRadarEmailChallenge",
    grantType: "urn:workos:oauth:grant-type:radar-email-challenge:code",
    client: input,
    fields: {
      code: secret(input.code)!,
      radar_challenge_id: input.radarChallengeId,
      pending_authentication_token: secret(input.pendingAuthenticationToken)!
    },
    clientSecret: "required",
    classify: radarErrors
  })

/**
 * Continue after a Radar SMS challenge. For a sign-up challenge pass the
 * `verificationId` and `phoneNumber` of the SMS you sent; for sign-in omit both.
 *
 * @since 0.1.0
 * @category grants
 */
export const withRadarSmsChallenge = (
  input: ClientOptions & {
    readonly code: Secret
    readonly pendingAuthenticationToken: Secret
    readonly verificationId?: string | undefined
    readonly phoneNumber?: string | undefined
  }
): Effect.Effect<AuthenticationResponse, RadarChallengeError, Requirements> =>
  authenticate({
    span: "WorkOS.Authentication.withRadarSmsChallenge",
    grantType: "urn:workos:oauth:grant-type:radar-sms-challenge:code",
    client: input,
    fields: compact({
      code: secret(input.code),
      pending_authentication_token: secret(input.pendingAuthenticationToken),
      verification_id: input.verificationId,
      phone_number: input.phoneNumber
    }),
    clientSecret: "required",
    classify: radarErrors
  })

// ---------------------------------------------------------------------------
// Device code
// ---------------------------------------------------------------------------

/**
 * What one device-code exchange can fail with. `DeviceAuthorization.poll` loops over
 * `DeviceAuthorizationPending` for you.
 *
 * @since 0.1.0
 * @category errors
 */
export type DeviceCodeError = Classified<typeof deviceErrors> | RequestFailure

const deviceErrors = classifier([
  "DeviceAuthorizationPending",
  "DeviceCodeExpired",
  "DeviceAccessDenied",
  "InvalidGrant"
])

/**
 * Exchange a device code once (no client secret is sent).
 *
 * @since 0.1.0
 * @category grants
 */
export const withDeviceCode = (
  input: ClientOptions & { readonly deviceCode: Secret }
): Effect.Effect<AuthenticationResponse, DeviceCodeError, Requirements> =>
  authenticate({
    span: "WorkOS.Authentication.withDeviceCode",
    grantType: "urn:ietf:params:oauth:grant-type:device_code",
    client: input,
    fields: { device_code: secret(input.deviceCode)! },
    clientSecret: "never",
    classify: deviceErrors
  })
