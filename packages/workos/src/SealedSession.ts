/**
 * Sealed session cookies, compatible with the official Node SDK's, and the session
 * service servers use: authenticate a cookie, refresh it (once, however many requests
 * ask at the same time), build its logout URL.
 *
 * Sealing uses `iron-webcrypto` (WebCrypto only, so it runs on edge runtimes) with the
 * Node SDK's format and payload: a cookie sealed by `@workos-inc/node` opens here and one
 * sealed here opens there.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Cache from "effect/Cache"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Hash from "effect/Hash"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Iron from "iron-webcrypto"
import * as jose from "jose"
import * as AccessToken from "./AccessToken.js"
import { type AuthenticationResponse, withRefreshToken } from "./Authentication.js"
import { logoutUrl as buildLogoutUrl } from "./AuthorizationUrl.js"
import { Coordination } from "./Coordination.js"
import { decodeUnknownEither, decodeUnknownOption } from "./internal/decode.js"
import { sha256, toRedacted } from "./internal/secret.js"
import { User } from "./internal/user.js"
import { revoke as revokeSession } from "./Sessions.js"
import type { WorkOSConfig } from "./WorkOSConfig.js"
import {
  type AccessTokenExpired,
  type AccessTokenInvalid,
  InvalidSessionCookie,
  type JwksUnavailable,
  NoSessionCookie,
  type RequestFailure,
  SessionRefreshTerminal,
  SessionRefreshTransient,
  type WorkOSInvalidRequest
} from "./WorkOSError.js"

// ---------------------------------------------------------------------------
// The sealed payload: the Node SDK's, field for field
// ---------------------------------------------------------------------------

const UserJson = Schema.Struct({
  object: Schema.Literal("user"),
  id: Schema.String,
  email: Schema.String,
  emailVerified: Schema.Boolean,
  firstName: Schema.NullOr(Schema.String),
  lastName: Schema.NullOr(Schema.String),
  name: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  profilePictureUrl: Schema.NullOr(Schema.String),
  externalId: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  metadata: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.String }), { default: () => ({}) }),
  lastSignInAt: Schema.NullOr(Schema.String),
  locale: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null }),
  createdAt: Schema.String,
  updatedAt: Schema.String
})

/** The user as the Node SDK stores it (camelCase), decoded to the `User` model. */
const SessionUser = Schema.transform(UserJson, Schema.instanceOf(User), {
  strict: true,
  decode: (json) => new User(json, true),
  encode: (user) => ({ ...user })
})

/**
 * What a session cookie holds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SessionData = Schema.Struct({
  accessToken: Schema.Redacted(Schema.String),
  refreshToken: Schema.Redacted(Schema.String),
  user: SessionUser,
  organizationId: Schema.optional(Schema.String),
  authenticationMethod: Schema.optional(Schema.String),
  impersonator: Schema.optional(Schema.Struct({ email: Schema.String, reason: Schema.NullOr(Schema.String) }))
})

/**
 * A session cookie's contents, decoded: the tokens stay `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export type SessionData = typeof SessionData.Type

const encodeData = Schema.encodeSync(SessionData)
const decodeData = decodeUnknownEither(SessionData)

const versionSuffix = "~2"
const ironOptions = { ...Iron.defaults, ttl: 0, encode: JSON.stringify }

/**
 * The cookie password: at least 32 characters.
 *
 * @since 0.1.0
 * @category models
 */
export type CookiePassword = Redacted.Redacted<string>

/**
 * Seal session data into a cookie value (the Node SDK's format).
 *
 * @since 0.1.0
 * @category sealing
 */
export const seal = (data: SessionData, password: CookiePassword): Effect.Effect<string> =>
  Effect.promise(() => Iron.seal(encodeData(data), { id: "1", secret: Redacted.value(password) }, ironOptions)).pipe(
    Effect.map((sealed) => `${sealed}${versionSuffix}`)
  )

/**
 * Open an iron-sealed value with the first of the passwords that opens it (the current
 * one first, then those being rotated out). The error is the current password's.
 */
const openSealed = (
  sealed: string,
  passwords: ReadonlyArray<CookiePassword>
): Effect.Effect<unknown, InvalidSessionCookie> =>
  passwords.map((password) =>
    Effect.tryPromise({
      try: () => Iron.unseal(sealed, { 1: Redacted.value(password) }, { ...Iron.defaults, ttl: 0 }),
      catch: (error) => {
        const message = error instanceof Error ? error.message : String(error)
        return /hmac/i.test(message)
          ? invalidCookie("tampered", "The session cookie failed its integrity check")
          : /password/i.test(message)
          ? invalidCookie("wrong_password", "The session cookie was sealed with another password")
          : /expired/i.test(message)
          ? invalidCookie("expired", "The session cookie has expired")
          : invalidCookie("malformed", "The value is not a sealed session")
      }
    })
  ).reduce((opened, next) => Effect.catchAll(opened, (error) => Effect.mapError(next, () => error)))

/**
 * Open a session cookie. Every failure is a typed `InvalidSessionCookie`, never a defect.
 * Given several passwords (the current one first), a cookie sealed with any of them opens,
 * so a password can be rotated without signing anyone out.
 *
 * @since 0.1.0
 * @category sealing
 */
export const unseal = (
  cookie: string,
  password: CookiePassword | ReadonlyArray<CookiePassword>
): Effect.Effect<SessionData, InvalidSessionCookie> =>
  Effect.gen(function*() {
    const [sealed = "", version] = cookie.split("~")
    if (version !== undefined && version !== "2") {
      return yield* Effect.fail(invalidCookie("malformed", `Unsupported session cookie version ${version}`))
    }
    const opened = yield* openSealed(sealed, Redacted.isRedacted(password) ? [password] : password)
    const data = decodeData(opened)
    if (data._tag === "Left") {
      return yield* Effect.fail(invalidCookie("malformed", "The session cookie holds no session"))
    }
    return data.right
  })

const invalidCookie = (reason: InvalidSessionCookie["reason"], message: string) =>
  new InvalidSessionCookie({ reason, message }, true)

/**
 * The session id in a cookie's access token. Decoded, not verified: the cookie's seal
 * already vouches for the token, and logging out or revoking must work after it expired.
 */
const sessionIdOf = (data: SessionData): Effect.Effect<string, InvalidSessionCookie> => {
  const sid = Option.liftThrowable(jose.decodeJwt)(Redacted.value(data.accessToken)).pipe(
    Option.flatMap((payload) => Option.fromNullable(typeof payload.sid === "string" ? payload.sid : undefined))
  )
  return Option.isSome(sid)
    ? Effect.succeed(sid.value)
    : Effect.fail(invalidCookie("malformed", "The session has no session id"))
}

const decodeClaims = decodeUnknownOption(AccessToken.AccessTokenClaims)

/**
 * The claims of a token WorkOS has just returned in its answer to a refresh, read without
 * checking the signature: it arrived over the API's authenticated channel, like the user
 * object beside it. Only for that token, never for one a client sent.
 */
const claimsFromWorkOS = (token: Redacted.Redacted<string>): Option.Option<AccessToken.VerifiedAccessToken> =>
  Option.liftThrowable(jose.decodeJwt)(Redacted.value(token)).pipe(
    Option.flatMap((payload) => Option.map(decodeClaims(payload), (claims) => ({ ...claims, payload })))
  )

/**
 * The session data of a sign-in, ready to seal.
 *
 * @since 0.1.0
 * @category sealing
 */
export const fromAuthentication = (response: AuthenticationResponse): SessionData => ({
  accessToken: response.accessToken,
  refreshToken: response.refreshToken,
  user: response.user,
  ...(response.organizationId === undefined ? {} : { organizationId: response.organizationId }),
  ...(response.authenticationMethod === undefined ? {} : { authenticationMethod: response.authenticationMethod }),
  ...(response.impersonator === undefined
    ? {}
    : { impersonator: { email: response.impersonator.email, reason: response.impersonator.reason } })
})

// ---------------------------------------------------------------------------
// The session service
// ---------------------------------------------------------------------------

/**
 * An authenticated session: who, in which organization, with which rights.
 *
 * @since 0.1.0
 * @category models
 */
export interface Session {
  readonly sessionId: string
  readonly userId: string
  /** The user as stored in the cookie; `null` when authenticated by a bearer token. */
  readonly user: User | null
  readonly organizationId: string | undefined
  readonly role: string | undefined
  readonly roles: ReadonlyArray<string>
  readonly permissions: ReadonlyArray<string>
  readonly entitlements: ReadonlyArray<string>
  readonly featureFlags: ReadonlyArray<string>
  readonly impersonator: { readonly email: string; readonly reason: string | null } | undefined
  readonly authenticationMethod: string | undefined
  readonly accessToken: Redacted.Redacted<string>
  /** The verified access token's claims, custom ones included. */
  readonly claims: AccessToken.VerifiedAccessToken
}

/**
 * A refreshed session and the cookie to set.
 *
 * @since 0.1.0
 * @category models
 */
export interface Refreshed {
  readonly cookie: string
  readonly session: Session
}

/**
 * Errors of {@link SessionManagerService.authenticate}.
 *
 * @since 0.1.0
 * @category errors
 */
export type AuthenticateError =
  | NoSessionCookie
  | InvalidSessionCookie
  | AccessTokenExpired
  | AccessTokenInvalid
  | JwksUnavailable

/**
 * Errors of {@link SessionManagerService.refresh}.
 *
 * @since 0.1.0
 * @category errors
 */
export type RefreshError = NoSessionCookie | InvalidSessionCookie | SessionRefreshTerminal | SessionRefreshTransient

/**
 * The session service: read, refresh and end sealed sessions, with single-flight refresh.
 *
 * @since 0.1.0
 * @category models
 */
export interface SessionManagerService {
  readonly cookieName: string
  /** Seal a sign-in into a cookie value (warns when it exceeds 4096 bytes). */
  readonly seal: (response: AuthenticationResponse) => Effect.Effect<string>
  /** Open the cookie and verify its access token. */
  readonly authenticate: (cookie: string | undefined) => Effect.Effect<Session, AuthenticateError>
  /** Verify a bearer access token (for APIs). */
  readonly authenticateBearer: (
    token: string | Redacted.Redacted<string>
  ) => Effect.Effect<Session, AccessTokenExpired | AccessTokenInvalid | JwksUnavailable>
  /**
   * Exchange the cookie's refresh token. Concurrent refreshes of one refresh token make
   * one request and all get its result; so do refreshes arriving within the grace window
   * after it succeeded (requests that still carry the old cookie). A failure is not kept:
   * the next call tries again. The service remembers up to 100,000 refreshes at a time
   * (an Effect `Cache`; the least recently used go first).
   */
  readonly refresh: (
    cookie: string | undefined,
    options?: { readonly organizationId?: string | undefined }
  ) => Effect.Effect<Refreshed, RefreshError>
  /** The URL that ends the cookie's session at WorkOS, then returns to `returnTo`. */
  readonly logoutUrl: (
    cookie: string | undefined,
    options?: { readonly returnTo?: string | undefined }
  ) => Effect.Effect<string, NoSessionCookie | InvalidSessionCookie | WorkOSInvalidRequest>
  /** Seal any string with the cookie password (e.g. a short-lived sign-in state). */
  readonly sealValue: (value: string) => Effect.Effect<string>
  /** How long before its access token expires a session is refreshed (0: once expired). */
  readonly refreshAhead: Duration.Duration
  /** Open what {@link SessionManagerService.sealValue} sealed. */
  readonly openValue: (sealed: string) => Effect.Effect<string, InvalidSessionCookie>
  /** Revoke the cookie's session at WorkOS. */
  readonly revoke: (
    cookie: string | undefined
  ) => Effect.Effect<void, NoSessionCookie | InvalidSessionCookie | RequestFailure>
}

/**
 * The session service.
 *
 * @since 0.1.0
 * @category tags
 */
export class SessionManager
  extends Context.Tag("effect-workos/SessionManager")<SessionManager, SessionManagerService>()
{}

/**
 * Options for {@link make} and {@link layer}: the cookie password, the cookie name, the grace
 * window for requests still carrying a refreshed cookie, and access-token verification.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** At least 32 characters; share it with the Node SDK to read each other's cookies. */
  readonly cookiePassword: string | Redacted.Redacted<string>
  /**
   * Passwords being rotated out: cookies sealed with them still open, and every cookie the
   * service writes (a refresh, a sign-in) is sealed with `cookiePassword`. Drop one once
   * the cookies it sealed have been refreshed or have expired.
   */
  readonly previousCookiePasswords?: ReadonlyArray<string | Redacted.Redacted<string>> | undefined
  /** Default `wos-session`, as the Node SDK. */
  readonly cookieName?: string | undefined
  /** How long a refresh result serves requests still carrying the old cookie. Default 30 s. */
  readonly refreshGrace?: Duration.DurationInput | undefined
  /**
   * Refresh a cookie whose access token expires within this window, before it expires (the
   * server middleware does it on the request). If that early refresh fails, the request is
   * served with the still-valid session. Default 0: refresh once expired.
   */
  readonly refreshAhead?: Duration.DurationInput | undefined
  /** Options of the access-token verifier (JWKS cache, tolerance, issuer). */
  readonly accessToken?: AccessToken.Options | undefined
}

/**
 * What WorkOS answers about the refresh token or the user: the session is over. Anything
 * else keeps it: an outage passes, and a server that cannot send the refresh (no client id
 * configured: `WorkOSInvalidRequest`; a rejected API key: `WorkOSUnauthorized`) is fixed by
 * its operator, after which the same cookies refresh. Signing every user out for a
 * deployment's mistake would lose what nothing can give back.
 */
const terminalCauses = new Set([
  "InvalidGrant",
  "MfaEnrollmentRequired",
  "SsoRequired",
  "AuthenticationMethodNotAllowed",
  "WorkOSOAuthError",
  "WorkOSBadRequest",
  "WorkOSNotFound",
  "WorkOSForbidden"
])

const sessionFrom = (
  data: SessionData | null,
  claims: AccessToken.VerifiedAccessToken,
  token: Redacted.Redacted<string>
): Session => ({
  sessionId: claims.sid,
  userId: claims.sub,
  user: data?.user ?? null,
  organizationId: claims.orgId ?? data?.organizationId,
  role: claims.role,
  roles: claims.roles ?? [],
  permissions: claims.permissions ?? [],
  entitlements: claims.entitlements ?? [],
  featureFlags: claims.featureFlags ?? [],
  impersonator: data?.impersonator,
  authenticationMethod: data?.authenticationMethod,
  accessToken: token,
  claims
})

/** SHA-256 (hex) of the refresh token and organization: the key replicas coordinate a refresh by. */
const refreshKey = (refreshToken: Redacted.Redacted<string>, organizationId: string | undefined) =>
  Effect.map(
    sha256(`${Redacted.value(refreshToken)}|${organizationId ?? ""}`),
    (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
  )

/** A refresh's identity: its refresh token and organization (the cookie's data rides along). */
class RefreshKey implements Equal.Equal {
  readonly token: string
  constructor(readonly data: SessionData, readonly organizationId: string | undefined) {
    this.token = Redacted.value(data.refreshToken)
  }
  [Equal.symbol](that: Equal.Equal): boolean {
    return that instanceof RefreshKey && that.token === this.token && that.organizationId === this.organizationId
  }
  [Hash.symbol](): number {
    return Hash.cached(this, Hash.combine(Hash.string(this.token))(Hash.string(this.organizationId ?? "")))
  }
}

/**
 * Build the session service. Its requests use the `WorkOSConfig` and `HttpClient` of
 * this moment; in-flight refreshes run in the given scope, so one caller's interruption
 * does not cancel the refresh the others wait for.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<SessionManagerService, ConfigError.ConfigError, WorkOSConfig | HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    const password = toRedacted(options.cookiePassword)
    const passwords = [password, ...(options.previousCookiePasswords ?? []).map(toRedacted)]
    if (passwords.some((candidate) => Redacted.value(candidate).length < 32)) {
      return yield* Effect.fail(
        ConfigError.InvalidData(["WORKOS_COOKIE_PASSWORD"], "The cookie password must be at least 32 characters")
      )
    }
    const context = yield* Effect.context<WorkOSConfig | HttpClient.HttpClient>()
    const scope = yield* Effect.scope
    const verifier = yield* AccessToken.make(options.accessToken)
    const grace = Duration.toMillis(options.refreshGrace ?? "30 seconds")
    const cookieName = options.cookieName ?? "wos-session"

    const open = (cookie: string | undefined) =>
      cookie === undefined || cookie === ""
        ? Effect.fail(new NoSessionCookie({ message: "No session cookie" }, true))
        : unseal(cookie, passwords)

    const sealResponse = (response: AuthenticationResponse) =>
      Effect.tap(seal(fromAuthentication(response), password), (sealed) =>
        sealed.length > 4096
          ? Effect.logWarning(
            `The sealed session cookie is ${sealed.length} bytes; browsers drop cookies over 4096. Trim the JWT template or the user's metadata.`
          )
          : Effect.void)

    const coordination = yield* Coordination

    /** Exchange the refresh token and seal the answer. */
    const refreshAndSeal = (data: SessionData, organizationId: string | undefined) =>
      withRefreshToken({ refreshToken: data.refreshToken, organizationId: organizationId ?? data.organizationId }).pipe(
        Effect.mapError((error) =>
          terminalCauses.has(error._tag)
            ? new SessionRefreshTerminal({ message: error.message, cause: error._tag, code: error.code }, true)
            : new SessionRefreshTransient({ message: error.message, cause: error._tag }, true)
        ),
        Effect.flatMap((response) =>
          Effect.map(sealResponse(response), (cookie) => ({ cookie, data: fromAuthentication(response) }))
        ),
        Effect.provide(context)
      )

    /** The session of a freshly refreshed cookie. */
    const refreshed = (cookie: string, data: SessionData): Effect.Effect<Refreshed, RefreshError> =>
      verifier.verify(data.accessToken).pipe(
        // The old refresh token is spent: failing here would sign the user out at the
        // next attempt. When only the JWKS is unavailable, keep the new session with
        // the claims WorkOS just sent; the next request verifies the token as usual.
        Effect.catchTag("JwksUnavailable", (error) =>
          Option.match(claimsFromWorkOS(data.accessToken), {
            onNone: () => Effect.fail(error),
            onSome: Effect.succeed
          })),
        Effect.mapError((error) =>
          new SessionRefreshTransient({
            message: `The refreshed token did not verify: ${error.message}`,
            cause: error._tag
          }, true)
        ),
        Effect.map((claims) => ({ cookie, session: sessionFrom(data, claims, data.accessToken) }))
      )

    const doRefresh = (
      data: SessionData,
      organizationId: string | undefined
    ): Effect.Effect<Refreshed, RefreshError> => {
      const refreshOnce = coordination.refreshOnce
      const run: Effect.Effect<Refreshed, RefreshError> = refreshOnce === undefined
        ? Effect.flatMap(refreshAndSeal(data, organizationId), ({ cookie, data }) => refreshed(cookie, data))
        : Effect.gen(function*() {
          // Replicas agree on the refresh by a hash of the token, never the token itself;
          // what they share is the new sealed (encrypted) cookie.
          const key = yield* refreshKey(data.refreshToken, organizationId)
          const cookie = yield* refreshOnce(key, Effect.map(refreshAndSeal(data, organizationId), (r) => r.cookie))
          const sealedData = yield* unseal(cookie, passwords).pipe(
            Effect.mapError((error) =>
              new SessionRefreshTransient({
                message: `The session another replica refreshed cannot be opened: ${error.message}`,
                cause: error._tag
              }, true)
            )
          )
          return yield* refreshed(cookie, sealedData)
        })
      return Effect.withSpan(run, "WorkOS.SealedSession.refresh")
    }

    // One refresh per refresh token (and organization): concurrent callers share it, and
    // callers within the grace window after it succeeded get its result again.
    const refreshes = yield* Cache.makeWith({
      capacity: 100_000,
      lookup: (key: RefreshKey) => doRefresh(key.data, key.organizationId),
      timeToLive: (exit) => Exit.isSuccess(exit) ? grace : Duration.zero
    })

    return {
      cookieName,
      refreshAhead: Duration.decode(options.refreshAhead ?? 0),
      seal: sealResponse,
      authenticate: (cookie) =>
        Effect.gen(function*() {
          const data = yield* open(cookie)
          const claims = yield* verifier.verify(data.accessToken)
          return sessionFrom(data, claims, data.accessToken)
        }),
      authenticateBearer: (token) => {
        const redacted = toRedacted(token)
        return Effect.map(verifier.verify(redacted), (claims) => sessionFrom(null, claims, redacted))
      },
      refresh: (cookie, refreshOptions = {}) =>
        Effect.gen(function*() {
          const key = new RefreshKey(yield* open(cookie), refreshOptions.organizationId)
          // The lookup runs in a fiber of the service's scope: a caller interrupted while it
          // waits does not interrupt the refresh the others wait for (nor lose its result,
          // which the spent refresh token could not get again). A failure is not kept.
          const lookup = yield* Effect.forkIn(
            Effect.tapError(refreshes.get(key), () => refreshes.invalidate(key)),
            scope
          )
          return yield* Fiber.join(lookup)
        }),
      logoutUrl: (cookie, logoutOptions = {}) =>
        Effect.gen(function*() {
          const sid = yield* sessionIdOf(yield* open(cookie))
          return yield* buildLogoutUrl({ sessionId: sid, returnTo: logoutOptions.returnTo }).pipe(
            Effect.provide(context)
          )
        }),
      sealValue: (value) =>
        Effect.promise(() => Iron.seal(value, { id: "1", secret: Redacted.value(password) }, ironOptions)),
      openValue: (sealed) =>
        openSealed(sealed, passwords).pipe(
          Effect.mapError(() => invalidCookie("tampered", "The sealed value cannot be opened")),
          Effect.flatMap((value) =>
            typeof value === "string"
              ? Effect.succeed(value)
              : Effect.fail(invalidCookie("malformed", "The sealed value is not a string"))
          )
        ),
      revoke: (cookie) =>
        Effect.gen(function*() {
          const sid = yield* sessionIdOf(yield* open(cookie))
          return yield* revokeSession(sid).pipe(Effect.provide(context))
        })
    } satisfies SessionManagerService
  })

/**
 * The session service as a layer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<SessionManager, ConfigError.ConfigError, WorkOSConfig | HttpClient.HttpClient> =>
  Layer.scoped(SessionManager, make(options))

/**
 * The session service with the cookie password from `WORKOS_COOKIE_PASSWORD`, and the
 * passwords being rotated out from `WORKOS_COOKIE_PASSWORD_PREVIOUS` (comma-separated).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<Options, "cookiePassword"> & { readonly cookiePassword?: Config.Config<Redacted.Redacted<string>> } = {}
): Layer.Layer<SessionManager, ConfigError.ConfigError, WorkOSConfig | HttpClient.HttpClient> =>
  Layer.scoped(
    SessionManager,
    Effect.flatMap(
      Config.all([
        options.cookiePassword ?? Config.redacted("WORKOS_COOKIE_PASSWORD"),
        // Comma-separated passwords being rotated out (see `previousCookiePasswords`).
        Config.array(Config.redacted(), "WORKOS_COOKIE_PASSWORD_PREVIOUS").pipe(Config.withDefault([]))
      ]),
      ([cookiePassword, previous]) =>
        make({ ...options, cookiePassword, previousCookiePasswords: options.previousCookiePasswords ?? previous })
    )
  )
