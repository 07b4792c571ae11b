/**
 * Sealed sessions without a web framework: seal at sign-in, authenticate each request,
 * refresh, and tell a refusal from an outage.
 */
import { Effect } from "effect"
import { Authentication, SealedSession } from "effect-workos"

// --- layer
// One session service per app: it holds the JWKS cache and the in-flight refreshes.
// In production the password comes from WORKOS_COOKIE_PASSWORD: SealedSession.layerConfig().
export const SessionsLive = SealedSession.layer({ cookiePassword: "a-cookie-password-of-at-least-32-characters" })
// --- end

// --- sign-in
// After a successful sign-in, seal it into the cookie value to set.
export const signInCookie = (email: string, password: string) =>
  Effect.gen(function*() {
    const sessions = yield* SealedSession.SessionManager
    const response = yield* Authentication.withPassword({ email, password })
    return yield* sessions.seal(response)
  })
// --- end

// --- request
export type Outcome =
  | { readonly kind: "ok"; readonly userId: string; readonly setCookie: string | null }
  | { readonly kind: "sign-in" }
  | { readonly kind: "retry-later" }

// On each request: use the session, refresh it when its token expired, and tell a
// session WorkOS refused (sign in again) from a passing outage (keep the session).
export const handleRequest = (cookie: string | undefined) =>
  Effect.gen(function*() {
    const sessions = yield* SealedSession.SessionManager
    return yield* sessions.authenticate(cookie).pipe(
      Effect.map((session): Outcome => ({ kind: "ok", userId: session.userId, setCookie: null })),
      Effect.catchTag("AccessTokenExpired", () =>
        sessions.refresh(cookie).pipe(
          Effect.map((refreshed): Outcome => ({
            kind: "ok",
            userId: refreshed.session.userId,
            setCookie: refreshed.cookie
          }))
        )),
      Effect.catchTags({
        NoSessionCookie: () => Effect.succeed<Outcome>({ kind: "sign-in" }),
        InvalidSessionCookie: () => Effect.succeed<Outcome>({ kind: "sign-in" }),
        AccessTokenInvalid: () => Effect.succeed<Outcome>({ kind: "sign-in" }),
        SessionRefreshTerminal: () => Effect.succeed<Outcome>({ kind: "sign-in" }),
        SessionRefreshTransient: () => Effect.succeed<Outcome>({ kind: "retry-later" }),
        JwksUnavailable: () => Effect.succeed<Outcome>({ kind: "retry-later" })
      })
    )
  })
// --- end
