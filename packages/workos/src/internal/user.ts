/**
 * The user model, shared by `Users` and the authentication errors (kept apart so neither
 * imports the other).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import { nullable } from "./schema.js"

/**
 * A WorkOS user. Timestamps are ISO 8601 strings as the API sends them.
 *
 * @internal
 */
export class User extends Schema.Class<User>("effect-workos/User")({
  object: Schema.Literal("user"),
  id: Schema.String,
  email: Schema.String,
  emailVerified: Schema.propertySignature(Schema.Boolean).pipe(Schema.fromKey("email_verified")),
  firstName: Schema.propertySignature(Schema.NullOr(Schema.String)).pipe(Schema.fromKey("first_name")),
  lastName: Schema.propertySignature(Schema.NullOr(Schema.String)).pipe(Schema.fromKey("last_name")),
  /** The full name; `null` when unset or when the API omits it. */
  name: nullable(Schema.String, "name"),
  profilePictureUrl: Schema.propertySignature(Schema.NullOr(Schema.String)).pipe(
    Schema.fromKey("profile_picture_url")
  ),
  /** Your own id for the user; `null` when unset or when the API omits it. */
  externalId: nullable(Schema.String, "external_id"),
  /** Key/value strings; `{}` when the API omits it. */
  metadata: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.String }), {
    default: () => ({}),
    nullable: true
  }),
  lastSignInAt: Schema.propertySignature(Schema.NullOr(Schema.String)).pipe(Schema.fromKey("last_sign_in_at")),
  locale: nullable(Schema.String, "locale"),
  createdAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("created_at")),
  updatedAt: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("updated_at"))
}) {}
