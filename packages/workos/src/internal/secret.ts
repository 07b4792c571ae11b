/**
 * Secrets arrive as plain strings (a code the user typed) or as `Redacted` values; these
 * two functions turn either into the form a caller needs.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

/** The value as `Redacted`. @internal */
export const toRedacted = (value: string | Redacted.Redacted<string>): Redacted.Redacted<string> =>
  Redacted.isRedacted(value) ? value : Redacted.make(value)

/** The plain value, for the one place that must send it (a path segment, a verifier). @internal */
export const reveal = (value: string | Redacted.Redacted<string>): string =>
  Redacted.isRedacted(value) ? Redacted.value(value) : value

/** The SHA-256 of a text's UTF-8 bytes (a PKCE verifier, a refresh token), by WebCrypto. @internal */
export const sha256 = (text: string): Effect.Effect<Uint8Array> =>
  Effect.map(
    Effect.promise(() => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))),
    (digest) => new Uint8Array(digest)
  )
