/**
 * Password resets: email a reset link, then set the new password with its token.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Http from "./internal/http.js"
import { wire } from "./internal/schema.js"
import { toRedacted } from "./internal/secret.js"
import { User } from "./internal/user.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { RequestFailure } from "./WorkOSError.js"

/**
 * A password reset. Its token and URL reset the password, so both are `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export class PasswordReset extends Schema.Class<PasswordReset>("effect-workos/PasswordReset")({
  object: Schema.Literal("password_reset"),
  id: Schema.String,
  userId: wire(Schema.String, "user_id"),
  email: Schema.String,
  passwordResetToken: wire(Schema.Redacted(Schema.String), "password_reset_token"),
  passwordResetUrl: wire(Schema.Redacted(Schema.String), "password_reset_url"),
  expiresAt: wire(Schema.String, "expires_at"),
  createdAt: wire(Schema.String, "created_at")
}) {}

const CreateBody = Schema.Struct({ email: Schema.String })
const ResetBody = Schema.Struct({
  token: Schema.Redacted(Schema.String),
  newPassword: wire(Schema.Redacted(Schema.String), "new_password")
})
const UserEnvelope = Schema.Struct({ user: User })

/**
 * Email the user a password-reset link. Not retried once it may have reached WorkOS.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = (
  params: { readonly email: string }
): Effect.Effect<PasswordReset, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.PasswordReset.create",
    method: "POST",
    path: Http.path("/user_management/password_reset"),
    body: Http.input(CreateBody, params),
    success: PasswordReset
  })

/**
 * Read a password reset by id.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = (id: string): Effect.Effect<PasswordReset, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.PasswordReset.get",
    method: "GET",
    path: Http.path("/user_management/password_reset/{id}", { id }),
    success: PasswordReset
  })

/**
 * Set the new password with the token from the link. Ends the user's sessions. Not
 * retried: the token is single use.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const reset = (params: {
  readonly token: string | Redacted.Redacted<string>
  readonly newPassword: Redacted.Redacted<string>
}): Effect.Effect<User, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.PasswordReset.reset",
    method: "POST",
    path: Http.path("/user_management/password_reset/confirm"),
    body: Http.input(ResetBody, {
      token: toRedacted(params.token),
      newPassword: params.newPassword
    }),
    success: UserEnvelope
  }).pipe(Effect.map((r) => r.user))
