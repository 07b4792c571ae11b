/**
 * Sealed session cookies: two-way compatibility with the official Node SDK, typed
 * failures, and the session service (authenticate, single-flight refresh, logout).
 */
import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { WorkOS } from "@workos-inc/node"
import {
  Cause,
  ConfigError,
  ConfigProvider,
  Effect,
  Exit,
  Fiber,
  Layer,
  Logger,
  Option,
  Redacted,
  TestClock
} from "effect"
import { Emulator } from "effect-workos-emulator"
import * as Iron from "iron-webcrypto"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import * as path from "node:path"
import { Authentication, Coordination, SealedSession, WorkOSConfig } from "../src/index.js"
import { emulated } from "./utils/emulated.js"
import { dir as fixturesDir } from "./utils/fixtures.js"
import { recordingTracer } from "./utils/tracer.js"

const cookiePassword = Redacted.make("a-very-long-cookie-password-for-tests-123")
const password = "correct horse battery"
const TestWorkOS = emulated({
  organizations: [{ id: "org_acme", name: "Acme" }],
  users: [{
    email: "ann@example.com",
    password,
    firstName: "Ann",
    memberships: [{ organization: "org_acme", role: "admin" }]
  }, { email: "solo@example.com", password }]
})
const WithSessions = Layer.provideMerge(SealedSession.layer({ cookiePassword }), TestWorkOS)
const signIn = Authentication.withPassword({ email: "ann@example.com", password })
const nodeSdk = new WorkOS("sk_test_unused", { clientId: "client_emulator" })

/** The authenticate requests WorkOS has answered so far: each refresh is one. */
const refreshes = Effect.map(Emulator.Emulator, (emulator) => emulator.count("POST", "/user_management/authenticate"))

describe("cookie format", () => {
  it.effect("a cookie sealed here opens with the Node SDK, with the same payload", () =>
    Effect.gen(function*() {
      const response = yield* signIn
      const cookie = yield* SealedSession.seal(SealedSession.fromAuthentication(response), cookiePassword)
      assert.match(cookie, /^Fe26\.2\*1\*.*~2$/)
      const opened = yield* Effect.promise(() =>
        nodeSdk.userManagement.getSessionFromCookie({
          sessionData: cookie,
          cookiePassword: Redacted.value(cookiePassword)
        })
      ) as Effect.Effect<any>
      assert.strictEqual(opened.accessToken, Redacted.value(response.accessToken))
      assert.strictEqual(opened.refreshToken, Redacted.value(response.refreshToken))
      assert.strictEqual(opened.organizationId, "org_acme")
      assert.strictEqual(opened.authenticationMethod, "Password")
      assert.strictEqual(opened.user.id, response.user.id)
      assert.strictEqual(opened.user.firstName, "Ann")
      assert.strictEqual(opened.user.emailVerified, true)
    }).pipe(Effect.provide(TestWorkOS)))

  it.scoped("a cookie sealed by the Node SDK (its own sign-in, over HTTP) opens here", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.serve({
        organizations: [{ id: "org_acme", name: "Acme" }],
        users: [{ email: "ann@example.com", password, firstName: "Ann", memberships: [{ organization: "org_acme" }] }]
      })
      const url = new URL(server.url)
      const node = new WorkOS(
        server.emulator.apiKey,
        {
          apiHostname: url.hostname,
          port: Number(url.port),
          https: false,
          clientId: server.emulator.clientId
        } as ConstructorParameters<typeof WorkOS>[1]
      )
      const response = yield* Effect.promise(() =>
        node.userManagement.authenticateWithPassword({
          clientId: server.emulator.clientId,
          email: "ann@example.com",
          password,
          session: { sealSession: true, cookiePassword: Redacted.value(cookiePassword) }
        })
      )
      const data = yield* SealedSession.unseal(response.sealedSession!, cookiePassword)
      assert.strictEqual(Redacted.value(data.refreshToken), response.refreshToken)
      assert.strictEqual(Redacted.value(data.accessToken), response.accessToken)
      assert.strictEqual(data.user.email, "ann@example.com")
      assert.strictEqual(data.user.firstName, "Ann")
      assert.strictEqual(data.organizationId, "org_acme")
      assert.strictEqual(data.authenticationMethod, "Password")
    }))

  it.effect("tampered, wrong-password and foreign cookies are typed errors", () =>
    Effect.gen(function*() {
      const response = yield* signIn
      const cookie = yield* SealedSession.seal(SealedSession.fromAuthentication(response), cookiePassword)
      const parts = cookie.split("*")
      parts[4] = parts[4]!.slice(0, -2) + (parts[4]!.endsWith("AA") ? "BB" : "AA")
      const tampered = yield* Effect.flip(SealedSession.unseal(parts.join("*"), cookiePassword))
      assert.strictEqual(tampered.reason, "tampered")
      const wrong = yield* Effect.flip(
        SealedSession.unseal(cookie, Redacted.make("another-cookie-password-of-32-chars!!"))
      )
      // Iron cannot tell a wrong password from a forged seal: both fail the HMAC check.
      assert.strictEqual(wrong.reason, "tampered")
      const foreign = yield* Effect.flip(SealedSession.unseal("not-a-cookie", cookiePassword))
      assert.strictEqual(foreign.reason, "malformed")
      const version = yield* Effect.flip(SealedSession.unseal(cookie.replace(/~2$/, "~9"), cookiePassword))
      assert.strictEqual(version.reason, "malformed")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a cookie password under 32 characters fails the layer with a ConfigError", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(
        Layer.build(Layer.provide(SealedSession.layer({ cookiePassword: "short" }), TestWorkOS)).pipe(Effect.scoped)
      )
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) assert.include(Cause.pretty(exit.cause), "at least 32 characters")
    }))

  it.effect("a cookie over 4096 bytes is sealed with a warning", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      emulator.createUser({
        email: "big@example.com",
        password,
        metadata: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`key${i}`, "x".repeat(500)]))
      }, 0)
      const manager = yield* SealedSession.SessionManager
      const warnings: Array<unknown> = []
      const sealLogged = (response: Authentication.AuthenticationResponse) =>
        manager.seal(response).pipe(
          Effect.provide(Logger.add(Logger.make(({ logLevel, message }) => {
            if (logLevel._tag === "Warning") warnings.push(message)
          })))
        )
      const usual = yield* sealLogged(yield* signIn)
      assert.isBelow(usual.length, 4096)
      assert.deepStrictEqual(warnings, [])
      const cookie = yield* sealLogged(yield* Authentication.withPassword({ email: "big@example.com", password }))
      assert.isAbove(cookie.length, 4096)
      assert.deepStrictEqual(warnings, [[
        `The sealed session cookie is ${cookie.length} bytes; browsers drop cookies over 4096. Trim the JWT template or the user's metadata.`
      ]])
    }).pipe(Effect.provide(WithSessions)))
})

describe("cookie edges", () => {
  const ironOptions = { ...Iron.defaults, ttl: 0, encode: JSON.stringify }
  /** Seal anything the way a cookie is sealed, with the given password id. */
  const sealRaw = (value: unknown, options: { readonly id?: string; readonly ttl?: number } = {}) =>
    Effect.promise(() =>
      Iron.seal(value, { id: options.id ?? "1", secret: Redacted.value(cookiePassword) }, {
        ...ironOptions,
        ttl: options.ttl ?? 0
      })
    ).pipe(Effect.map((sealed) => `${sealed}~2`))
  const openRaw = (cookie: string) =>
    Effect.promise(() =>
      Iron.unseal(cookie.replace(/~2$/, ""), { 1: Redacted.value(cookiePassword) }, ironOptions)
    ) as Effect.Effect<Record<string, any>>

  it.effect("each way a cookie fails says which, and a cookie without the version suffix opens", () =>
    Effect.gen(function*() {
      const cookie = yield* SealedSession.seal(SealedSession.fromAuthentication(yield* signIn), cookiePassword)
      const parts = cookie.split("*")
      parts[4] = parts[4]!.slice(0, -2) + (parts[4]!.endsWith("AA") ? "BB" : "AA")
      const tampered = yield* Effect.flip(SealedSession.unseal(parts.join("*"), cookiePassword))
      assert.strictEqual(tampered.message, "The session cookie failed its integrity check")
      const foreign = yield* Effect.flip(SealedSession.unseal("not-a-cookie", cookiePassword))
      assert.strictEqual(foreign.message, "The value is not a sealed session")
      const version = yield* Effect.flip(SealedSession.unseal(cookie.replace(/~2$/, "~9"), cookiePassword))
      assert.strictEqual(version.message, "Unsupported session cookie version 9")
      const unversioned = yield* SealedSession.unseal(cookie.replace(/~2$/, ""), cookiePassword)
      assert.strictEqual(unversioned.user.email, "ann@example.com")
      // Sealed under another password id: iron says it has no such password.
      const otherId = yield* Effect.flip(SealedSession.unseal(yield* sealRaw({ a: 1 }, { id: "2" }), cookiePassword))
      assert.deepStrictEqual([otherId.reason, otherId.message], [
        "wrong_password",
        "The session cookie was sealed with another password"
      ])
      // Sealed with an expiry two minutes past, beyond iron's minute of clock skew (the
      // Node SDK seals without one).
      const expired = yield* Effect.flip(
        SealedSession.unseal(yield* sealRaw({ a: 1 }, { ttl: -120_000 }), cookiePassword)
      )
      assert.deepStrictEqual([expired.reason, expired.message], ["expired", "The session cookie has expired"])
      // Sealed properly, but not a session.
      const notSession = yield* Effect.flip(SealedSession.unseal(yield* sealRaw({ a: 1 }), cookiePassword))
      assert.deepStrictEqual([notSession.reason, notSession.message], [
        "malformed",
        "The session cookie holds no session"
      ])
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a user stored without the optional fields opens with their defaults", () =>
    Effect.gen(function*() {
      const cookie = yield* SealedSession.seal(SealedSession.fromAuthentication(yield* signIn), cookiePassword)
      const data = yield* openRaw(cookie)
      const { externalId: _e, locale: _l, metadata: _m, name: _n, ...user } = data.user
      const opened = yield* SealedSession.unseal(yield* sealRaw({ ...data, user }), cookiePassword)
      assert.deepStrictEqual(opened.user.metadata, {})
      assert.isNull(opened.user.name)
      assert.isNull(opened.user.externalId)
      assert.isNull(opened.user.locale)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a cookie whose user or impersonator does not have the Node SDK's shape holds no session", () =>
    Effect.gen(function*() {
      const data = yield* openRaw(
        yield* SealedSession.seal(SealedSession.fromAuthentication(yield* signIn), cookiePassword)
      )
      const { email: _email, ...noEmail } = data.user
      for (
        const broken of [
          { ...data, user: noEmail },
          { ...data, user: { ...data.user, object: "organization" } },
          { ...data, user: { ...data.user, metadata: { plan: 1 } } },
          { ...data, impersonator: { email: 5, reason: null } }
        ]
      ) {
        const error = yield* Effect.flip(SealedSession.unseal(yield* sealRaw(broken), cookiePassword))
        assert.deepStrictEqual([error.reason, error.message], ["malformed", "The session cookie holds no session"])
      }
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("fromAuthentication keeps what the response has and adds nothing it lacks", () =>
    Effect.gen(function*() {
      const solo = SealedSession.fromAuthentication(
        yield* Authentication.withPassword({ email: "solo@example.com", password })
      )
      assert.notProperty(solo, "organizationId")
      assert.notProperty(solo, "impersonator")
      assert.strictEqual(solo.authenticationMethod, "Password")
      const member = SealedSession.fromAuthentication(yield* signIn)
      assert.strictEqual(member.organizationId, "org_acme")
      const impersonated = SealedSession.fromAuthentication({
        ...(yield* signIn),
        authenticationMethod: undefined,
        impersonator: { email: "admin@example.com", reason: "support" }
      } as never)
      assert.deepStrictEqual(impersonated.impersonator, { email: "admin@example.com", reason: "support" })
      assert.notProperty(impersonated, "authenticationMethod")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("the manager: an empty cookie is no cookie; sealed values open only as strings; a token without sid", () =>
    Effect.gen(function*() {
      const manager = yield* SealedSession.SessionManager
      assert.strictEqual(manager.cookieName, "wos-session")
      const empty = yield* Effect.flip(manager.authenticate(""))
      assert.deepStrictEqual([empty._tag, empty.message], ["NoSessionCookie", "No session cookie"])
      assert.strictEqual(yield* manager.openValue(yield* manager.sealValue("state")), "state")
      const notOurs = yield* Effect.flip(manager.openValue("Fe26.2**garbage"))
      assert.deepStrictEqual([notOurs.reason, notOurs.message], ["tampered", "The sealed value cannot be opened"])
      const notString = yield* Effect.flip(manager.openValue((yield* sealRaw({ a: 1 })).replace(/~2$/, "")))
      assert.deepStrictEqual([notString.reason, notString.message], ["malformed", "The sealed value is not a string"])
      // A session whose access token carries no session id cannot be logged out by id.
      const data = yield* openRaw(yield* manager.seal(yield* signIn))
      const token = (claims: object) =>
        `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.`
      for (const claims of [{ sub: "u" }, { sub: "u", sid: 5 }]) {
        const logout = yield* Effect.flip(manager.logoutUrl(yield* sealRaw({ ...data, accessToken: token(claims) })))
        assert.deepStrictEqual(
          [logout._tag, logout._tag === "InvalidSessionCookie" && logout.reason, logout.message],
          ["InvalidSessionCookie", "malformed", "The session has no session id"]
        )
      }
    }).pipe(Effect.provide(WithSessions)))

  it.effect("a session without organization roles, permissions or flags has empty lists, not missing ones", () =>
    Effect.gen(function*() {
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* Authentication.withPassword({ email: "solo@example.com", password }))
      const session = yield* manager.authenticate(cookie)
      assert.deepStrictEqual(
        [session.roles, session.permissions, session.entitlements, session.featureFlags],
        [[], [], [], []]
      )
      assert.isUndefined(session.organizationId)
    }).pipe(Effect.provide(WithSessions)))

  it.effect("cookie passwords: 32 characters is enough, 31 is not (for previous passwords too)", () =>
    Effect.gen(function*() {
      const build = (options: SealedSession.Options) =>
        Effect.exit(Layer.build(Layer.provide(SealedSession.layer(options), TestWorkOS)).pipe(Effect.scoped))
      assert.isTrue(Exit.isSuccess(yield* build({ cookiePassword: "x".repeat(32) })))
      for (
        const options of [
          { cookiePassword: "x".repeat(31) },
          { cookiePassword: "x".repeat(32), previousCookiePasswords: ["y".repeat(31)] }
        ]
      ) {
        const exit = yield* build(options)
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isFailure(exit)) {
          const error = Cause.failureOption(exit.cause)
          assert.isTrue(error._tag === "Some" && ConfigError.isConfigError(error.value))
          assert.include(Cause.pretty(exit.cause), "WORKOS_COOKIE_PASSWORD")
          assert.include(Cause.pretty(exit.cause), "The cookie password must be at least 32 characters")
        }
      }
      const named = yield* SealedSession.SessionManager.pipe(
        Effect.provide(Layer.provide(SealedSession.layer({ cookiePassword, cookieName: "app-session" }), TestWorkOS))
      )
      assert.strictEqual(named.cookieName, "app-session")
    }))
})

describe("session service", () => {
  it.effect("authenticate a cookie; no cookie and an expired token are typed", () =>
    Effect.gen(function*() {
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* signIn)
      const session = yield* manager.authenticate(cookie)
      assert.strictEqual(session.user?.email, "ann@example.com")
      assert.strictEqual(session.organizationId, "org_acme")
      assert.strictEqual(session.role, "admin")
      assert.match(session.sessionId, /^session_/)
      assert.strictEqual((yield* Effect.flip(manager.authenticate(undefined)))._tag, "NoSessionCookie")
      yield* TestClock.adjust("6 minutes")
      assert.strictEqual((yield* Effect.flip(manager.authenticate(cookie)))._tag, "AccessTokenExpired")
    }).pipe(Effect.provide(WithSessions)))

  it.effect("concurrent refreshes of one cookie make one request; late arrivals get the same result", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* signIn)
      yield* TestClock.adjust("6 minutes")
      const before = emulator.count("POST", "/user_management/authenticate")
      const results = yield* Effect.all(Array.from({ length: 50 }, () => manager.refresh(cookie)), {
        concurrency: "unbounded"
      })
      assert.strictEqual(emulator.count("POST", "/user_management/authenticate") - before, 1)
      assert.strictEqual(new Set(results.map((r) => r.cookie)).size, 1)
      const late = yield* manager.refresh(cookie)
      assert.strictEqual(late.cookie, results[0]!.cookie)
      assert.strictEqual(emulator.count("POST", "/user_management/authenticate") - before, 1)
      const refreshed = yield* manager.authenticate(results[0]!.cookie)
      assert.strictEqual(refreshed.userId, results[0]!.session.userId)
    }).pipe(Effect.provide(WithSessions)))

  const slow = { on: false }
  /** Wait (in real time: in-process requests are promises) until `done`, running `step` between checks. */
  const until = (done: () => boolean, step: Effect.Effect<void> = Effect.void) =>
    Effect.gen(function*() {
      for (let i = 0; i < 400 && !done(); i++) {
        yield* step
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
      }
      assert.isTrue(done(), "waited 2 s in vain")
    })
  it.effect("a caller interrupted mid-refresh does not cancel the refresh the others wait for", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* signIn)
      slow.on = true
      const before = emulator.count("POST", "/user_management/authenticate")
      // The first caller starts the refresh; the second joins it while it is under way.
      const first = yield* Effect.fork(manager.refresh(cookie))
      yield* until(() => emulator.count("POST", "/user_management/authenticate") - before === 1)
      // WorkOS has answered (the refresh token is spent), but the answer is still on its way.
      const second = yield* Effect.fork(manager.refresh(cookie))
      yield* Fiber.interrupt(first)
      // The answer arrives, then the JWKS to verify the new token: a second of the TestClock each.
      yield* until(() => second.unsafePoll() !== null, TestClock.adjust("1 second"))
      const result = yield* Fiber.join(second)
      assert.strictEqual(emulator.count("POST", "/user_management/authenticate") - before, 1)
      // The refresh token is spent: the old cookie must keep getting this result, not a refusal.
      assert.strictEqual((yield* manager.refresh(cookie)).cookie, result.cookie)
    }).pipe(
      Effect.provide(Layer.provideMerge(
        SealedSession.layer({ cookiePassword }),
        // Once signed in, every answer from WorkOS takes a second of the TestClock to arrive.
        Layer.merge(
          TestWorkOS,
          Layer.effect(
            HttpClient.HttpClient,
            Effect.map(
              HttpClient.HttpClient,
              (client) => client.pipe(HttpClient.tap(() => slow.on ? Effect.sleep("1 second") : Effect.void))
            )
          ).pipe(Layer.provide(TestWorkOS))
        )
      ))
    ))

  it.effect("the refresh grace window ends: a replayed old cookie is refused after it", () =>
    Effect.gen(function*() {
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* signIn)
      const before = yield* refreshes
      const first = yield* manager.refresh(cookie)
      // Within the 30 s grace window the old cookie gets the same result, without a request.
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual((yield* manager.refresh(cookie)).cookie, first.cookie)
      assert.strictEqual(yield* refreshes, before + 1)
      // After it, the spent refresh token is sent again and refused.
      yield* TestClock.adjust("60 seconds")
      const replay = yield* Effect.flip(manager.refresh(cookie))
      assert.strictEqual(replay._tag, "SessionRefreshTerminal")
      assert.strictEqual(yield* refreshes, before + 2)
    }).pipe(Effect.provide(WithSessions)))

  it.effect("refresh failures split into terminal (sign in again) and transient (keep the session)", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* signIn)
      emulator.failNext({ path: "/user_management/authenticate", status: 503 })
      const transient = yield* Effect.flip(manager.refresh(cookie))
      assert.strictEqual(transient._tag, "SessionRefreshTransient")
      yield* manager.revoke(cookie)
      const terminal = yield* Effect.flip(manager.refresh(cookie))
      assert.strictEqual(terminal._tag, "SessionRefreshTerminal")
      if (terminal._tag === "SessionRefreshTerminal") assert.strictEqual(terminal.cause, "InvalidGrant")
    }).pipe(Effect.provide(WithSessions)))

  it.effect("each refusal that needs a new sign-in is terminal; every other failure is transient", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const manager = yield* SealedSession.SessionManager
      const user = JSON.parse(readFileSync(path.join(fixturesDir, "user.json"), "utf8"))
      const refusals: ReadonlyArray<readonly [status: number, body: object, cause: string, terminal: boolean]> = [
        [
          403,
          { code: "mfa_enrollment", message: "Enroll.", pending_authentication_token: "pat", user },
          "MfaEnrollmentRequired",
          true
        ],
        [
          400,
          { error: "sso_required", error_description: "SSO.", email: "a@b.c", connection_ids: [] },
          "SsoRequired",
          true
        ],
        [403, { code: "authentication_method_not_allowed", message: "No." }, "AuthenticationMethodNotAllowed", true],
        [400, { error: "unauthorized_client", error_description: "No." }, "WorkOSOAuthError", true],
        [400, { message: "Bad." }, "WorkOSBadRequest", true],
        [404, { message: "Gone." }, "WorkOSNotFound", true],
        [403, { code: "forbidden", message: "No." }, "WorkOSForbidden", true],
        [401, { message: "Bad key." }, "WorkOSUnauthorized", false],
        [500, { message: "Oops." }, "WorkOSServerError", false],
        [422, { code: "invalid_request_parameters", message: "No.", errors: [] }, "WorkOSUnprocessable", false]
      ]
      for (const [status, body, cause, terminal] of refusals) {
        const cookie = yield* manager.seal(yield* signIn)
        emulator.failNext({ path: "/user_management/authenticate", status, body })
        const error = yield* Effect.flip(manager.refresh(cookie))
        assert.deepStrictEqual(
          [error._tag, "cause" in error ? error.cause : undefined],
          [terminal ? "SessionRefreshTerminal" : "SessionRefreshTransient", cause],
          cause
        )
      }
      // A refresh that cannot be sent: no client id is configured. The server is at fault,
      // not the session: it is kept, and refreshes once the configuration is fixed.
      const config = yield* WorkOSConfig.WorkOSConfig
      const noClientId = yield* SealedSession.make({ cookiePassword }).pipe(
        Effect.provideService(WorkOSConfig.WorkOSConfig, { ...config, clientId: Option.none() })
      )
      const stranded = yield* manager.seal(yield* signIn)
      const invalid = yield* Effect.flip(noClientId.refresh(stranded))
      assert.deepStrictEqual(
        [invalid._tag, "cause" in invalid ? invalid.cause : undefined],
        ["SessionRefreshTransient", "WorkOSInvalidRequest"]
      )
      const fixed = yield* manager.refresh(stranded)
      assert.notStrictEqual(fixed.cookie, stranded)
    }).pipe(Effect.scoped, Effect.provide(WithSessions)))

  it.effect("a refresh is a span", () => {
    const tracing = recordingTracer()
    return Effect.gen(function*() {
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* signIn)
      yield* manager.refresh(cookie)
      const refresh = tracing.spans.find((span) => span.name === "WorkOS.SealedSession.refresh")
      assert.strictEqual(refresh?.exit?._tag, "Success")
    }).pipe(Effect.provide(Layer.merge(WithSessions, tracing.layer)))
  })

  it.effect("a refresh that succeeded is kept when the JWKS cannot be fetched to verify its new token", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const manager = yield* SealedSession.SessionManager
      const response = yield* signIn
      const cookie = yield* manager.seal(response)
      yield* manager.authenticate(cookie)
      // The old token expires; WorkOS rotates its signing key, so the refreshed token has a
      // kid the cached JWKS lacks, and the JWKS endpoint is down.
      yield* TestClock.adjust("6 minutes")
      emulator.rotateSigningKey()
      emulator.failNext({ path: /^\/sso\/jwks\//, status: 503 })
      const refreshed = yield* manager.refresh(cookie)
      assert.notStrictEqual(refreshed.cookie, cookie)
      assert.strictEqual(refreshed.session.userId, response.user.id)
      assert.strictEqual(refreshed.session.organizationId, "org_acme")
      assert.match(refreshed.session.sessionId, /^session_/)
      // Once the JWKS is back, the new cookie verifies as usual.
      yield* TestClock.adjust("1 minute")
      const session = yield* manager.authenticate(refreshed.cookie)
      assert.strictEqual(session.userId, response.user.id)
    }).pipe(Effect.provide(
      Layer.provideMerge(SealedSession.layer({ cookiePassword, accessToken: { jwksTtl: "1 hour" } }), TestWorkOS)
    )))

  it.effect("cookie-password rotation: old cookies open, every new cookie is sealed with the new password", () =>
    Effect.gen(function*() {
      const oldPassword = Redacted.make("the-old-cookie-password-being-rotated-out")
      const response = yield* signIn
      const oldCookie = yield* SealedSession.seal(SealedSession.fromAuthentication(response), oldPassword)
      const rotating = yield* SealedSession.make({ cookiePassword, previousCookiePasswords: [oldPassword] })
      const session = yield* rotating.authenticate(oldCookie)
      assert.strictEqual(session.userId, response.user.id)
      // From the environment: WORKOS_COOKIE_PASSWORD_PREVIOUS, comma-separated.
      const fromEnv = yield* SealedSession.SessionManager.pipe(
        Effect.provide(SealedSession.layerConfig()),
        Effect.withConfigProvider(ConfigProvider.fromMap(
          new Map([
            ["WORKOS_COOKIE_PASSWORD", Redacted.value(cookiePassword)],
            ["WORKOS_COOKIE_PASSWORD_PREVIOUS", `${"y".repeat(40)},${Redacted.value(oldPassword)}`]
          ])
        ))
      )
      assert.strictEqual((yield* fromEnv.authenticate(oldCookie)).userId, response.user.id)
      // Without WORKOS_COOKIE_PASSWORD_PREVIOUS: only the current password.
      const currentOnly = yield* SealedSession.SessionManager.pipe(
        Effect.provide(SealedSession.layerConfig()),
        Effect.withConfigProvider(ConfigProvider.fromMap(
          new Map([["WORKOS_COOKIE_PASSWORD", Redacted.value(cookiePassword)]])
        ))
      )
      assert.strictEqual((yield* Effect.flip(currentOnly.authenticate(oldCookie)))._tag, "InvalidSessionCookie")
      // A refresh writes the cookie with the new password only.
      yield* TestClock.adjust("6 minutes")
      const refreshed = yield* rotating.refresh(oldCookie)
      const newOnly = yield* SealedSession.make({ cookiePassword })
      assert.strictEqual((yield* newOnly.authenticate(refreshed.cookie)).userId, response.user.id)
      assert.strictEqual((yield* Effect.flip(SealedSession.unseal(refreshed.cookie, oldPassword))).reason, "tampered")
      // Without the old password, the old cookie no longer opens; an unknown password never did.
      assert.strictEqual((yield* Effect.flip(newOnly.authenticate(oldCookie)))._tag, "InvalidSessionCookie")
      const stranger = yield* SealedSession.seal(
        SealedSession.fromAuthentication(response),
        Redacted.make("z".repeat(40))
      )
      assert.strictEqual((yield* Effect.flip(rotating.authenticate(stranger)))._tag, "InvalidSessionCookie")
      // Every password is held to the 32-character minimum.
      const short = yield* Effect.flip(SealedSession.make({ cookiePassword, previousCookiePasswords: ["short"] }))
      assert.strictEqual(short._tag === "ConfigError" && short._op, "InvalidData")
    }).pipe(Effect.scoped, Effect.provide(TestWorkOS)))

  it.effect("revoke ends the session at WorkOS even once the access token expired", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* signIn)
      yield* TestClock.adjust("1 hour")
      const expired = yield* Effect.flip(manager.authenticate(cookie))
      assert.strictEqual(expired._tag, "AccessTokenExpired")
      yield* manager.revoke(cookie)
      assert.strictEqual(emulator.count("POST", "/user_management/sessions/revoke"), 1)
      const terminal = yield* Effect.flip(manager.refresh(cookie))
      assert.strictEqual(terminal._tag, "SessionRefreshTerminal")
    }).pipe(Effect.provide(WithSessions)))

  it.effect("the logout URL carries the session id, even once the access token expired", () =>
    Effect.gen(function*() {
      const manager = yield* SealedSession.SessionManager
      const cookie = yield* manager.seal(yield* signIn)
      yield* TestClock.adjust("1 hour")
      const url = new URL(yield* manager.logoutUrl(cookie, { returnTo: "https://app.example.com/" }))
      assert.strictEqual(url.pathname, "/user_management/sessions/logout")
      assert.match(url.searchParams.get("session_id")!, /^session_/)
      assert.strictEqual(url.searchParams.get("return_to"), "https://app.example.com/")
    }).pipe(Effect.provide(WithSessions)))
})

describe("which refreshes are shared", () => {
  it.effect("only the same refresh token for the same organization shares a refresh", () =>
    Effect.gen(function*() {
      const manager = yield* SealedSession.SessionManager
      const first = yield* manager.seal(yield* signIn)
      const second = yield* manager.seal(yield* signIn)
      const before = yield* refreshes
      const a = yield* manager.refresh(first)
      // Another sign-in's cookie is another refresh token: its own request and session.
      const b = yield* manager.refresh(second)
      assert.strictEqual((yield* refreshes) - before, 2)
      assert.notStrictEqual(b.session.sessionId, a.session.sessionId)
      // The same cookie for a named organization is another refresh: it sends the spent token.
      const named = yield* Effect.flip(manager.refresh(first, { organizationId: "org_acme" }))
      assert.strictEqual(named._tag, "SessionRefreshTerminal")
      assert.strictEqual((yield* refreshes) - before, 3)
      // The first refresh is still shared within its grace window.
      assert.strictEqual((yield* manager.refresh(first)).cookie, a.cookie)
      assert.strictEqual((yield* refreshes) - before, 3)
    }).pipe(Effect.provide(WithSessions)))

  it.effect("without an organization the refresh asks for the cookie's; the token's organization wins over it", () =>
    Effect.gen(function*() {
      const manager = yield* SealedSession.SessionManager
      // A cookie naming an organization that does not exist: the refresh asks WorkOS for it.
      const data = SealedSession.fromAuthentication(yield* signIn)
      const gone = yield* SealedSession.seal({ ...data, organizationId: "org_gone" }, cookiePassword)
      const refused = yield* Effect.flip(manager.refresh(gone))
      assert.strictEqual(refused._tag, "SessionRefreshTerminal")
      if (refused._tag === "SessionRefreshTerminal") assert.strictEqual(refused.cause, "WorkOSNotFound")
      // The token's org_id is the session's organization; the cookie's is the fallback.
      assert.strictEqual((yield* manager.authenticate(gone)).organizationId, "org_acme")
      const solo = yield* Authentication.withPassword({ email: "solo@example.com", password })
      const soloData = SealedSession.fromAuthentication(solo)
      const named = yield* SealedSession.seal({ ...soloData, organizationId: "org_acme" }, cookiePassword)
      assert.strictEqual((yield* manager.authenticate(named)).organizationId, "org_acme")
      // A bearer token has no cookie to fall back on.
      const bearer = yield* manager.authenticateBearer(Redacted.value(solo.accessToken))
      assert.isNull(bearer.user)
      assert.isUndefined(bearer.organizationId)
    }).pipe(Effect.provide(WithSessions)))
})

describe("refreshes coordinated across replicas", () => {
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex")
  /** What replicas share: the first refresh of a key runs, later ones get its cookie. */
  const sharedStore = () => {
    const cookies = new Map<string, string>()
    const keys: Array<string> = []
    const coordination: Coordination.CoordinationService = {
      refreshOnce: (key, refresh) =>
        Effect.suspend(() => {
          keys.push(key)
          const cookie = cookies.get(key)
          return cookie === undefined
            ? Effect.tap(refresh, (fresh) => Effect.sync(() => cookies.set(key, fresh)))
            : Effect.succeed(cookie)
        })
    }
    return { keys, coordination }
  }
  const replica = (coordination: Coordination.CoordinationService) =>
    SealedSession.make({ cookiePassword }).pipe(Effect.provideService(Coordination.Coordination, coordination))

  it.scoped("a cookie refreshed on one replica is not refreshed again on another; the key hides the token", () =>
    Effect.gen(function*() {
      const store = sharedStore()
      const one = yield* replica(store.coordination)
      const two = yield* replica(store.coordination)
      const response = yield* signIn
      const cookie = yield* one.seal(response)
      const before = yield* refreshes
      const first = yield* one.refresh(cookie)
      const second = yield* two.refresh(cookie)
      assert.strictEqual((yield* refreshes) - before, 1)
      assert.strictEqual(second.cookie, first.cookie)
      assert.strictEqual(second.session.sessionId, first.session.sessionId)
      assert.strictEqual((yield* two.authenticate(second.cookie)).userId, response.user.id)
      // The key is the SHA-256 of the refresh token and organization, in hex.
      const token = Redacted.value(response.refreshToken)
      assert.deepStrictEqual(store.keys, [sha256(`${token}|`), sha256(`${token}|`)])
      yield* Effect.flip(one.refresh(cookie, { organizationId: "org_acme" }))
      assert.strictEqual(store.keys[2], sha256(`${token}|org_acme`))
    }).pipe(Effect.provide(TestWorkOS)))

  it.scoped("another replica's cookie that does not open, or whose token does not verify, is transient", () =>
    Effect.gen(function*() {
      let answer = "Fe26.2**not-a-session~2"
      const manager = yield* replica({ refreshOnce: () => Effect.sync(() => answer) })
      const response = yield* signIn
      const cookie = yield* manager.seal(response)
      const unopened = yield* Effect.flip(manager.refresh(cookie))
      assert.deepStrictEqual(
        [unopened._tag, unopened.message, unopened._tag === "SessionRefreshTransient" && unopened.cause],
        [
          "SessionRefreshTransient",
          "The session another replica refreshed cannot be opened: The value is not a sealed session",
          "InvalidSessionCookie"
        ]
      )
      // A replica answering with a token whose claims cannot be read, while the JWKS is down.
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
      const unreadable = `${part({ alg: "RS256", kid: "kid_unknown" })}.${part({ sub: "user_1" })}.c2ln`
      const data = SealedSession.fromAuthentication(response)
      answer = yield* SealedSession.seal({ ...data, accessToken: Redacted.make(unreadable) }, cookiePassword)
      const emulator = yield* Emulator.Emulator
      emulator.failNext({ path: /^\/sso\/jwks\//, status: 503, times: 10 })
      const unchecked = yield* Effect.flip(manager.refresh(cookie))
      assert.deepStrictEqual(
        [unchecked._tag, unchecked._tag === "SessionRefreshTransient" && unchecked.cause],
        ["SessionRefreshTransient", "JwksUnavailable"]
      )
      assert.match(unchecked.message, /^The refreshed token did not verify: /)
      emulator.clearFaults()
      // A replica answering with a session whose token has expired.
      answer = cookie
      yield* TestClock.adjust("6 minutes")
      const unverified = yield* Effect.flip(manager.refresh(cookie))
      assert.strictEqual(unverified._tag, "SessionRefreshTransient")
      assert.match(unverified.message, /^The refreshed token did not verify: /)
      if (unverified._tag === "SessionRefreshTransient") assert.strictEqual(unverified.cause, "AccessTokenExpired")
    }).pipe(Effect.provide(TestWorkOS)))
})
