/**
 * `Server.requireSession` for HttpRouter apps, driven through a web handler (no socket),
 * against the emulator.
 */
import { HttpApp, HttpRouter, HttpServerResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import { Authentication, SealedSession, Server } from "../src/index.js"

const password = "correct horse battery"
const WorkOS = Emulator.layer({
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
