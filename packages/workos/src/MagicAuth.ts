/**
 * Magic auth: email a one-time code, then sign in with
 * `Authentication.withMagicAuth`.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Http from "./internal/http.js"
import { optional } from "./internal/schema.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { RequestFailure } from "./WorkOSError.js"

/**
 * A magic-auth code. `code` is `Redacted`: it is a credential.
 *
 * @since 0.1.0
 * @category models
 */
export class MagicAuth extends Schema.Class<MagicAuth>("effect-workos/MagicAuth")({
  object: Schema.Literal("magic_auth"),
  id: Schema.String,
  userId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("user_id")),
  email: Schema.String,
  code: Schema.Redacted(Schema.String),
  expiresAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("expires_at")),
  createdAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("created_at")),
  updatedAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("updated_at"))
}) {}

/**
 * The answer of {@link create}: the code, and the Radar attempt id when Radar is on.
 *
 * @since 0.1.0
 * @category models
 */
export class CreatedMagicAuth extends MagicAuth.extend<CreatedMagicAuth>("effect-workos/CreatedMagicAuth")({
  radarAuthAttemptId: optional(Schema.String).pipe(Schema.fromKey("radar_auth_attempt_id"))
}) {}

const CreateBody = Schema.Struct({
  email: Schema.String,
  invitationToken: Schema.optional(Schema.Redacted(Schema.String)).pipe(Schema.fromKey("invitation_token")),
  ipAddress: Schema.optional(Schema.String).pipe(Schema.fromKey("ip_address")),
  userAgent: Schema.optional(Schema.String).pipe(Schema.fromKey("user_agent")),
  signalsId: Schema.optional(Schema.String).pipe(Schema.fromKey("signals_id")),
  radarAuthAttemptId: Schema.optional(Schema.String).pipe(Schema.fromKey("radar_auth_attempt_id"))
})

/**
 * Email a sign-in code (valid 10 minutes). Signs the user up if the email is new.
 * Not retried once the request may have reached WorkOS: no duplicate emails.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = (params: {
  readonly email: string
  readonly invitationToken?: Redacted.Redacted<string> | undefined
  readonly ipAddress?: string | undefined
  readonly userAgent?: string | undefined
  readonly signalsId?: string | undefined
  readonly radarAuthAttemptId?: string | undefined
}): Effect.Effect<CreatedMagicAuth, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.MagicAuth.create",
    method: "POST",
    path: Http.path("/user_management/magic_auth"),
    body: Http.input(CreateBody, params),
    success: CreatedMagicAuth
  })

/**
 * Read a magic-auth code by id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = (id: string): Effect.Effect<MagicAuth, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.MagicAuth.get",
    method: "GET",
    path: Http.path("/user_management/magic_auth/{id}", { id }),
    success: MagicAuth
  })
