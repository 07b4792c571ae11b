/**
 * The example server over real loopback HTTP, against the emulator: sign-in through the
 * callback, a protected call with the cookie, refresh on expiry (TestClock), 100
 * concurrent requests with an expired access token making exactly one refresh, Bearer
 * tokens, logout.
 */
import { HttpApiBuilder, HttpApp, HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Clock, Context, Effect, Layer, Redacted, TestClock } from "effect"
import { Authentication, SealedSession, WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import * as http from "node:http"
import { AppLive, meRouter } from "./server.js"
import { emulated } from "./utils/emulated.js"

const cookieOf = (response: Response, name: string) =>
  response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))?.split(";")[0]?.slice(name.length + 1)

const request = (url: string, init: RequestInit = {}) =>
  Effect.promise(() => fetch(url, { redirect: "manual", ...init }))

describe("example server", () => {
  it.effect("the plain HttpRouter route needs a session", () =>
    Effect.gen(function*() {
      const runtime = yield* Effect.runtime<SealedSession.SessionManager | WorkOSConfig.WorkOSConfig>()
      const handler = HttpApp.toWebHandlerRuntime(runtime)(meRouter)
      assert.strictEqual((yield* Effect.promise(() => handler(new Request("http://localhost/me")))).status, 401)
    }).pipe(
      Effect.provide(Layer.provideMerge(SealedSession.layer({ cookiePassword: "y".repeat(32) }), emulated()))
    ))

  it.scoped("sign in, call, refresh, 100 concurrent refreshes → one request, bearer, logout", () =>
    Effect.gen(function*() {
      const emulator = Emulator.makeAt({
        organizations: [{ id: "org_acme", name: "Acme" }],
        users: [{
          email: "ann@example.com",
          password: "correct horse battery",
          memberships: [{ organization: "org_acme", role: "admin" }]
        }]
      }, 0)
      const WorkOSLive = Layer.merge(
        Emulator.layerFrom(emulator),
        WorkOSConfig.layer({
          apiKey: emulator.apiKey,
          clientId: emulator.clientId,
          baseUrl: emulator.baseUrl,
          retry: "none"
        })
      )
      const ServerLive = HttpApiBuilder.serve().pipe(
        Layer.provide(AppLive("http://app.example.com/auth/callback")),
        Layer.provide(WorkOSLive),
        Layer.provideMerge(NodeHttpServer.layer(() => http.createServer(), { port: 0, host: "127.0.0.1" }))
      )
      const context = yield* Layer.build(ServerLive)
      const address = Context.get(context, HttpServer.HttpServer).address as HttpServer.TcpAddress
      const base = `http://127.0.0.1:${address.port}`

      // Signed out: 401 with a typed body.
      const anonymous = yield* request(`${base}/me`)
      assert.strictEqual(anonymous.status, 401)
      assert.strictEqual((yield* Effect.promise(() => anonymous.json()))._tag, "Unauthenticated")

      // 1. /auth/login redirects to AuthKit with PKCE, keeping state in a sealed cookie.
      const login = yield* request(`${base}/auth/login?loginHint=ann@example.com`)
      assert.strictEqual(login.status, 302)
      const authorize = new URL(login.headers.get("location")!)
      assert.strictEqual(authorize.searchParams.get("code_challenge_method"), "S256")
      const stateCookie = cookieOf(login, "wos-auth-state")!
      assert.include(login.headers.getSetCookie().join(";"), "HttpOnly")

      // 2. The browser signs in at WorkOS (the emulator) and comes back with a code.
      const now = yield* Clock.currentTimeMillis
      const redirect = yield* Effect.promise(() =>
        emulator.dispatch({
          method: "GET",
          path: authorize.pathname,
          query: authorize.searchParams,
          headers: {},
          body: ""
        }, now)
      )
      const callback = new URL((redirect as { headers: Record<string, string> }).headers.location!)
      assert.isString(callback.searchParams.get("code"))

      // 3. The callback exchanges the code and sets the session cookie.
      const forged = yield* request(`${base}/auth/callback?code=x&state=wrong`, {
        headers: { cookie: `wos-auth-state=${stateCookie}` }
      })
      assert.strictEqual(forged.status, 400)
      const signedIn = yield* request(`${base}/auth/callback${callback.search}`, {
        headers: { cookie: `wos-auth-state=${stateCookie}` }
      })
      assert.strictEqual(signedIn.status, 302)
      assert.strictEqual(signedIn.headers.get("location"), "/me")
      let session = cookieOf(signedIn, "wos-session")!
      assert.match(session, /^Fe26\.2\*/)

      // 4. A protected call with the cookie.
      const me = yield* request(`${base}/me`, { headers: { cookie: `wos-session=${session}` } })
      assert.strictEqual(me.status, 200)
      const profile = yield* Effect.promise(() => me.json())
      assert.deepStrictEqual({ ...profile, userId: "" }, {
        userId: "",
        email: "ann@example.com",
        organizationId: "org_acme",
        role: "admin"
      })

      // 5. The access token expires (5 minutes): the next call refreshes and sets a new cookie.
      const refreshes = () => emulator.count("POST", "/user_management/authenticate")
      const before = refreshes()
      yield* TestClock.adjust("6 minutes")
      const refreshed = yield* request(`${base}/me`, { headers: { cookie: `wos-session=${session}` } })
      assert.strictEqual(refreshed.status, 200)
      assert.strictEqual(refreshes() - before, 1)
      session = cookieOf(refreshed, "wos-session")!
      assert.isString(session)

      // 6. 100 concurrent requests with an expired access token: one refresh at WorkOS.
      yield* TestClock.adjust("6 minutes")
      const burst = yield* Effect.all(
        Array.from({ length: 100 }, () => request(`${base}/me`, { headers: { cookie: `wos-session=${session}` } })),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual([...new Set(burst.map((r) => r.status))], [200])
      assert.strictEqual(refreshes() - before, 2, "exactly one more refresh request")
      assert.strictEqual(
        new Set(burst.map((r) => cookieOf(r, "wos-session"))).size,
        1,
        "everyone got the same new cookie"
      )

      // 7. APIs can send the access token as a Bearer token instead.
      const tokens = yield* Authentication.withPassword({ email: "ann@example.com", password: "correct horse battery" })
        .pipe(
          Effect.provide(WorkOSLive)
        )
      const bearer = yield* request(`${base}/me`, {
        headers: { authorization: `Bearer ${Redacted.value(tokens.accessToken)}` }
      })
      assert.strictEqual(bearer.status, 200)

      // 8. Logout clears the cookie and ends the session at WorkOS.
      const logout = yield* request(`${base}/auth/logout`, { headers: { cookie: `wos-session=${session}` } })
      assert.strictEqual(logout.status, 302)
      assert.include(logout.headers.get("location")!, "/user_management/sessions/logout?session_id=session_")
      assert.include(logout.headers.getSetCookie().join(";"), "wos-session=;")
    }))
})
