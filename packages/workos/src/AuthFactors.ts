/**
 * Multi-factor authentication factors of a user: enrol a TOTP factor, list factors, and
 * challenge a factor (what follows an `MfaChallengeRequired` step).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { listEndpointOf } from "./internal/pagination.js"
import { openEnum, optional } from "./internal/schema.js"
import * as Pagination from "./Pagination.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

/**
 * TOTP details of a factor. `secret`, `qrCode` and `uri` are present (and `Redacted`)
 * only in the enrolment response.
 *
 * @since 0.1.0
 * @category models
 */
export class Totp extends Schema.Class<Totp>("effect-workos/Totp")({
  issuer: Schema.String,
  user: Schema.String,
  secret: optional(Schema.Redacted(Schema.String)),
  qrCode: optional(Schema.Redacted(Schema.String)).pipe(Schema.fromKey("qr_code")),
  uri: optional(Schema.Redacted(Schema.String))
}) {}

/**
 * An authentication factor.
 *
 * @since 0.1.0
 * @category models
 */
export class AuthenticationFactor extends Schema.Class<AuthenticationFactor>("effect-workos/AuthenticationFactor")({
  object: Schema.Literal("authentication_factor"),
  id: Schema.String,
  type: openEnum("generic_otp", "sms", "totp", "webauthn"),
  userId: optional(Schema.String).pipe(Schema.fromKey("user_id")),
  totp: optional(Totp),
  sms: optional(
    Schema.Struct({ phoneNumber: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("phone_number")) })
  ),
  createdAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("created_at")),
  updatedAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("updated_at"))
}) {}

/**
 * A challenge of a factor: pass its `id` to `Authentication.withTotp`.
 *
 * @since 0.1.0
 * @category models
 */
export class AuthenticationChallenge
  extends Schema.Class<AuthenticationChallenge>("effect-workos/AuthenticationChallenge")({
    object: Schema.Literal("authentication_challenge"),
    id: Schema.String,
    authenticationFactorId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("authentication_factor_id")),
    expiresAt: optional(Schema.String).pipe(Schema.fromKey("expires_at")),
    code: optional(Schema.Redacted(Schema.String)),
    createdAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("created_at")),
    updatedAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("updated_at"))
  })
{}

/**
 * The answer of {@link enrollTotp}: the factor (with its secret) and a first challenge.
 *
 * @since 0.1.0
 * @category models
 */
export class EnrolledFactor extends Schema.Class<EnrolledFactor>("effect-workos/EnrolledFactor")({
  authenticationFactor: Schema.propertySignature(AuthenticationFactor).pipe(Schema.fromKey("authentication_factor")),
  authenticationChallenge: Schema.propertySignature(AuthenticationChallenge).pipe(
    Schema.fromKey("authentication_challenge")
  )
}) {}

const EnrollBody = Schema.Struct({
  type: Schema.Literal("totp"),
  totpIssuer: Schema.optional(Schema.String).pipe(Schema.fromKey("totp_issuer")),
  totpUser: Schema.optional(Schema.String).pipe(Schema.fromKey("totp_user")),
  totpSecret: Schema.optional(Schema.Redacted(Schema.String.pipe(Schema.pattern(/^[A-Z2-7]+=*$/, {
    message: () => "totpSecret must be Base32"
  })))).pipe(Schema.fromKey("totp_secret"))
})

const ListQuery = Schema.Struct(Pagination.ListParamsFields)
const endpoint = /* @__PURE__ */ listEndpointOf({
  span: "WorkOS.AuthFactors",
  path: "/user_management/users/{userlandUserId}/auth_factors",
  param: "userlandUserId",
  query: ListQuery,
  item: AuthenticationFactor
})

/**
 * Enrol a TOTP factor for a user. The answer carries the secret (as `Redacted`) to show
 * as a QR code, and a challenge to confirm it with `Authentication.withTotp`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const enrollTotp = (
  userId: string,
  options: {
    readonly issuer?: string | undefined
    readonly user?: string | undefined
    readonly secret?: Redacted.Redacted<string> | undefined
  } = {}
): Effect.Effect<EnrolledFactor, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.AuthFactors.enrollTotp",
    method: "POST",
    path: Http.path("/user_management/users/{userlandUserId}/auth_factors", { userlandUserId: userId }),
    body: Http.input(EnrollBody, {
      type: "totp",
      ...(options.issuer === undefined ? {} : { totpIssuer: options.issuer }),
      ...(options.user === undefined ? {} : { totpUser: options.user }),
      ...(options.secret === undefined ? {} : { totpSecret: options.secret })
    }),
    success: EnrolledFactor
  })

/**
 * One page of a user's factors.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  userId: string,
  params: Pagination.ListParams = {}
): Effect.Effect<Pagination.Page<AuthenticationFactor>, RequestFailure, Requirements> =>
  endpoint.listPage(userId, params)

/**
 * Every factor of a user, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  userId: string,
  params: Pagination.ListParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<AuthenticationFactor, ListFailure, Requirements> => endpoint.list(userId, params, options)

const ChallengeBody = Schema.Struct({
  smsTemplate: Schema.optional(Schema.String).pipe(Schema.fromKey("sms_template"))
})

/**
 * Challenge a factor (the MFA API's `POST /auth/factors/{id}/challenge`): the step after
 * `MfaChallengeRequired`. `smsTemplate` words the SMS of an SMS factor (`{{code}}` stands
 * for the code). Not retried: each call creates a challenge.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const challenge = (
  factorId: string,
  params: { readonly smsTemplate?: string | undefined } = {}
): Effect.Effect<AuthenticationChallenge, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.AuthFactors.challenge",
    method: "POST",
    path: Http.path("/auth/factors/{id}/challenge", { id: factorId }),
    // The spec requires a body, even an empty one.
    body: Http.input(ChallengeBody, params),
    success: AuthenticationChallenge
  })

/**
 * Get a factor by id (the MFA API's `GET /auth/factors/{id}`). Fails with `WorkOSNotFound`
 * when there is none.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const get = (factorId: string): Effect.Effect<AuthenticationFactor, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.AuthFactors.get",
    method: "GET",
    path: Http.path("/auth/factors/{id}", { id: factorId }),
    success: AuthenticationFactor
  })

const del = (factorId: string): Effect.Effect<void, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.AuthFactors.delete",
    method: "DELETE",
    path: Http.path("/auth/factors/{id}", { id: factorId }),
    success: undefined
  })

export {
  /**
   * Delete a factor: how to reset a user's MFA (list their factors, delete them; the next
   * sign-in asks to enrol again where the environment requires MFA). Fails with
   * `WorkOSNotFound` when there is none.
   *
   * @example
   * ```ts
   * import { Effect, Stream } from "effect"
   * import { AuthFactors } from "effect-workos"
   *
   * const resetMfa = (userId: string) =>
   *   AuthFactors.list(userId).pipe(Stream.runForEach((factor) => AuthFactors.delete(factor.id)))
   * ```
   *
   * @since 0.2.0
   * @category endpoints
   */
  del as delete
}
