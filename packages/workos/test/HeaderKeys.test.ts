/**
 * The key a verified token's header was verified with, remembered per key set
 * (`internal/headerKeys.ts`): which verifications still ask the key set, and which get the
 * remembered key. What a verification decides is `AccessToken.test.ts`'s; this counts the
 * key set's lookups.
 */
import { assert, describe, it } from "@effect/vitest"
import * as jose from "jose"
import { headerKeys } from "../src/internal/headerKeys.js"

const options: jose.JWTVerifyOptions = { algorithms: ["RS256"] }

/** One key under kid `k1`, a key set that counts its lookups, and a signer. */
const setUp = async () => {
  const { privateKey, publicKey } = await jose.generateKeyPair("RS256")
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: "k1", alg: "RS256" }
  const local = jose.createLocalJWKSet({ keys: [jwk] })
  let lookups = 0
  const keySet: jose.JWTVerifyGetKey = (header, token) => {
    lookups++
    return local(header, token)
  }
  const now = Math.floor(Date.now() / 1000)
  // A distinct `typ` gives a distinct header segment for the same key.
  const sign = (sub: string, typ = "JWT") =>
    new jose.SignJWT({ sub })
      .setProtectedHeader({ alg: "RS256", kid: "k1", typ })
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey)
  return { keySet, sign, lookups: () => lookups }
}

const rejects = (promise: Promise<unknown>) =>
  promise.then(() => assert.fail("the verification should fail"), (error: unknown) => error)

describe("headerKeys", () => {
  it("a token whose header was verified before gets its key without a lookup", async () => {
    const { keySet, lookups, sign } = await setUp()
    const keys = headerKeys(keySet)
    const [first, second] = [await sign("user_1"), await sign("user_2")]
    assert.notStrictEqual(first, second)
    assert.strictEqual(first.split(".")[0], second.split(".")[0])
    assert.strictEqual((await keys.verify(first, options)).payload.sub, "user_1")
    assert.strictEqual(lookups(), 1)
    assert.strictEqual((await keys.verify(second, options)).payload.sub, "user_2")
    assert.strictEqual((await keys.verify(first, options)).payload.sub, "user_1")
    assert.strictEqual(lookups(), 1, "the same header, another token: no lookup")
    // Another header asks the key set again, then is remembered too.
    const other = await sign("user_3", "at+jwt")
    await keys.verify(other, options)
    await keys.verify(other, options)
    assert.strictEqual(lookups(), 2)
    // Another set (a refetched JWKS) remembers nothing.
    await headerKeys(keySet).verify(first, options)
    assert.strictEqual(lookups(), 3)
  })

  it("a header is remembered only once a token with it verified", async () => {
    const { keySet, lookups, sign } = await setUp()
    const keys = headerKeys(keySet)
    const token = await sign("user_1")
    const [header, payload] = token.split(".")
    const error = await rejects(keys.verify(`${header}.${payload}.${"A".repeat(342)}`, options))
    assert.strictEqual((error as jose.errors.JOSEError).code, "ERR_JWS_SIGNATURE_VERIFICATION_FAILED")
    assert.strictEqual(lookups(), 1)
    await keys.verify(token, options)
    assert.strictEqual(lookups(), 2, "the failed one left nothing behind")
    await keys.verify(token, options)
    assert.strictEqual(lookups(), 2)
  })

  it("at its bound the memory starts over", async () => {
    const { keySet, lookups, sign } = await setUp()
    const keys = headerKeys(keySet, 2)
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((typ) => sign("user_1", typ)))
    await keys.verify(a!, options)
    await keys.verify(b!, options)
    await keys.verify(a!, options)
    await keys.verify(b!, options)
    assert.strictEqual(lookups(), 2, "two headers fit")
    await keys.verify(c!, options)
    assert.strictEqual(lookups(), 3)
    await keys.verify(c!, options)
    assert.strictEqual(lookups(), 3, "the third is remembered")
    await keys.verify(a!, options)
    assert.strictEqual(lookups(), 4, "the first two were forgotten to make room")
  })

  it("what is not a token is jose's to reject, without a lookup", async () => {
    const { keySet, lookups } = await setUp()
    const keys = headerKeys(keySet)
    for (const token of ["", "no-dots", ".a.b", 42 as unknown as string]) {
      const error = await rejects(keys.verify(token, options))
      assert.instanceOf(error, jose.errors.JOSEError, String(token))
    }
    assert.strictEqual(lookups(), 0)
  })
})
