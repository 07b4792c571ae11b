/**
 * Radar challenges: send the SMS of an `sms_sign_up` challenge, and read an email
 * challenge.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Http from "./internal/http.js"
import { optionalWire, timestamps, wire } from "./internal/schema.js"
import { toRedacted } from "./internal/secret.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { RequestFailure } from "./WorkOSError.js"

/**
 * An SMS challenge that was sent: pass `verificationId` and `phoneNumber` to
 * `Authentication.withRadarSmsChallenge`.
 *
 * @since 0.1.0
 * @category models
 */
export class SmsChallengeSent extends Schema.Class<SmsChallengeSent>("effect-workos/SmsChallengeSent")({
  verificationId: wire(Schema.String, "verification_id"),
  phoneNumber: wire(Schema.String, "phone_number")
}) {}

/**
 * A Radar email challenge. `code` is `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export class RadarChallenge extends Schema.Class<RadarChallenge>("effect-workos/RadarChallenge")({
  object: Schema.Literal("radar_challenge"),
  id: Schema.String,
  type: Schema.String,
  userId: wire(Schema.String, "user_id"),
  email: Schema.String,
  code: Schema.Redacted(Schema.String),
  expiresAt: wire(Schema.String, "expires_at"),
  ...timestamps
}) {}

const SendBody = Schema.Struct({
  userId: wire(Schema.String, "user_id"),
  pendingAuthenticationToken: wire(Schema.Redacted(Schema.String), "pending_authentication_token"),
  phoneNumber: wire(Schema.String, "phone_number"),
  ipAddress: optionalWire(Schema.String, "ip_address"),
  userAgent: optionalWire(Schema.String, "user_agent")
})

/**
 * Text a code to the user's phone for a Radar SMS challenge. Not retried once it may
 * have reached WorkOS.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const sendSms = (params: {
  readonly userId: string
  readonly pendingAuthenticationToken: string | Redacted.Redacted<string>
  readonly phoneNumber: string
  readonly ipAddress?: string | undefined
  readonly userAgent?: string | undefined
}): Effect.Effect<SmsChallengeSent, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.RadarChallenges.sendSms",
    method: "POST",
    path: Http.path("/user_management/radar_challenges"),
    body: Http.input(SendBody, {
      ...params,
      pendingAuthenticationToken: toRedacted(params.pendingAuthenticationToken)
    }),
    success: SmsChallengeSent
  })

/**
 * Read a Radar email challenge.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = (id: string): Effect.Effect<RadarChallenge, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.RadarChallenges.get",
    method: "GET",
    path: Http.path("/user_management/radar_challenges/{id}", { id }),
    success: RadarChallenge
  })
