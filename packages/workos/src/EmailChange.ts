/**
 * Change a user's email address: send a code to the new address, then confirm it.
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
 * A pending email change.
 *
 * @since 0.1.0
 * @category models
 */
export class EmailChange extends Schema.Class<EmailChange>("effect-workos/EmailChange")({
  object: Schema.Literal("email_change"),
  user: User,
  newEmail: wire(Schema.String, "new_email"),
  expiresAt: wire(Schema.String, "expires_at"),
  createdAt: wire(Schema.String, "created_at")
}) {}

const SendBody = Schema.Struct({ newEmail: wire(Schema.String, "new_email") })
const ConfirmBody = Schema.Struct({ code: Schema.Redacted(Schema.String) })
const Confirmation = Schema.Struct({ object: Schema.Literal("email_change_confirmation"), user: User })

/**
 * Email a confirmation code to `newEmail`. Fails with `WorkOSConflict`
 * (`email_not_available`, `email_change_not_needed`) when the change cannot happen.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const send = (userId: string, newEmail: string): Effect.Effect<EmailChange, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.EmailChange.send",
    method: "POST",
    path: Http.path("/user_management/users/{id}/email_change/send", { id: userId }),
    body: Http.input(SendBody, { newEmail }),
    success: EmailChange
  })

/**
 * Confirm the change with the code; answers with the user under the new address.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const confirm = (
  userId: string,
  code: string | Redacted.Redacted<string>
): Effect.Effect<User, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.EmailChange.confirm",
    method: "POST",
    path: Http.path("/user_management/users/{id}/email_change/confirm", { id: userId }),
    body: Http.input(ConfirmBody, { code: toRedacted(code) }),
    success: Confirmation
  }).pipe(Effect.map((r) => r.user))
