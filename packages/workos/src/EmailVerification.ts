/**
 * Email verification: send a code to the user's address, then confirm it.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Http from "./internal/http.js"
import { timestamps, wire } from "./internal/schema.js"
import { toRedacted } from "./internal/secret.js"
import { User } from "./internal/user.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { RequestFailure } from "./WorkOSError.js"

/**
 * An email verification. `code` is `Redacted`: it is a credential.
 *
 * @since 0.1.0
 * @category models
 */
export class EmailVerification extends Schema.Class<EmailVerification>("effect-workos/EmailVerification")({
  object: Schema.Literal("email_verification"),
  id: Schema.String,
  userId: wire(Schema.String, "user_id"),
  email: Schema.String,
  code: Schema.Redacted(Schema.String),
  expiresAt: wire(Schema.String, "expires_at"),
  ...timestamps
}) {}

const UserEnvelope = Schema.Struct({ user: User })
const VerifyBody = Schema.Struct({ code: Schema.Redacted(Schema.String) })

/**
 * Read an email verification (e.g. the `emailVerificationId` of
 * `EmailVerificationRequired`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = (id: string): Effect.Effect<EmailVerification, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.EmailVerification.get",
    method: "GET",
    path: Http.path("/user_management/email_verification/{id}", { id }),
    success: EmailVerification
  })

/**
 * Email a verification code to the user. Not retried once it may have reached WorkOS.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const send = (userId: string): Effect.Effect<User, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.EmailVerification.send",
    method: "POST",
    path: Http.path("/user_management/users/{id}/email_verification/send", { id: userId }),
    success: UserEnvelope
  }).pipe(Effect.map((r) => r.user))

/**
 * Confirm the code the user received; answers with the verified user.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const verify = (
  userId: string,
  code: string | Redacted.Redacted<string>
): Effect.Effect<User, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.EmailVerification.verify",
    method: "POST",
    path: Http.path("/user_management/users/{id}/email_verification/confirm", { id: userId }),
    body: Http.input(VerifyBody, { code: toRedacted(code) }),
    success: UserEnvelope
  }).pipe(Effect.map((r) => r.user))
