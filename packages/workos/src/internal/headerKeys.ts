/**
 * jose's verification against one fetched key set, with the key that verified a token's
 * header handed to jose directly for the next token with the same header.
 *
 * jose's key-set function searches the set and awaits its import cache on every
 * verification, about 10 µs of a warm one. A token's header (its first segment: `alg`
 * and `kid`) alone decides which key jose picks, so a header verified once gets the same
 * key again. jose still checks the signature, the algorithm, the expiry and the claims in
 * full. Only verified tokens add a header, so forged headers cannot grow the memory, and
 * it is bounded all the same. One instance per fetched key set: a refetched set starts
 * with none.
 *
 * @internal
 */
import * as jose from "jose"

/** A key the key set gave jose. */
type Key = Awaited<ReturnType<jose.JWTVerifyGetKey>>

/** The verifications of one key set. @internal */
export interface HeaderKeys {
  readonly verify: (token: string, options: jose.JWTVerifyOptions) => Promise<jose.JWTVerifyResult>
}

/**
 * Verify tokens against `keySet`, remembering the keys of at most `max` headers (WorkOS's
 * tokens share one header per key). At `max`, the memory starts over.
 *
 * @internal
 */
export const headerKeys = (keySet: jose.JWTVerifyGetKey, max = 16): HeaderKeys => {
  const keys = new Map<string, Key>()
  return {
    verify: (token, options) => {
      // (A caller without types may pass something else than a string.)
      const dot = typeof token === "string" ? token.indexOf(".") : -1
      // Not a compact JWS: jose says what is wrong with it.
      if (dot <= 0) return jose.jwtVerify(token, keySet, options)
      const header = token.slice(0, dot)
      const known = keys.get(header)
      if (known !== undefined) return jose.jwtVerify(token, known, options)
      let matched: Key | undefined
      const lookup: jose.JWTVerifyGetKey = (protectedHeader, jws) =>
        Promise.resolve(keySet(protectedHeader, jws)).then((key) => (matched = key))
      return jose.jwtVerify(token, lookup, options).then((result) => {
        // A token verified with a key function had its key looked up: `matched` is set.
        if (keys.size >= max) keys.clear()
        keys.set(header, matched!)
        return result
      })
    }
  }
}
