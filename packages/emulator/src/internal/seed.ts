/**
 * The seed's wire format (a seed file, `POST /__emulator/seed`), checked with `Schema`:
 * unknown fields are refused, so a typo (`emailVerfied`) names itself instead of being
 * ignored.
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

const Membership = Schema.Struct({
  organization: Schema.String,
  role: Schema.optional(Schema.String),
  status: Schema.optional(Schema.Literal("active", "inactive", "pending"))
})

const SeedUser = Schema.Struct({
  email: Schema.String,
  password: Schema.optional(Schema.String),
  firstName: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  emailVerified: Schema.optional(Schema.Boolean),
  externalId: Schema.optional(Schema.String),
  metadata: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  totpSecret: Schema.optional(Schema.String),
  radar: Schema.optional(Schema.Literal("email", "sms")),
  identities: Schema.optional(Schema.Array(Schema.Struct({ idpId: Schema.String, provider: Schema.String }))),
  memberships: Schema.optional(Schema.Array(Membership))
})

const SeedOrganization = Schema.Struct({
  id: Schema.optional(Schema.String),
  name: Schema.String,
  domains: Schema.optional(Schema.Array(Schema.String)),
  ssoConnectionIds: Schema.optional(Schema.Array(Schema.String)),
  requireMfa: Schema.optional(Schema.Boolean),
  allowedAuthMethods: Schema.optional(Schema.Array(Schema.String))
})

/** @internal */
export const Seed = Schema.Struct({
  organizations: Schema.optional(Schema.Array(SeedOrganization)),
  users: Schema.optional(Schema.Array(SeedUser))
})

/** @internal */
export type Seed = typeof Seed.Type

const decode = Schema.decodeUnknownEither(Seed, { onExcessProperty: "error" })

/**
 * A seed, or a one-line message naming the first bad field (`users[2].email: Expected
 * string, actual 42`).
 *
 * @internal
 */
export const decodeSeed = (input: unknown): Either.Either<Seed, string> => Either.mapLeft(decode(input), describe)

/**
 * The first issue of a decode as one line naming its field (`users[2].email: Expected
 * string, actual 42`).
 *
 * @internal
 */
export const describe = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  if (issue === undefined) return "Invalid input"
  const path = issue.path.map((key, i) =>
    typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`
  )
    .join("")
  return path === "" ? issue.message : `${path}: ${issue.message}`
}
