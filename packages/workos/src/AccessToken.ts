/**
 * Verify WorkOS access tokens (RS256 JWTs) with jose against the client's JWKS.
 *
 * The JWKS is fetched through the SDK's own request pipeline (your `HttpClient`, never a
 * global `fetch`), cached for a TTL, fetched once for concurrent callers, and refetched
 * (at most once per cooldown) when a token names a key it does not have, which is how key
 * rotation shows up. Time comes from Effect's `Clock`, so `TestClock` expires tokens in
 * tests.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as jose from "jose"
import { decodeUnknownEither } from "./internal/decode.js"
import { headerKeys } from "./internal/headerKeys.js"
import * as Http from "./internal/http.js"
import { reveal } from "./internal/secret.js"
import { traced } from "./internal/span.js"
import { WorkOSConfig } from "./WorkOSConfig.js"
import { AccessTokenExpired, AccessTokenInvalid, JwksUnavailable } from "./WorkOSError.js"

/**
 * The claims WorkOS puts in an access token, camelCased.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AccessTokenClaims = Schema.Struct({
  iss: Schema.String,
  /** The user id. */
  sub: Schema.String,
  /** The session id: what `AuthorizationUrl.logoutUrl` and session revocation take. */
  sid: Schema.String,
  exp: Schema.Number,
  iat: Schema.Number,
  jti: Schema.optional(Schema.String),
  orgId: Schema.optional(Schema.String).pipe(Schema.fromKey("org_id")),
  role: Schema.optional(Schema.String),
  roles: Schema.optional(Schema.Array(Schema.String)),
  permissions: Schema.optional(Schema.Array(Schema.String)),
  entitlements: Schema.optional(Schema.Array(Schema.String)),
  featureFlags: Schema.optional(Schema.Array(Schema.String)).pipe(Schema.fromKey("feature_flags")),
  /** Present when an admin impersonates the user: `act.sub` is the admin. */
  act: Schema.optional(Schema.Struct({ sub: Schema.String }))
})

/**
 * A verified token: WorkOS's claims, and the whole payload for custom claims (from your
 * JWT template).
 *
 * @since 0.1.0
 * @category models
 */
export interface VerifiedAccessToken extends Schema.Schema.Type<typeof AccessTokenClaims> {
  readonly payload: Readonly<Record<string, unknown>>
}

/**
 * Options for {@link make} and {@link layer}: the client id whose JWKS to use, the JWKS cache
 * lifetime and refetch cooldown, the clock tolerance, and the issuers to accept.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Whose JWKS to use. Default: `WorkOSConfig`'s client id. */
  readonly clientId?: string | undefined
  /** How long a fetched JWKS is trusted. Default 5 minutes. */
  readonly jwksTtl?: Duration.DurationInput | undefined
  /** At most one refetch for an unknown `kid` per this long. Default 30 seconds. */
  readonly refetchCooldown?: Duration.DurationInput | undefined
  /** Leeway for `exp`/`iat`/`nbf`. Default 0. */
  readonly clockTolerance?: Duration.DurationInput | undefined
  /**
   * Accept only these issuers (`iss`). Default: no issuer check, as WorkOS documents (the
   * issuer changes with a custom authentication domain); the signature already ties the
   * token to your environment's keys.
   */
  readonly issuer?: string | ReadonlyArray<string> | undefined
  /**
   * Reject a token issued for another client: its `aud` claim, when present, must include
   * the client id above, and its `client_id` claim, when present, must be it. A token that
   * names no client passes.
   * Default `true`; `false` accepts tokens of every client of the environment.
   */
  readonly checkClient?: boolean | undefined
}

/**
 * The service behind {@link AccessTokenVerifier}: verifies access tokens against one cached JWKS.
 *
 * @since 0.1.0
 * @category models
 */
export interface Verifier {
  readonly verify: (
    token: string | Redacted.Redacted<string>
  ) => Effect.Effect<VerifiedAccessToken, AccessTokenExpired | AccessTokenInvalid | JwksUnavailable>
}

/**
 * The verifier service, holding the JWKS cache.
 *
 * @since 0.1.0
 * @category tags
 */
export class AccessTokenVerifier
  extends Context.Tag("effect-workos/AccessTokenVerifier")<AccessTokenVerifier, Verifier>()
{}

const Jwks = Schema.Struct({
  keys: Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
})

const decodeClaims = decodeUnknownEither(AccessTokenClaims)

const invalid = (reason: AccessTokenInvalid["reason"], message: string) =>
  new AccessTokenInvalid({ reason, message }, true)

/**
 * Whether a token may be used by `clientId`: its `aud` (a string or a list), when present,
 * includes it, and its `client_id`, when present, is it.
 */
const forClient = (payload: Readonly<Record<string, unknown>>, clientId: string): boolean => {
  const { aud, client_id } = payload
  const audience = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : undefined
  return (audience === undefined || audience.includes(clientId)) &&
    (client_id === undefined || client_id === clientId)
}

const joseCode = (error: unknown): string | undefined => error instanceof jose.errors.JOSEError ? error.code : undefined

/**
 * Build a verifier. Requests made later (JWKS fetches) use the `WorkOSConfig` and
 * `HttpClient` of this moment.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Verifier, never, WorkOSConfig | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const context = yield* Effect.context<WorkOSConfig | HttpClient.HttpClient>()
    const config = Context.get(context, WorkOSConfig)
    const clientId = options.clientId ?? Option.getOrUndefined(config.clientId) ?? ""
    const ttl = Duration.decode(options.jwksTtl ?? "5 minutes")
    const cooldown = Duration.toMillis(options.refetchCooldown ?? "30 seconds")
    const tolerance = Math.floor(Duration.toSeconds(options.clockTolerance ?? 0))
    const issuer = options.issuer === undefined
      ? undefined
      : typeof options.issuer === "string"
      ? options.issuer
      : [...options.issuer]
    // Without a client id to compare with, there is nothing to check.
    const checkClient = options.checkClient !== false && clientId !== ""
    let lastFetchAt = Number.NEGATIVE_INFINITY
    // Set when the fetched key set proved unusable (a malformed key): verifications fail
    // with it, without a request, until the refetch cooldown has passed.
    let unusable: JwksUnavailable | undefined

    const fetchKeys = Effect.gen(function*() {
      lastFetchAt = yield* Clock.currentTimeMillis
      const jwks = yield* Http.execute({
        span: "WorkOS.AccessToken.jwks",
        method: "GET",
        path: Http.path("/sso/jwks/{clientId}", { clientId }),
        success: Jwks
      })
      return yield* Effect.try({
        // jose's verification against the set, with the keys of headers it verified remembered.
        try: () => headerKeys(jose.createLocalJWKSet(jwks as unknown as jose.JSONWebKeySet)),
        catch: () =>
          new JwksUnavailable({ message: "The JWKS is not a valid JSON Web Key Set", cause: "JwksInvalid" }, true)
      })
    }).pipe(
      Effect.mapError((error) =>
        error._tag === "JwksUnavailable"
          ? error
          : new JwksUnavailable({ message: `Could not fetch the JWKS: ${error.message}`, cause: error._tag }, true)
      ),
      Effect.provide(context)
    )

    // The key set and when it expires. A hand-rolled cache rather than
    // `Effect.cachedInvalidateWithTTL`, whose lock costs more than a verification itself:
    // the warm path is one clock read. Concurrent misses share one fetch, which runs in its
    // own fiber so that a caller's interruption does not strand the others. A failed fetch
    // is not cached.
    type KeySet = Effect.Effect.Success<typeof fetchKeys>
    const ttlMillis = Duration.toMillis(ttl)
    let current: { readonly keySet: KeySet; readonly expiresAt: number } | undefined
    let inflight: Deferred.Deferred<KeySet, JwksUnavailable> | undefined
    const refresh = Effect.suspend(() => {
      if (inflight !== undefined) return Deferred.await(inflight)
      const deferred = Deferred.unsafeMake<KeySet, JwksUnavailable>(FiberId.none)
      inflight = deferred
      const load = fetchKeys.pipe(
        Effect.tap((keySet) =>
          Effect.map(Clock.currentTimeMillis, (now) => {
            current = { keySet, expiresAt: now + ttlMillis }
            unusable = undefined
          })
        ),
        // A JWKS that arrived but is not a key set is as unusable as one with a bad key;
        // an outage (timeout, 5xx) is not remembered, so the next verification tries again.
        Effect.tapError((error) =>
          Effect.sync(() => {
            if (error.cause === "JwksInvalid" || error.cause === "WorkOSDecodeError") unusable = error
          })
        ),
        Effect.exit,
        Effect.flatMap((exit) => {
          inflight = undefined
          return Deferred.done(deferred, exit)
        })
      )
      return Effect.zipRight(Effect.forkDaemon(load), Deferred.await(deferred))
    })
    const invalidate = Effect.sync(() => {
      current = undefined
    })

    const check = (token: string, keySet: KeySet, now: number) =>
      Effect.tryPromise({
        try: () =>
          keySet.verify(token, {
            algorithms: ["RS256"],
            currentDate: new Date(now),
            clockTolerance: tolerance,
            ...(issuer === undefined ? {} : { issuer })
          }),
        catch: (error) => error
      })

    // The warm path: one clock read, the cached key set, jose, the claims schema.
    const verifyWith = (token: string, refetched: boolean): Effect.Effect<
      VerifiedAccessToken,
      AccessTokenExpired | AccessTokenInvalid | JwksUnavailable
    > =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.flatMap(
          current !== undefined && now < current.expiresAt
            ? Effect.succeed(current.keySet)
            : unusable !== undefined && now - lastFetchAt < cooldown
            ? Effect.fail(unusable)
            : refresh,
          (keySet) =>
            Effect.matchEffect(check(token, keySet, now), {
              onSuccess: (result) => {
                const claims = decodeClaims(result.payload)
                if (claims._tag === "Left") return Effect.fail(invalid("claims", "The token lacks WorkOS's claims"))
                if (checkClient && !forClient(result.payload, clientId)) {
                  return Effect.fail(invalid("audience", "The token was issued for another client"))
                }
                // The decoder's output is a new object (it renames `org_id` and
                // `feature_flags`), so the payload is added to it: a copy would cost more
                // than decoding the claims did.
                return Effect.succeed(Object.assign(claims.right, { payload: result.payload }))
              },
              onFailure: (error) => rejected(token, error, now, refetched)
            })
        ))

    const rejected = (
      token: string,
      error: unknown,
      now: number,
      refetched: boolean
    ): Effect.Effect<VerifiedAccessToken, AccessTokenExpired | AccessTokenInvalid | JwksUnavailable> =>
      Effect.gen(function*() {
        switch (joseCode(error)) {
          case "ERR_JWT_EXPIRED": {
            const exp = (error as jose.errors.JWTExpired).payload.exp
            return yield* Effect.fail(
              new AccessTokenExpired({ message: "The access token has expired", expiredAt: exp ?? null }, true)
            )
          }
          case "ERR_JWKS_NO_MATCHING_KEY":
            if (!refetched && now - lastFetchAt >= cooldown) {
              yield* invalidate
              return yield* verifyWith(token, true)
            }
            return yield* Effect.fail(invalid("unknown_key", "No key of the JWKS matches the token's kid"))
          case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
            return yield* Effect.fail(invalid("signature", "The token's signature is not valid"))
          case "ERR_JOSE_ALG_NOT_ALLOWED":
            return yield* Effect.fail(invalid("algorithm", "The token is not signed with RS256"))
          case "ERR_JOSE_NOT_SUPPORTED":
            // With RS256 the only algorithm allowed, what is left unsupported is a header
            // extension the token marks critical (`crit`), which must not be ignored.
            return yield* Effect.fail(
              invalid("malformed", "The token requires a header extension that is not supported")
            )
          case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
            const claim = (error as jose.errors.JWTClaimValidationFailed).claim
            return yield* Effect.fail(
              claim === "iss"
                ? invalid("issuer", "The token was issued by an issuer that is not accepted")
                : invalid("claims", `The token's "${claim}" claim is not valid`)
            )
          }
          case undefined:
          case "ERR_JWKS_INVALID":
          case "ERR_JWKS_MULTIPLE_MATCHING_KEYS": {
            // Not the token: the key the JWKS holds for it cannot be imported (jose and
            // WebCrypto throw plain TypeErrors and DataErrors for a malformed key). The set
            // is dropped, so it is fetched again once the refetch cooldown has passed.
            current = undefined
            unusable = new JwksUnavailable({
              message: "The JWKS holds a key that cannot be used to verify RS256 tokens",
              cause: "JwksInvalid"
            }, true)
            return yield* Effect.fail(unusable)
          }
          default:
            return yield* Effect.fail(invalid("malformed", "The token is not a well-formed JWT"))
        }
      })

    return {
      verify: (token) =>
        traced("WorkOS.AccessToken.verify", { kind: "internal" }, () => verifyWith(reveal(token), false))
    }
  })

/**
 * The verifier as a layer: one JWKS cache for the whole app.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<AccessTokenVerifier, never, WorkOSConfig | HttpClient.HttpClient> =>
  Layer.effect(AccessTokenVerifier, make(options))

/**
 * Verify a token with the {@link AccessTokenVerifier} in context.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { AccessToken } from "effect-workos"
 *
 * const userId = (bearer: string) =>
 *   AccessToken.verify(bearer).pipe(Effect.map((claims) => claims.sub))
 * ```
 *
 * @since 0.1.0
 * @category accessors
 */
export const verify = (
  token: string | Redacted.Redacted<string>
): Effect.Effect<VerifiedAccessToken, AccessTokenExpired | AccessTokenInvalid | JwksUnavailable, AccessTokenVerifier> =>
  Effect.flatMap(AccessTokenVerifier, (verifier) => verifier.verify(token))
