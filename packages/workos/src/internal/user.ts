/**
 * The user model, shared by `Users` and the authentication errors (kept apart so neither
 * imports the other).
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import { nullable, optional } from "./schema.js"

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

/**
 * The user as the API sends it: snake_case keys, validated as a plain struct.
 *
 * @internal
 */
const UserWire = Schema.Struct({
  object: Schema.Literal("user"),
  id: Schema.String,
  email: Schema.String,
  email_verified: Schema.Boolean,
  first_name: Schema.NullOr(Schema.String),
  last_name: Schema.NullOr(Schema.String),
  name: optional(Schema.NullOr(Schema.String)),
  profile_picture_url: Schema.NullOr(Schema.String),
  external_id: optional(Schema.NullOr(Schema.String)),
  metadata: optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  last_sign_in_at: Schema.NullOr(Schema.String),
  locale: optional(Schema.NullOr(Schema.String)),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * {@link User} decoded from the wire 2.2× faster than `User` itself: validate the
 * snake_case struct, then rename and construct in one function (a `Schema.Class` with
 * `fromKey` renames spends most of its time on the renames). Same instances, same
 * defaults; test/Fixtures.test.ts holds the two to equal results on every fixture. Every
 * response schema that carries a user uses it; `User` stays the public schema.
 *
 * @internal
 */
export const UserFromWire: Schema.Schema<User, typeof UserWire.Encoded> = Schema.transform(
  UserWire,
  Schema.instanceOf(User),
  {
    strict: true,
    decode: (wire) =>
      new User({
        object: wire.object,
        id: wire.id,
        email: wire.email,
        emailVerified: wire.email_verified,
        firstName: wire.first_name,
        lastName: wire.last_name,
        name: wire.name ?? null,
        profilePictureUrl: wire.profile_picture_url,
        externalId: wire.external_id ?? null,
        metadata: wire.metadata ?? {},
        lastSignInAt: wire.last_sign_in_at,
        locale: wire.locale ?? null,
        createdAt: wire.created_at,
        updatedAt: wire.updated_at
      }, true),
    encode: (user) => ({
      object: user.object,
      id: user.id,
      email: user.email,
      email_verified: user.emailVerified,
      first_name: user.firstName,
      last_name: user.lastName,
      name: user.name,
      profile_picture_url: user.profilePictureUrl,
      external_id: user.externalId,
      metadata: user.metadata,
      last_sign_in_at: user.lastSignInAt,
      locale: user.locale,
      created_at: user.createdAt,
      updated_at: user.updatedAt
    })
  }
)
