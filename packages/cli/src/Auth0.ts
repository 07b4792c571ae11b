/**
 * Auth0's exports as `Users.create` input: a user of a bulk export (or of the User Import
 * / Export extension), the password hashes Auth0 support sends, and the rule that
 * flattens `user_metadata` and `app_metadata` into WorkOS's string-to-string metadata.
 *
 * @since 0.2.0
 */
import * as Either from "effect/Either"

/**
 * WorkOS's metadata limits: 50 keys, keys of at most 40 characters, values of at most 600.
 *
 * @since 0.2.0
 * @category constants
 */
export const metadataLimits = { keys: 50, keyLength: 40, valueLength: 600 } as const

/**
 * Why metadata could not be flattened: the key and the limit it breaks.
 *
 * @since 0.2.0
 * @category models
 */
export interface MetadataProblem {
  readonly key: string
  readonly message: string
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * Flatten Auth0 metadata into WorkOS metadata, by this rule:
 *
 * - `user_metadata` keys are kept; `app_metadata` keys get the prefix `app.`, so a value a
 *   user could edit in Auth0 never takes the name of one only your backend could set;
 * - nested objects are flattened with dots (`{ address: { city: "Oslo" } }` becomes
 *   `address.city = "Oslo"`);
 * - strings stay as they are, numbers and booleans become their text, arrays become their
 *   JSON text, `null` is left out;
 * - the result must fit WorkOS's limits ({@link metadataLimits}); otherwise the first key
 *   that does not fit is returned, and the user is not imported with metadata cut short.
 *
 * @example
 * ```ts
 * import { Auth0 } from "effect-workos-cli"
 *
 * // Right({ plan: "pro", "address.city": "Oslo", "app.roles": '["admin"]' })
 * const metadata = Auth0.flattenMetadata({ plan: "pro", address: { city: "Oslo" } }, { roles: ["admin"] })
 * ```
 *
 * @since 0.2.0
 * @category metadata
 */
export const flattenMetadata = (
  userMetadata: unknown,
  appMetadata: unknown
): Either.Either<Record<string, string>, MetadataProblem> => {
  const out: Record<string, string> = {}
  const problems: Array<MetadataProblem> = []
  const visit = (prefix: string, value: unknown): void => {
    if (value === null || value === undefined) return
    if (isRecord(value)) {
      for (const [key, inner] of Object.entries(value)) visit(prefix === "" ? key : `${prefix}.${key}`, inner)
      return
    }
    const text = typeof value === "string" ? value : Array.isArray(value) ? JSON.stringify(value) : String(value)
    if (prefix in out) problems.push({ key: prefix, message: `metadata key "${prefix}" appears twice once flattened` })
    out[prefix] = text
  }
  if (userMetadata !== undefined && userMetadata !== null && !isRecord(userMetadata)) {
    return Either.left({ key: "user_metadata", message: "user_metadata is not an object" })
  }
  if (appMetadata !== undefined && appMetadata !== null && !isRecord(appMetadata)) {
    return Either.left({ key: "app_metadata", message: "app_metadata is not an object" })
  }
  visit("", userMetadata)
  if (isRecord(appMetadata)) { for (const [key, inner] of Object.entries(appMetadata)) visit(`app.${key}`, inner) }
  if (problems.length > 0) return Either.left(problems[0]!)
  const keys = Object.keys(out)
  const long = keys.find((key) => key.length > metadataLimits.keyLength)
  if (long !== undefined) {
    return Either.left({
      key: long,
      message:
        `metadata key "${long}" has ${long.length} characters once flattened (at most ${metadataLimits.keyLength})`
    })
  }
  const big = keys.find((key) => out[key]!.length > metadataLimits.valueLength)
  if (big !== undefined) {
    return Either.left({
      key: big,
      message: `metadata value of "${big}" has ${out[big]!.length} characters (at most ${metadataLimits.valueLength})`
    })
  }
  if (keys.length > metadataLimits.keys) {
    return Either.left({
      key: keys[metadataLimits.keys]!,
      message: `metadata has ${keys.length} keys once flattened (at most ${metadataLimits.keys})`
    })
  }
  return Either.right(out)
}

/**
 * The hash algorithm of an exported password hash, by its form: `bcrypt` (`$2a$`, `$2b$`,
 * `$2y$`, what Auth0 uses) and `argon2` (`$argon2…`) are recognised; anything else (e.g. an
 * unsalted MD5 or SHA hex digest) is `undefined`, which WorkOS cannot import.
 *
 * @since 0.2.0
 * @category passwords
 */
export const detectHashType = (hash: string): "bcrypt" | "argon2" | undefined =>
  /^\$2[aby]\$\d\d\$/.test(hash) ? "bcrypt" : /^\$argon2(id|i|d)\$/.test(hash) ? "argon2" : undefined

/**
 * One password hash from a password export, by email and by Auth0 user id.
 *
 * @since 0.2.0
 * @category passwords
 */
export interface PasswordHash {
  readonly hash: string
  /** Given in the file, or detected with {@link detectHashType}; `undefined` when unknown. */
  readonly type: string | undefined
}

/**
 * Read one line of a password export: Auth0's (`{ "_id": { "$oid": … }, "email": …,
 * "passwordHash": … }`) or this CLI's own (`{ "email": …, "password_hash": …,
 * "password_hash_type": … }`). The keys it can be found by are the lowercased email and,
 * for Auth0, `auth0|<$oid>` (the user id of the database connection).
 *
 * @since 0.2.0
 * @category passwords
 */
export const passwordEntry = (
  line: unknown
): { readonly keys: ReadonlyArray<string>; readonly entry: PasswordHash } | undefined => {
  if (!isRecord(line)) return undefined
  const hash = typeof line.passwordHash === "string"
    ? line.passwordHash
    : typeof line.password_hash === "string"
    ? line.password_hash
    : undefined
  if (hash === undefined || hash === "") return undefined
  const keys: Array<string> = []
  if (typeof line.email === "string") keys.push(line.email.toLowerCase())
  const oid = isRecord(line._id) && typeof line._id.$oid === "string" ? line._id.$oid : undefined
  if (oid !== undefined) keys.push(`auth0|${oid}`)
  if (typeof line.user_id === "string") keys.push(line.user_id)
  const type = typeof line.password_hash_type === "string" ? line.password_hash_type : detectHashType(hash)
  return keys.length === 0 ? undefined : { keys, entry: { hash, type } }
}
