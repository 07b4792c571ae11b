/**
 * Schema helpers shared by the models.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/**
 * An enum the server may extend: the known literals for autocompletion, and any other
 * string decoded as is instead of failing.
 *
 * @internal
 */
export const openEnum = <const L extends ReadonlyArray<string>>(
  ...literals: L
): Schema.Schema<L[number] | (string & {}), string> =>
  // The union decodes exactly like `string`; the declared type keeps the known values visible.
  Schema.Union(Schema.Literal(...literals), Schema.String) as Schema.Schema<L[number] | (string & {}), string>

/**
 * The OAuth providers, with GitHub spelled as the field that carries them spells it: the
 * spec's identity `provider` sends `GithubOAuth`, while `authentication_method` and the
 * authorization URL's `provider` use `GitHubOAuth` (see `Users.Identity`).
 *
 * @internal
 */
export const oauthProviders = <const GitHub extends "GitHubOAuth" | "GithubOAuth">(github: GitHub) =>
  [
    "AppleOAuth",
    "BitbucketOAuth",
    "DiscordOAuth",
    github,
    "GitLabOAuth",
    "GoogleOAuth",
    "GrokOAuth",
    "XOAuth",
    "IntuitOAuth",
    "LinkedInOAuth",
    "MicrosoftOAuth",
    "SalesforceOAuth",
    "SlackOAuth",
    "VercelMarketplaceOAuth",
    "VercelOAuth",
    "XeroOAuth"
  ] as const

/**
 * A field the spec marks nullable that real responses sometimes omit: decoded to `null`
 * when absent.
 *
 * @internal
 */
export const nullable = <A, I, const K extends string>(schema: Schema.Schema<A, I>, key: K) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null }).pipe(Schema.fromKey(key))

/**
 * User metadata as the spec restricts it: at most 50 keys of at most 40 characters,
 * string values of at most 600 characters.
 *
 * @internal
 */
export const Metadata = Schema.Record({
  key: Schema.String,
  value: Schema.String.pipe(Schema.maxLength(600, { message: () => "metadata values are at most 600 characters" }))
}).pipe(
  // Record key refinements are not checked when encoding, so keys are checked here.
  Schema.filter((record) => {
    const keys = Object.keys(record)
    if (keys.length > 50) return "metadata has at most 50 keys"
    const long = keys.find((key) => key.length > 40)
    return long === undefined || { path: [long], message: "metadata keys are at most 40 characters" }
  })
)

/**
 * A required field read from a snake_case wire key. The key's literal type is kept, so the
 * `Encoded` type names the wire key instead of an index signature (which would not
 * type-check in a consumer's declarations).
 *
 * @internal
 */
export const wire = <A, I, R, const K extends string>(schema: Schema.Schema<A, I, R>, key: K) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

/**
 * An optional field of a response. It also accepts `null`, decoded as absent: the spec marks
 * it optional, yet some servers send `null`, and one server's habit must not fail a whole
 * sign-in. Encoding never writes `null` (absent stays absent), so request bodies built with
 * it send exactly what they did.
 *
 * @internal
 */
export const optional = <S extends Schema.Schema.All>(schema: S) => Schema.optionalWith(schema, { nullable: true })

/**
 * An optional field read from a snake_case wire key (`null` decodes as absent, see
 * {@link optional}).
 *
 * @internal
 */
export const optionalWire = <A, I, R, const K extends string>(schema: Schema.Schema<A, I, R>, key: K) =>
  optional(schema).pipe(Schema.fromKey(key))

/**
 * `created_at` and `updated_at`, as ISO 8601 strings.
 *
 * @internal
 */
export const timestamps = {
  createdAt: wire(Schema.String, "created_at"),
  updatedAt: wire(Schema.String, "updated_at")
}

/**
 * A list sent as one comma-separated query value (OpenAPI `style: form, explode: false`).
 *
 * @internal
 */
export const commaSeparated = <A, I extends string>(item: Schema.Schema<A, I>) =>
  Schema.transform(Schema.String, Schema.Array(item), {
    strict: true,
    decode: (s) => s.split(",") as Array<I>,
    encode: (a) => a.join(",")
  })

/**
 * An external id as the spec restricts it: non-empty ASCII of at most 128 characters.
 *
 * @internal
 */
export const ExternalId = Schema.String.pipe(
  Schema.maxLength(128, { message: () => "externalId is at most 128 characters" }),
  // eslint-disable-next-line no-control-regex -- the spec allows any ASCII, control characters included
  Schema.pattern(/^[\x00-\x7F]+$/, { message: () => "externalId must be non-empty ASCII" })
)
