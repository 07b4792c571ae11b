/**
 * WorkOS sign-in for Effect servers (`@effect/platform`): a session middleware for
 * `HttpApi` (cookie or Bearer token), the same for `HttpRouter` routes, and AuthKit
 * routes (login, callback, logout) ready to mount.
 *
 * Requests with an expired access token are refreshed transparently (once for all
 * concurrent requests of a session) and the new cookie is set on the response. Cookies
 * are `HttpOnly`, `SameSite=Lax`, `Path=/`, and `Secure` except on localhost.
 *
 * @since 0.1.0
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as HttpApiSecurity from "@effect/platform/HttpApiSecurity"
import * as HttpApp from "@effect/platform/HttpApp"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { withCode } from "./Authentication.js"
import { makeWithPkce } from "./AuthorizationUrl.js"
import { decodeUnknownOption } from "./internal/decode.js"
import { type Session, SessionManager, type SessionManagerService } from "./SealedSession.js"
import type { WorkOSConfig } from "./WorkOSConfig.js"

/**
 * The signed-in session of the current request.
 *
 * @since 0.1.0
 * @category tags
 */
export class CurrentSession extends Context.Tag("effect-workos/CurrentSession")<CurrentSession, Session>() {}

/**
 * 401: no session, or one that cannot be used (invalid cookie or token, refresh refused).
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()(
  "Unauthenticated",
  { reason: Schema.String },
  HttpApiSchema.annotations({ status: 401 })
) {}

/**
 * 503: the session could not be checked right now (JWKS or refresh unavailable); the
 * session itself is kept.
 *
 * @since 0.1.0
 * @category errors
 */
export class SessionUnavailable extends Schema.TaggedError<SessionUnavailable>()(
  "SessionUnavailable",
  { reason: Schema.String },
  HttpApiSchema.annotations({ status: 503 })
) {}

/** The session cookie's name; the Node SDK's default. */
const cookieName = "wos-session"

/**
 * `HttpApi` middleware: authenticates the `wos-session` cookie or an
 * `Authorization: Bearer` access token, and provides {@link CurrentSession}.
 *
 * @example
 * ```ts
 * import { HttpApiEndpoint, HttpApiGroup } from "@effect/platform"
 * import { Schema } from "effect"
 * import { Server } from "effect-workos"
 *
 * class Me extends HttpApiGroup.make("me")
 *   .add(HttpApiEndpoint.get("me", "/me").addSuccess(Schema.String))
 *   .middleware(Server.SessionAuth) {}
 * ```
 *
 * @since 0.1.0
 * @category middleware
 */
export class SessionAuth extends HttpApiMiddleware.Tag<SessionAuth>()("effect-workos/SessionAuth", {
  failure: Schema.Union(Unauthenticated, SessionUnavailable),
  provides: CurrentSession,
  security: {
    cookie: HttpApiSecurity.apiKey({ in: "cookie", key: cookieName }),
    bearer: HttpApiSecurity.bearer
  }
}) {}

/**
 * Attributes of the cookies this module sets.
 *
 * @since 0.1.0
 * @category cookies
 */
export const cookieAttributes = (request: HttpServerRequest.HttpServerRequest, maxAgeSeconds?: number) => {
  // Node servers give a Host header; web handlers may only have an absolute URL.
  const host = request.headers.host ??
    (/^https?:\/\//.test(request.originalUrl) ? new URL(request.originalUrl).host : "")
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host)
  return {
    httpOnly: true,
    secure: !local,
    sameSite: "lax" as const,
    path: "/",
    ...(maxAgeSeconds === undefined ? {} : { maxAge: `${maxAgeSeconds} seconds` as const })
  }
}

const sessionMaxAge = 30 * 24 * 60 * 60

const setSessionCookie = (value: string) =>
  HttpApp.appendPreResponseHandler((request, response) =>
    Effect.orDie(HttpServerResponse.setCookie(response, cookieName, value, cookieAttributes(request, sessionMaxAge)))
  )

/**
 * With `refreshAhead`, a valid session about to expire is refreshed now (and the new cookie
 * set); if that fails, the still-valid session serves the request.
 */
const refreshAhead = (manager: SessionManagerService, cookie: string, session: Session) =>
  Duration.toMillis(manager.refreshAhead) === 0
    ? Effect.succeed(session)
    : Effect.flatMap(
      Clock.currentTimeMillis,
      (now) =>
        session.claims.exp * 1000 - now > Duration.toMillis(manager.refreshAhead)
          ? Effect.succeed(session)
          : manager.refresh(cookie).pipe(
            Effect.tap((refreshed) => setSessionCookie(refreshed.cookie)),
            Effect.map((refreshed) => refreshed.session),
            Effect.orElseSucceed(() => session)
          )
    )

/**
 * Authenticate a cookie, refreshing it when its access token expired (and setting the
 * new cookie on the response).
 */
const resolveCookie = (manager: SessionManagerService, cookie: string) =>
  manager.authenticate(cookie).pipe(
    Effect.flatMap((session) => refreshAhead(manager, cookie, session)),
    Effect.catchTag("AccessTokenExpired", () =>
      manager.refresh(cookie).pipe(
        Effect.tap((refreshed) => setSessionCookie(refreshed.cookie)),
        Effect.map((refreshed) => refreshed.session)
      )),
    Effect.catchAll((error) =>
      Effect.fail(
        error._tag === "JwksUnavailable" || error._tag === "SessionRefreshTransient"
          ? new SessionUnavailable({ reason: error._tag })
          : new Unauthenticated({ reason: error._tag })
      )
    )
  )

/** A request's session: from its Bearer token when it sends one, else from its cookie. */
const resolveRequest = (
  manager: SessionManagerService,
  request: HttpServerRequest.HttpServerRequest
): Effect.Effect<Session, Unauthenticated | SessionUnavailable> => {
  const authorization = request.headers.authorization
  if (authorization?.startsWith("Bearer ")) {
    return manager.authenticateBearer(authorization.slice("Bearer ".length)).pipe(
      Effect.mapError((e) =>
        e._tag === "JwksUnavailable"
          ? new SessionUnavailable({ reason: e._tag })
          : new Unauthenticated({ reason: e._tag })
      )
    )
  }
  return resolveCookie(manager, request.cookies[cookieName] ?? "")
}

/**
 * The implementation of {@link SessionAuth}.
 *
 * `HttpApiBuilder` tries the security schemes in turn and answers with the last failure,
 * so a cookie whose refresh met an outage (503) would end as the empty bearer's 401 and
 * sign the user out. Both schemes therefore give the same answer: the first decides for
 * the request (Bearer when sent, else the cookie, as {@link requireSession} does), and the
 * second repeats that decision instead of making its own.
 *
 * @since 0.1.0
 * @category middleware
 */
export const SessionAuthLive: Layer.Layer<SessionAuth, never, SessionManager> = Layer.effect(
  SessionAuth,
  Effect.map(SessionManager, (manager) => {
    const decided = new WeakMap<HttpServerRequest.HttpServerRequest, Unauthenticated | SessionUnavailable>()
    const decide = Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
      const earlier = decided.get(request)
      if (earlier !== undefined) return Effect.fail(earlier)
      return Effect.tapError(
        resolveRequest(manager, request),
        (error) => Effect.sync(() => decided.set(request, error))
      )
    })
    return { cookie: () => decide, bearer: () => decide }
  })
)

const unauthenticatedResponse = (error: Unauthenticated | SessionUnavailable) =>
  HttpServerResponse.unsafeJson({ _tag: error._tag, reason: error.reason }, {
    status: error._tag === "Unauthenticated" ? 401 : 503
  })

/**
 * For `HttpRouter` routes: run a handler with the request's {@link CurrentSession}
 * (from the cookie or a Bearer token), or answer 401 (503 when the session cannot be
 * checked right now).
 *
 * @example
 * ```ts
 * import { HttpRouter, HttpServerResponse } from "@effect/platform"
 * import { Effect } from "effect"
 * import { Server } from "effect-workos"
 *
 * const router = HttpRouter.empty.pipe(
 *   HttpRouter.get("/me", Server.requireSession(Effect.map(Server.CurrentSession, (s) => HttpServerResponse.text(s.userId))))
 * )
 * ```
 *
 * @since 0.1.0
 * @category middleware
 */
export const requireSession = <E, R>(
  handler: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  E,
  Exclude<R, CurrentSession> | SessionManager | HttpServerRequest.HttpServerRequest
> =>
  Effect.gen(function*() {
    const manager = yield* SessionManager
    const request = yield* HttpServerRequest.HttpServerRequest
    const resolved = yield* Effect.either(resolveRequest(manager, request))
    if (resolved._tag === "Left") return unauthenticatedResponse(resolved.left)
    return yield* Effect.provideService(handler, CurrentSession, resolved.right)
  })

/**
 * Options of {@link authKitRoutes}.
 *
 * @since 0.1.0
 * @category authkit
 */
export interface AuthKitOptions {
  /** The absolute URL of the callback route, registered as a redirect URI at WorkOS. */
  readonly redirectUri: string
  /** Where to go after signing in, unless the login request says `?returnTo=/path`. Default `/`. */
  readonly returnTo?: string | undefined
  /** Where WorkOS sends the browser after logout. Default: WorkOS's default. */
  readonly logoutReturnTo?: string | undefined
  readonly paths?: {
    readonly login?: `/${string}` | undefined
    readonly callback?: `/${string}` | undefined
    readonly logout?: `/${string}` | undefined
  } | undefined
  /**
   * The answer when the code exchange stops at a step (`EmailVerificationRequired`,
   * `MfaChallengeRequired`, ...) or fails. Default: JSON `{ _tag, message }` with 403 for
   * steps and 401 otherwise.
   */
  readonly onError?:
    | ((
      error: Effect.Effect.Error<ReturnType<typeof withCode>>
    ) => Effect.Effect<HttpServerResponse.HttpServerResponse>)
    | undefined
}

const stateCookie = "wos-auth-state"
const stateLifetimeSeconds = 600

const StatePayload = Schema.parseJson(Schema.Struct({
  state: Schema.String,
  codeVerifier: Schema.String,
  returnTo: Schema.String,
  expiresAt: Schema.Number
}))
const encodeState = Schema.encodeSync(StatePayload)
const decodeState = decodeUnknownOption(StatePayload)

const json = (status: number, body: Record<string, unknown>) => HttpServerResponse.unsafeJson(body, { status })

/**
 * Only same-site paths: an absolute URL here would be an open redirect. The value is read
 * the way a browser reads a Location header (`/\evil.example` and `/<tab>/evil.example` are
 * `//evil.example`), and what is returned is that reading's path.
 */
const safeReturnTo = (value: string | undefined, fallback: string) => {
  if (value === undefined || !value.startsWith("/")) return fallback
  const base = "http://same-site.invalid"
  const url = new URL(value, base)
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback
}

/**
 * AuthKit routes: `GET /auth/login` redirects to AuthKit (PKCE verifier, state and
 * return path kept in a short-lived sealed cookie), `GET /auth/callback` exchanges the
 * code and sets the session cookie, `GET /auth/logout` clears it and ends the session at
 * WorkOS.
 *
 * @since 0.1.0
 * @category authkit
 */
export const authKitRoutes = (
  options: AuthKitOptions
): HttpRouter.HttpRouter<never, SessionManager | WorkOSConfig | HttpClient.HttpClient> => {
  const paths = {
    login: options.paths?.login ?? "/auth/login",
    callback: options.paths?.callback ?? "/auth/callback",
    logout: options.paths?.logout ?? "/auth/logout"
  }
  const defaultReturnTo = options.returnTo ?? "/"
  const onError = options.onError ??
    ((error) =>
      Effect.succeed(json(error._tag.endsWith("Required") ? 403 : 401, { _tag: error._tag, message: error.message })))

  const login = Effect.gen(function*() {
    const manager = yield* SessionManager
    const request = yield* HttpServerRequest.HttpServerRequest
    const query = new URL(request.url, "http://localhost").searchParams
    const started = yield* makeWithPkce({
      provider: "authkit",
      redirectUri: options.redirectUri,
      loginHint: query.get("loginHint") ?? undefined,
      screenHint: query.get("screenHint") === "sign-up" ? "sign-up" : undefined
    }).pipe(Effect.orDie)
    const now = yield* Clock.currentTimeMillis
    const sealed = yield* manager.sealValue(encodeState({
      state: started.state,
      codeVerifier: Redacted.value(started.codeVerifier),
      returnTo: safeReturnTo(query.get("returnTo") ?? undefined, defaultReturnTo),
      expiresAt: now + stateLifetimeSeconds * 1000
    }))
    return yield* HttpServerResponse.redirect(started.url).pipe(
      HttpServerResponse.setCookie(stateCookie, sealed, cookieAttributes(request, stateLifetimeSeconds)),
      Effect.orDie
    )
  })

  const callback = Effect.gen(function*() {
    const manager = yield* SessionManager
    const request = yield* HttpServerRequest.HttpServerRequest
    const query = new URL(request.url, "http://localhost").searchParams
    const code = query.get("code")
    const state = query.get("state")
    const opened = request.cookies[stateCookie] === undefined
      ? Option.none()
      : yield* manager.openValue(request.cookies[stateCookie]!).pipe(
        Effect.map(decodeState),
        Effect.orElseSucceed(Option.none)
      )
    const now = yield* Clock.currentTimeMillis
    if (
      code === null || Option.isNone(opened) || opened.value.state !== state ||
      opened.value.expiresAt < now
    ) {
      return json(400, { _tag: "InvalidAuthorizationState", message: "The sign-in expired or was not started here" })
    }
    const result = yield* Effect.either(withCode({ code, codeVerifier: opened.value.codeVerifier }))
    if (result._tag === "Left") {
      const response = yield* onError(result.left)
      return yield* HttpServerResponse.expireCookie(response, stateCookie, { path: "/" }).pipe(Effect.orDie)
    }
    const sealed = yield* manager.seal(result.right)
    return yield* HttpServerResponse.redirect(opened.value.returnTo).pipe(
      HttpServerResponse.setCookie(cookieName, sealed, cookieAttributes(request, sessionMaxAge)),
      Effect.flatMap(HttpServerResponse.expireCookie(stateCookie, { path: "/" })),
      Effect.orDie
    )
  })

  const logout = Effect.gen(function*() {
    const manager = yield* SessionManager
    const request = yield* HttpServerRequest.HttpServerRequest
    const target = yield* manager.logoutUrl(request.cookies[cookieName], { returnTo: options.logoutReturnTo }).pipe(
      Effect.orElseSucceed(() => options.logoutReturnTo ?? defaultReturnTo)
    )
    return yield* HttpServerResponse.redirect(target).pipe(
      HttpServerResponse.expireCookie(cookieName, { path: "/" }),
      Effect.orDie
    )
  })

  return HttpRouter.empty.pipe(
    HttpRouter.get(paths.login, login),
    HttpRouter.get(paths.callback, callback),
    HttpRouter.get(paths.logout, logout)
  )
}

/**
 * Mount {@link authKitRoutes} on an `HttpApi` server (`HttpApiBuilder.Router`).
 *
 * @since 0.1.0
 * @category authkit
 */
export const layerAuthKitRoutes = (
  options: AuthKitOptions
): Layer.Layer<never, never, SessionManager | WorkOSConfig | HttpClient.HttpClient> =>
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function*() {
      const context = yield* Effect.context<SessionManager | WorkOSConfig | HttpClient.HttpClient>()
      yield* router.concat(authKitRoutes(options).pipe(HttpRouter.use((app) => Effect.provide(app, context))))
    })
  )

/**
 * An `HttpMiddleware` for a whole `HttpRouter` app: every request needs a session (401
 * otherwise), and handlers read it from {@link CurrentSession}. For a few protected
 * routes in a public app, wrap them with {@link requireSession} instead.
 *
 * @example
 * ```ts
 * import { HttpRouter, HttpServerResponse } from "@effect/platform"
 * import { Effect } from "effect"
 * import { Server } from "effect-workos"
 *
 * const app = HttpRouter.empty.pipe(
 *   HttpRouter.get("/me", Effect.map(Server.CurrentSession, (s) => HttpServerResponse.text(s.userId))),
 *   Server.sessionMiddleware
 * )
 * ```
 *
 * @since 0.1.0
 * @category middleware
 */
export const sessionMiddleware = <E, R>(
  app: HttpApp.Default<E, R>
): HttpApp.Default<E, Exclude<R, CurrentSession> | SessionManager> => requireSession(app)
