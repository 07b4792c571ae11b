/**
 * The secret matrix: a session of sign-ins, steps, refreshes, invitations and faults, with
 * every error rendered five ways (String, JSON.stringify, util.inspect, Cause.pretty and
 * Schema encoding), every log line at the most verbose level and every span attribute and
 * event recorded. None may hold the API key, a password, a code, a pending token, a refresh
 * token, an invitation token or the cookie password.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Logger, LogLevel, Redacted, Schema, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import * as util from "node:util"
import {
  Authentication,
  Invitations,
  MagicAuth,
  SealedSession,
  Users,
  WorkOSConfig,
  WorkOSError
} from "../src/index.js"
import { emulated } from "./utils/emulated.js"
import { recordingTracer } from "./utils/tracer.js"

const apiKey = "sk_test_matrix_secret_key_0123456789"
const password = "matrix-password-correct-horse"
const cookiePassword = "matrix-cookie-password-at-least-32-chars"

/** Everything a run of the SDK left behind that a person or a collector could read. */
const recorder = () => {
  const logs: Array<string> = []
  const logger = Logger.make(({ annotations, cause, message }) =>
    logs.push(
      `${util.inspect(message, { depth: 10 })} ${util.inspect(annotations, { depth: 10 })} ${Cause.pretty(cause)}`
    )
  )
  const tracing = recordingTracer()
  const texts = () => [
    ...logs,
    ...tracing.spans.map((span) =>
      [
        span.name,
        util.inspect([...span.attributes], { depth: 10 }),
        util.inspect(span.events, { depth: 10 }),
        span.exit !== undefined && Exit.isFailure(span.exit) ? Cause.pretty(span.exit.cause) : ""
      ].join(" ")
    )
  ]
  const layer = Layer.mergeAll(
    Logger.replace(Logger.defaultLogger, logger),
    Logger.minimumLogLevel(LogLevel.All),
    tracing.layer
  )
  return { texts, layer }
}

const renderings = (error: unknown): Array<string> => [
  String(error),
  JSON.stringify(error),
  util.inspect(error, { depth: 10 }),
  Cause.pretty(Cause.fail(error)),
  ...(WorkOSError.isWorkOSError(error) ? [JSON.stringify(Schema.encodeSync(WorkOSError.WorkOSError)(error))] : [])
]

describe("secret matrix", () => {
  it.effect("no error rendering, log line, span attribute or event holds a secret", () => {
    const { layer: recording, texts } = recorder()
    const WorkOS = Layer.provideMerge(
      SealedSession.layer({ cookiePassword }),
      emulated({
        apiKey,
        users: [
          { email: "ann@example.com", password },
          { email: "new@example.com", password, emailVerified: false }
        ]
      }).pipe(Layer.provideMerge(Layer.empty))
    )
    return Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const sessions = yield* SealedSession.SessionManager
      const errors: Array<unknown> = []
      const secrets: Array<string> = [apiKey, password, cookiePassword]
      const fail = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        Effect.flatMap(Effect.flip(effect), (error) => Effect.sync(() => errors.push(error)))

      // Wrong password; a pending email verification step and its code, a wrong code first.
      yield* fail(Authentication.withPassword({ email: "ann@example.com", password: "wrong-password-123" }))
      secrets.push("wrong-password-123")
      const step = yield* Effect.flip(Authentication.withPassword({ email: "new@example.com", password }))
      errors.push(step)
      assert.strictEqual(step._tag, "EmailVerificationRequired")
      if (step._tag !== "EmailVerificationRequired") return
      secrets.push(Redacted.value(step.pendingAuthenticationToken))
      const code = emulator.lastMessage({ kind: "email_verification" })!.code!
      secrets.push(code)
      yield* fail(Authentication.withEmailVerification({
        code: "000000",
        pendingAuthenticationToken: step.pendingAuthenticationToken
      }))
      const signedIn = yield* Authentication.withEmailVerification({
        code,
        pendingAuthenticationToken: step.pendingAuthenticationToken
      })
      secrets.push(Redacted.value(signedIn.refreshToken))

      // Sealed session: refresh after expiry; a tampered cookie; a refresh meeting an outage.
      const cookie = yield* sessions.seal(signedIn)
      yield* TestClock.adjust("6 minutes")
      const refreshed = yield* sessions.refresh(cookie)
      secrets.push(
        Redacted.value((yield* SealedSession.unseal(refreshed.cookie, Redacted.make(cookiePassword))).refreshToken)
      )
      yield* fail(sessions.authenticate(cookie.slice(0, -12)))
      emulator.failNext({ path: "/user_management/authenticate", status: 503 })
      yield* fail(sessions.refresh(refreshed.cookie))

      // Invitations: the token travels in a path; a dropped connection and a 500 on it.
      const invitation = yield* Invitations.send({ email: "guest@example.com" })
      secrets.push(Redacted.value(invitation.token))
      emulator.failNext({ path: /by_token/, drop: true })
      yield* fail(Invitations.findByToken(invitation.token))
      emulator.failNext({ path: /by_token/, status: 500, body: "<html>oops</html>" })
      yield* fail(Invitations.findByToken(invitation.token))

      // Magic auth: a code, a wrong one first.
      yield* MagicAuth.create({ email: "ann@example.com" })
      secrets.push(emulator.lastMessage({ kind: "magic_auth" })!.code!)
      yield* fail(Authentication.withMagicAuth({ email: "ann@example.com", code: "999999" }))

      // A create with a password meeting a server error, and a bad response body.
      emulator.failNext({ path: "/user_management/users", status: 500 })
      yield* fail(Users.create({ email: "x@example.com", password: Redacted.make(password) }))
      emulator.failNext({ path: "/user_management/users", status: 200, body: { nonsense: password } })
      yield* fail(Users.create({ email: "y@example.com", password: Redacted.make(password) }))

      assert.isAtLeast(errors.length, 10)
      assert.isAtLeast(texts().length, 15, "spans and logs were recorded")
      const everything = [...errors.flatMap(renderings), ...texts()]
      for (const secret of secrets) {
        assert.isAtLeast(secret.length, 6)
        const leaks = everything.filter((text) => text.includes(secret))
        assert.deepStrictEqual(leaks, [], `a secret appears in ${leaks.length} renderings`)
      }
    }).pipe(
      WorkOSConfig.withRequestOptions({ retry: "none" }),
      Effect.provide(Layer.merge(WorkOS, recording))
    )
  })
})
