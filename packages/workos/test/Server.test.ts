/**
 * `Server.requireSession` for HttpRouter apps, driven through a web handler (no socket),
 * against the emulator.
 */
import {
  HttpApi,
  HttpApiBuilder,
  HttpApiEndpoint,
  HttpApiGroup,
  HttpApp,
  HttpRouter,
  HttpServer,
  HttpServerResponse,
  OpenApi
} from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Effect, Layer, Redacted, Schema, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import { Authentication, SealedSession, Server } from "../src/index.js"
import { runWithClock } from "./utils/clock.js"
import { emulated } from "./utils/emulated.js"

const password = "correct horse battery"
const WorkOS = emulated({
  organizations: [{ id: "org_acme", name: "Acme" }],
  users: [{ email: "ann@example.com", password, memberships: [{ organization: "org_acme" }] }]
})
const Sessions = Layer.provideMerge(SealedSession.layer({ cookiePassword: "x".repeat(40) }), WorkOS)

const router = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/me",
    Server.requireSession(Effect.map(Server.CurrentSession, (s) => HttpServerResponse.unsafeJson({ userId: s.userId })))
  )
)

describe("requireSession", () => {
  it.effect("answers 401 without a session, serves with one, refreshes an expired one and sets the cookie", () =>
    Effect.gen(function*() {
      // Run the app on this test's runtime, so it shares the TestClock and the layers.
      const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Sessions>>()
      const handler = HttpApp.toWebHandlerRuntime(runtime)(router)
      const call = (headers: Record<string, string> = {}) =>
        Effect.promise(() => handler(new Request("http://localhost/me", { headers })))

      assert.strictEqual((yield* call()).status, 401)
      const manager = yield* SealedSession.SessionManager
      const signIn = yield* Authentication.withPassword({ email: "ann@example.com", password })
      const cookie = yield* manager.seal(signIn)
      const ok = yield* call({ cookie: `wos-session=${cookie}` })
      assert.strictEqual(ok.status, 200)
      assert.strictEqual((yield* Effect.promise(() => ok.json())).userId, signIn.user.id)
      assert.deepStrictEqual(ok.headers.getSetCookie(), [], "no new cookie while the token is fresh")

      const bearer = yield* call({ authorization: `Bearer ${Redacted.value(signIn.accessToken)}` })
      assert.strictEqual(bearer.status, 200)

      yield* TestClock.adjust("6 minutes")
      const refreshed = yield* call({ cookie: `wos-session=${cookie}` })
      assert.strictEqual(refreshed.status, 200)
      const setCookie = refreshed.headers.getSetCookie().join(";")
      assert.include(setCookie, "wos-session=Fe26.2")
      assert.include(setCookie, "HttpOnly")
      assert.include(setCookie, "SameSite=Lax")
      assert.notInclude(setCookie, "Secure", "localhost is not https")

      const tampered = yield* call({ cookie: `wos-session=${cookie.slice(0, -10)}` })
      assert.strictEqual(tampered.status, 401)
      assert.strictEqual((yield* Effect.promise(() => tampered.json())).reason, "InvalidSessionCookie")
    }).pipe(Effect.provide(Sessions)))

  it.effect("sessionMiddleware protects a whole router", () =>
    Effect.gen(function*() {
      const app = HttpRouter.empty.pipe(
        HttpRouter.get("/a", Effect.map(Server.CurrentSession, (s) => HttpServerResponse.text(s.userId))),
        HttpRouter.get("/b", Effect.map(Server.CurrentSession, (s) => HttpServerResponse.text(s.sessionId))),
        Server.sessionMiddleware
      )
      const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Sessions>>()
      const handler = HttpApp.toWebHandlerRuntime(runtime)(app)
      assert.strictEqual((yield* Effect.promise(() => handler(new Request("http://localhost/a")))).status, 401)
      const manager = yield* SealedSession.SessionManager
      const signIn = yield* Authentication.withPassword({ email: "ann@example.com", password })
      const cookie = yield* manager.seal(signIn)
      const a = yield* Effect.promise(() =>
        handler(new Request("http://localhost/a", { headers: { cookie: `wos-session=${cookie}` } }))
      )
      assert.strictEqual(yield* Effect.promise(() => a.text()), signIn.user.id)
      const b = yield* Effect.promise(() =>
        handler(new Request("http://localhost/b", { headers: { cookie: `wos-session=${cookie}` } }))
      )
      assert.match(yield* Effect.promise(() => b.text()), /^session_/)
    }).pipe(Effect.provide(Sessions)))

  it("cookies are Secure off localhost", () => {
    const attributes = Server.cookieAttributes({ headers: { host: "app.example.com" }, originalUrl: "/" } as never, 60)
    assert.isTrue(attributes.secure)
    assert.isFalse(Server.cookieAttributes({ headers: { host: "localhost:3000" }, originalUrl: "/" } as never).secure)
  })
})

type Handler = (request: Request) => Promise<Response>

/** A GET to a web handler, with an optional Cookie header. */
const get = (handler: Handler, path: string, cookie?: string) =>
  Effect.promise(() =>
    handler(new Request(`http://localhost${path}`, cookie === undefined ? {} : { headers: { cookie } }))
  )

/**
 * Starts a sign-in through the routes and signs in at the emulator: the login response, its
 * state cookie (whole, and as a Cookie header), the authorize URL, and the callback URL the
 * emulator redirects to.
 */
const startSignIn = (handler: Handler, query = "") =>
  Effect.gen(function*() {
    const emulator = yield* Emulator.Emulator
    const login = yield* get(handler, `/auth/login?loginHint=ann@example.com${query}`)
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith("wos-auth-state="))!
    const authorize = new URL(login.headers.get("location")!)
    const now = yield* Clock.currentTimeMillis
    const answer = yield* Effect.promise(() =>
      emulator.dispatch({
        method: "GET",
        path: authorize.pathname,
        query: authorize.searchParams,
        headers: {},
        body: ""
      }, now)
    )
    const callback = new URL((answer as { headers: Record<string, string> }).headers.location!)
    return { login, setCookie, state: setCookie.split(";")[0]!, authorize, callback }
  })

describe("AuthKit routes", () => {
  // Built in each test, not while collecting: a construction that throws fails the tests.
  const routes = () => Server.authKitRoutes({ redirectUri: "http://localhost/auth/callback", returnTo: "/home" })

  /** Log in through the routes and the emulator; answers the callback's response. */
  const signInThrough = (
    handler: Handler,
    returnTo: string,
    beforeCallback: Effect.Effect<void> = Effect.void
  ) =>
    Effect.gen(function*() {
      const { callback, login, state } = yield* startSignIn(handler, `&returnTo=${encodeURIComponent(returnTo)}`)
      assert.strictEqual(login.status, 302)
      yield* beforeCallback
      return yield* get(handler, `/auth/callback${callback.search}`, state)
    })

  it.effect("returnTo is followed only to same-site paths: no open redirect", () =>
    Effect.gen(function*() {
      const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Sessions>>()
      const handler = HttpApp.toWebHandlerRuntime(runtime)(routes())
      const cases: ReadonlyArray<readonly [string, string]> = [
        ["/orders/7?tab=items", "/orders/7?tab=items"],
        ["//evil.example", "/home"],
        ["https://evil.example/", "/home"],
        ["/\\evil.example", "/home"],
        ["/\t/evil.example", "/home"],
        ["evil.example", "/home"]
      ]
      for (const [returnTo, expected] of cases) {
        const response = yield* signInThrough(handler, returnTo)
        assert.strictEqual(response.status, 302, returnTo)
        assert.strictEqual(response.headers.get("location"), expected, returnTo)
      }
    }).pipe(Effect.provide(Sessions)))

  it.effect("an expired sign-in state is refused by the callback", () =>
    Effect.gen(function*() {
      const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Sessions>>()
      const handler = HttpApp.toWebHandlerRuntime(runtime)(routes())
      // The state lives ten minutes to the millisecond.
      const late = yield* signInThrough(handler, "/home", TestClock.adjust(600_001))
      assert.strictEqual(late.status, 400)
      assert.strictEqual((yield* Effect.promise(() => late.json()))._tag, "InvalidAuthorizationState")
      const inTime = yield* signInThrough(handler, "/home", TestClock.adjust("599 seconds"))
      assert.strictEqual(inTime.status, 302)
      // At the last millisecond the state is still accepted; the code, as old, is WorkOS's to refuse.
      const edge = yield* signInThrough(handler, "/home", TestClock.adjust("600 seconds"))
      assert.strictEqual((yield* Effect.promise(() => edge.json()))._tag, "InvalidGrant")
    }).pipe(Effect.provide(Sessions)))
})

describe("AuthKit routes at their edges", () => {
  const routes = () =>
    Server.authKitRoutes({
      redirectUri: "http://localhost/auth/callback",
      returnTo: "/home",
      logoutReturnTo: "/bye"
    })
  const handlerOf = Effect.map(
    Effect.runtime<Layer.Layer.Success<typeof Sessions>>(),
    (runtime) => HttpApp.toWebHandlerRuntime(runtime)(routes())
  )

  it.effect("login: a 302 to AuthKit with PKCE, the sign-up hint only when asked, and a 10-minute state cookie", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const { authorize, login, setCookie } = yield* startSignIn(handler)
      assert.strictEqual(login.status, 302)
      assert.strictEqual(authorize.searchParams.get("provider"), "authkit")
      assert.strictEqual(authorize.searchParams.get("code_challenge_method"), "S256")
      assert.isNull(authorize.searchParams.get("screen_hint"))
      assert.include(setCookie, "Max-Age=600")
      assert.include(setCookie, "HttpOnly")
      const hint = (query: string) =>
        Effect.map(
          get(handler, `/auth/login?${query}`),
          (r) => new URL(r.headers.get("location")!).searchParams.get("screen_hint")
        )
      assert.strictEqual(yield* hint("screenHint=sign-up"), "sign-up")
      assert.isNull(yield* hint("screenHint=sign-in"))
    }).pipe(Effect.provide(Sessions)))

  it.effect("callback: refuses a sign-in it did not start, each way it can be wrong", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const manager = yield* SealedSession.SessionManager
      const { callback, state } = yield* startSignIn(handler)
      const code = callback.searchParams.get("code")!
      const good = callback.searchParams.get("state")!
      const cases: ReadonlyArray<readonly [string, string, string | undefined]> = [
        ["no code", `?state=${good}`, state],
        ["no state", `?code=${code}`, state],
        ["no state cookie", `?code=${code}&state=${good}`, undefined],
        ["another state", `?code=${code}&state=other`, state],
        ["a state cookie that is not sealed", `?code=${code}&state=${good}`, "wos-auth-state=Fe26.2**garbage"],
        [
          "a sealed state of another shape",
          `?code=${code}&state=${good}`,
          `wos-auth-state=${yield* manager.sealValue(JSON.stringify({ state: good }))}`
        ]
      ]
      for (const [name, search, cookie] of cases) {
        const response = yield* get(handler, `/auth/callback${search}`, cookie)
        assert.strictEqual(response.status, 400, name)
        assert.deepStrictEqual(yield* Effect.promise(() => response.json()), {
          _tag: "InvalidAuthorizationState",
          message: "The sign-in expired or was not started here"
        }, name)
      }
      // The same callback, with everything in place, signs in.
      const signedIn = yield* get(handler, `/auth/callback?code=${code}&state=${good}`, state)
      assert.strictEqual(signedIn.status, 302)
      assert.strictEqual(signedIn.headers.get("location"), "/home")
      const cookies = signedIn.headers.getSetCookie()
      const session = cookies.find((c) => c.startsWith("wos-session="))!
      assert.include(session, `Max-Age=${30 * 24 * 60 * 60}`)
      assert.include(session, "Path=/")
      const cleared = cookies.find((c) => c.startsWith("wos-auth-state="))!
      assert.include(cleared, "Max-Age=0")
      assert.include(cleared, "Path=/")
    }).pipe(Effect.provide(Sessions)))

  it.effect("callback: a code WorkOS refuses answers the error as JSON (401) and clears the state cookie", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const { callback, state } = yield* startSignIn(handler)
      const response = yield* get(
        handler,
        `/auth/callback?code=not-a-code&state=${callback.searchParams.get("state")}`,
        state
      )
      assert.strictEqual(response.status, 401)
      const body = yield* Effect.promise(() => response.json())
      assert.strictEqual(body._tag, "InvalidGrant")
      assert.isString(body.message)
      const cleared = response.headers.getSetCookie().find((c) => c.startsWith("wos-auth-state="))!
      assert.include(cleared, "Max-Age=0")
      assert.include(cleared, "Path=/")
    }).pipe(Effect.provide(Sessions)))

  it.effect("callback: a sign-in that needs another step (SsoRequired) answers 403 with the step's tag", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const emulator = yield* Emulator.Emulator
      const { callback, state } = yield* startSignIn(handler)
      emulator.failNext({
        path: "/user_management/authenticate",
        status: 400,
        body: {
          error: "sso_required",
          error_description: "Use SSO.",
          email: "ann@example.com",
          connection_ids: ["conn_1"],
          pending_authentication_token: null
        }
      })
      const response = yield* get(handler, `/auth/callback${callback.search}`, state)
      assert.strictEqual(response.status, 403)
      assert.deepStrictEqual(yield* Effect.promise(() => response.json()), { _tag: "SsoRequired", message: "Use SSO." })
    }).pipe(Effect.provide(Sessions)))

  it.effect("logout: ends the session at WorkOS and clears the cookie; without a session, goes to logoutReturnTo", () =>
    Effect.gen(function*() {
      const handler = yield* handlerOf
      const manager = yield* SealedSession.SessionManager
      const signIn = yield* Authentication.withPassword({ email: "ann@example.com", password })
      const cookie = yield* manager.seal(signIn)
      const out = yield* get(handler, "/auth/logout", `wos-session=${cookie}`)
      assert.strictEqual(out.status, 302)
      const target = new URL(out.headers.get("location")!)
      assert.strictEqual(target.pathname, "/user_management/sessions/logout")
      assert.match(target.searchParams.get("session_id")!, /^session_/)
      assert.strictEqual(target.searchParams.get("return_to"), "/bye")
      const cleared = out.headers.getSetCookie().find((c) => c.startsWith("wos-session="))!
      assert.include(cleared, "Max-Age=0")
      assert.include(cleared, "Path=/")
      const anonymous = yield* get(handler, "/auth/logout")
      assert.strictEqual(anonymous.status, 302)
      assert.strictEqual(anonymous.headers.get("location"), "/bye")
      const defaults = Server.authKitRoutes({ redirectUri: "http://localhost/auth/callback" })
      const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Sessions>>()
      const fallback = yield* get(HttpApp.toWebHandlerRuntime(runtime)(defaults), "/auth/logout")
      assert.strictEqual(fallback.headers.get("location"), "/")
    }).pipe(Effect.provide(Sessions)))
})

describe("bearer tokens and cookie attributes", () => {
  it.effect("a Bearer token is verified instead of the cookie; a bad one is 401 with its reason", () =>
    Effect.gen(function*() {
      const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Sessions>>()
      const handler = HttpApp.toWebHandlerRuntime(runtime)(router)
      const call = (headers: Record<string, string>) =>
        Effect.promise(() => handler(new Request("http://localhost/me", { headers })))
      const bad = yield* call({ authorization: "Bearer not-a-token" })
      assert.strictEqual(bad.status, 401)
      assert.strictEqual((yield* Effect.promise(() => bad.json())).reason, "AccessTokenInvalid")
      // Another scheme is not a bearer token: the cookie decides (none here).
      const basic = yield* call({ authorization: "Basic abc" })
      assert.strictEqual(basic.status, 401)
      assert.strictEqual((yield* Effect.promise(() => basic.json())).reason, "NoSessionCookie")
    }).pipe(Effect.provide(Sessions)))

  it("cookies are Secure unless the host is a loopback name, read from the URL when there is no Host header", () => {
    const attributes = (host: string | undefined, originalUrl: string, maxAge?: number) =>
      Server.cookieAttributes({ headers: host === undefined ? {} : { host }, originalUrl } as never, maxAge)
    assert.isFalse(attributes(undefined, "http://localhost:3000/x").secure)
    assert.isFalse(attributes(undefined, "http://127.0.0.1/x").secure)
    assert.isFalse(attributes("[::1]:8080", "/").secure)
    assert.isTrue(attributes(undefined, "https://app.example.com/x").secure)
    assert.isTrue(attributes(undefined, "/x").secure, "no host at all: assume the worst")
    assert.isTrue(attributes(undefined, "/next?to=http://localhost/").secure, "a path that mentions a URL has no host")
    assert.isTrue(attributes("localhost.evil.example", "/").secure)
    assert.isTrue(attributes("evil-localhost", "/").secure)
    assert.isTrue(attributes("my.localhost:3000", "/").secure)
    assert.deepStrictEqual(attributes("app.example.com", "/", 60), {
      httpOnly: true,
      secure: true,
      sameSite: "lax",
      path: "/",
      maxAge: "60 seconds"
    })
    assert.notProperty(attributes("app.example.com", "/"), "maxAge")
  })
})

describe("refreshAhead", () => {
  const Ahead = Layer.provideMerge(
    SealedSession.layer({ cookiePassword: "x".repeat(40), refreshAhead: "2 minutes" }),
    WorkOS
  )

  it.effect("a session about to expire is refreshed early; if that fails, the valid session still serves", () =>
    Effect.gen(function*() {
      const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Ahead>>()
      const handler = HttpApp.toWebHandlerRuntime(runtime)(router)
      const emulator = yield* Emulator.Emulator
      const manager = yield* SealedSession.SessionManager
      const signIn = yield* Authentication.withPassword({ email: "ann@example.com", password })
      const cookie = yield* manager.seal(signIn)
      const call = () =>
        Effect.promise(() =>
          handler(new Request("http://localhost/me", { headers: { cookie: `wos-session=${cookie}` } }))
        )
      const refreshes = () => emulator.count("POST", "/user_management/authenticate")
      const before = refreshes()

      // Four minutes left of five: nothing to do.
      yield* TestClock.adjust("1 minute")
      const early = yield* call()
      assert.strictEqual(early.status, 200)
      assert.deepStrictEqual(early.headers.getSetCookie(), [])
      assert.strictEqual(refreshes(), before)

      // One minute left, and WorkOS is down: the still-valid session serves, the cookie stays.
      yield* TestClock.adjust("3 minutes")
      emulator.failNext({ path: "/user_management/authenticate", status: 503 })
      const outage = yield* call()
      assert.strictEqual(outage.status, 200)
      assert.deepStrictEqual(outage.headers.getSetCookie(), [])

      // One minute left, WorkOS is up: refreshed before expiry, the new cookie set.
      const ahead = yield* call()
      assert.strictEqual(ahead.status, 200)
      assert.include(ahead.headers.getSetCookie().join(";"), "wos-session=Fe26.2")
      assert.strictEqual(refreshes(), before + 2)
    }).pipe(Effect.provide(Ahead)))

  it.effect("refreshAhead's edge: refreshed when exactly that long is left, not a millisecond before", () =>
    Effect.gen(function*() {
      const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Ahead>>()
      const handler = HttpApp.toWebHandlerRuntime(runtime)(router)
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* Authentication.withPassword({ email: "ann@example.com", password }))
      const { claims } = yield* manager.authenticate(cookie)
      const call = () =>
        Effect.promise(() =>
          handler(new Request("http://localhost/me", { headers: { cookie: `wos-session=${cookie}` } }))
        )
      // Two minutes and a millisecond before the token expires: not yet.
      yield* TestClock.adjust(claims.exp * 1000 - 120_001 - (yield* Clock.currentTimeMillis))
      assert.deepStrictEqual((yield* call()).headers.getSetCookie(), [])
      yield* TestClock.adjust(1)
      assert.include((yield* call()).headers.getSetCookie().join(";"), "wos-session=Fe26.2")
    }).pipe(Effect.provide(Ahead)))
})

class Me extends HttpApiGroup.make("me")
  .add(HttpApiEndpoint.get("me", "/me").addSuccess(Schema.Struct({ userId: Schema.String })))
  .middleware(Server.SessionAuth)
{}
class Api extends HttpApi.make("api").add(Me) {}
const ApiLive = HttpApiBuilder.api(Api).pipe(
  Layer.provide(
    HttpApiBuilder.group(
      Api,
      "me",
      (handlers) => handlers.handle("me", () => Effect.map(Server.CurrentSession, (s) => ({ userId: s.userId })))
    )
  ),
  Layer.provide(Server.SessionAuthLive),
  Layer.provideMerge(Layer.mergeAll(HttpApiBuilder.Router.Live, HttpApiBuilder.Middleware.layer))
)

/** The test API (with what `live` adds) as a web handler, over the emulated WorkOS. */
const apiHandlerOf = (
  live: Layer.Layer<
    HttpApi.Api | HttpApiBuilder.Router | HttpApiBuilder.Middleware,
    never,
    Layer.Layer.Success<typeof Sessions>
  >
) =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<
      Layer.Layer.Success<typeof Sessions> | HttpRouter.HttpRouter.DefaultServices
    >().pipe(Effect.provide(HttpServer.layerContext))
    const app = yield* HttpApiBuilder.httpApp.pipe(Effect.provide(live))
    return HttpApp.toWebHandlerRuntime(runtime)(app)
  })

describe("an outage while refreshing never signs anyone out", () => {
  // Each fault meets the refresh of an expired cookie (or the JWKS fetch that verifies
  // its new token); both middlewares must answer 503 and leave the cookie alone.
  const authenticate = /^\/user_management\/authenticate$/
  const faults: ReadonlyArray<readonly [string, Parameters<Emulator.EmulatorInstance["failNext"]>[0], string]> = [
    ["WorkOS answers 503", { path: authenticate, status: 503 }, "SessionRefreshTransient"],
    [
      "WorkOS answers 429",
      { path: authenticate, status: 429, headers: { "retry-after": "1" } },
      "SessionRefreshTransient"
    ],
    ["the refresh times out", { path: authenticate, stall: true }, "SessionRefreshTransient"],
    ["the JWKS is down", { path: /^\/sso\/jwks\//, status: 503, times: 10 }, "JwksUnavailable"]
  ]

  for (const [name, fault, reason] of faults) {
    it.effect(`${name}: 503 SessionUnavailable from SessionAuth (HttpApi) and requireSession, cookie kept`, () =>
      Effect.gen(function*() {
        const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Sessions>>()
        const handlers = {
          SessionAuth: yield* apiHandlerOf(ApiLive),
          requireSession: HttpApp.toWebHandlerRuntime(runtime)(router)
        }
        const emulator = yield* Emulator.Emulator
        const manager = yield* SealedSession.SessionManager
        for (const [which, handler] of Object.entries(handlers)) {
          // A fresh sign-in whose access token has expired, and no JWKS cached for it.
          const cookie = yield* manager.seal(yield* Authentication.withPassword({ email: "ann@example.com", password }))
          yield* TestClock.adjust("6 minutes")
          emulator.failNext(fault)
          // The refresh's timeout (and 429 backoff) run on the TestClock.
          const response = yield* runWithClock(
            Effect.promise(() =>
              handler(new Request("http://localhost/me", { headers: { cookie: `wos-session=${cookie}` } }))
            ),
            "1 second",
            200
          )
          assert.strictEqual(response.status, 503, `${which}: status`)
          assert.deepStrictEqual(
            yield* Effect.promise(() => response.json()),
            { _tag: "SessionUnavailable", reason },
            which
          )
          assert.deepStrictEqual(
            response.headers.getSetCookie(),
            [],
            `${which}: the cookie is neither cleared nor replaced`
          )
          yield* TestClock.adjust("10 minutes")
        }
      }).pipe(Effect.provide(Sessions)))
  }
})

describe("HttpApi: SessionAuth and the AuthKit routes on one server", () => {
  /** The test API with the AuthKit routes mounted by `layerAuthKitRoutes`, as a web handler. */
  const apiHandler = apiHandlerOf(
    Layer.provideMerge(Server.layerAuthKitRoutes({ redirectUri: "http://localhost/auth/callback" }), ApiLive)
  )
  const signInToken = Effect.map(
    Authentication.withPassword({ email: "ann@example.com", password }),
    (response) => Redacted.value(response.accessToken)
  )

  it.effect("401 Unauthenticated without a session; a Bearer token or the cookie is accepted", () =>
    Effect.gen(function*() {
      const handler = yield* apiHandler
      const anonymous = yield* get(handler, "/me")
      assert.strictEqual(anonymous.status, 401)
      assert.deepStrictEqual(yield* Effect.promise(() => anonymous.json()), {
        _tag: "Unauthenticated",
        reason: "NoSessionCookie"
      })
      const token = yield* signInToken
      const bearer = yield* Effect.promise(() =>
        handler(new Request("http://localhost/me", { headers: { authorization: `Bearer ${token}` } }))
      )
      assert.strictEqual(bearer.status, 200)
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* Authentication.withPassword({ email: "ann@example.com", password }))
      const withCookie = yield* get(handler, "/me", `wos-session=${cookie}`)
      assert.strictEqual(withCookie.status, 200)
      assert.strictEqual(
        (yield* Effect.promise(() => withCookie.json())).userId,
        (yield* Effect.promise(() => bearer.json())).userId
      )
    }).pipe(Effect.provide(Sessions)))

  it("the OpenAPI document declares both ways to send the session: the cookie and a Bearer token", () => {
    const spec = OpenApi.fromApi(Api)
    assert.deepStrictEqual(spec.components.securitySchemes, {
      cookie: { type: "apiKey", name: "wos-session", in: "cookie" },
      bearer: { type: "http", scheme: "bearer" }
    })
    assert.deepStrictEqual(spec.paths["/me"]?.get?.security, [{ cookie: [] }, { bearer: [] }])
  })

  it.effect("layerAuthKitRoutes serves login, callback and logout at their default paths", () =>
    Effect.gen(function*() {
      const handler = yield* apiHandler
      const { callback, login, state } = yield* startSignIn(handler)
      assert.strictEqual(login.status, 302)
      assert.strictEqual(callback.pathname, "/auth/callback")
      const signedIn = yield* get(handler, `/auth/callback${callback.search}`, state)
      assert.strictEqual(signedIn.status, 302)
      assert.strictEqual(signedIn.headers.get("location"), "/")
      const session = signedIn.headers.getSetCookie().find((c) => c.startsWith("wos-session="))!
      const me = yield* get(handler, "/me", session.split(";")[0])
      assert.strictEqual(me.status, 200)
      const out = yield* get(handler, "/auth/logout")
      assert.strictEqual(out.status, 302)
      assert.strictEqual(out.headers.get("location"), "/")
    }).pipe(Effect.provide(Sessions)))

  it.effect("a Bearer token while the JWKS is down: 503 SessionUnavailable from both middlewares", () =>
    Effect.gen(function*() {
      const runtime = yield* Effect.runtime<Layer.Layer.Success<typeof Sessions>>()
      const handlers = { SessionAuth: yield* apiHandler, requireSession: HttpApp.toWebHandlerRuntime(runtime)(router) }
      const emulator = yield* Emulator.Emulator
      for (const [which, handler] of Object.entries(handlers)) {
        // WorkOS rotated its key, so no cached JWKS fits the token, and the JWKS is down.
        emulator.rotateSigningKey()
        const fresh = yield* signInToken
        emulator.failNext({ path: /^\/sso\/jwks\//, status: 503, times: 10 })
        const response = yield* runWithClock(
          Effect.promise(() =>
            handler(new Request("http://localhost/me", { headers: { authorization: `Bearer ${fresh}` } }))
          ),
          "1 second",
          200
        )
        assert.strictEqual(response.status, 503, which)
        assert.deepStrictEqual(
          yield* Effect.promise(() => response.json()),
          { _tag: "SessionUnavailable", reason: "JwksUnavailable" },
          which
        )
        yield* TestClock.adjust("10 minutes")
      }
    }).pipe(Effect.provide(Sessions)))
})
