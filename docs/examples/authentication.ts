/**
 * Compose an AuthKit sign-in with catchTag: every pending step is a typed error, and the
 * next step is one call with its pending token.
 */
import { Effect, type Redacted } from "effect"
import { AccessToken, Authentication, AuthFactors, AuthorizationUrl } from "effect-workos"

// --- prompts
// How your app asks the user for the next piece: a form, a CLI prompt, a redirect.
export interface Prompts {
  readonly emailCode: (email: string) => Effect.Effect<string>
  readonly totpCode: Effect.Effect<string>
  readonly organization: (choices: ReadonlyArray<{ id: string; name: string }>) => Effect.Effect<string>
}
// --- end

// --- sign-in
export const signIn = (email: string, password: Redacted.Redacted<string>, ask: Prompts) =>
  Authentication.withPassword({ email, password }).pipe(
    Effect.catchTag(
      "EmailVerificationRequired",
      (step) =>
        Effect.flatMap(
          ask.emailCode(step.email),
          (code) =>
            Authentication.withEmailVerification({ code, pendingAuthenticationToken: step.pendingAuthenticationToken })
        )
    ),
    Effect.catchTag("MfaChallengeRequired", (step) =>
      Effect.gen(function*() {
        const challenge = yield* AuthFactors.challenge(step.authenticationFactors[0]!.id)
        return yield* Authentication.withTotp({
          code: yield* ask.totpCode,
          authenticationChallengeId: challenge.id,
          pendingAuthenticationToken: step.pendingAuthenticationToken
        })
      })),
    Effect.catchTag(
      "OrganizationSelectionRequired",
      (step) =>
        Effect.flatMap(
          ask.organization(step.organizations),
          (organizationId) =>
            Authentication.withOrganizationSelection({
              organizationId,
              pendingAuthenticationToken: step.pendingAuthenticationToken
            })
        )
    )
  )
// --- end

// --- outcomes
// What is left after the steps are handled: answer the user.
export const signInPage = (email: string, password: Redacted.Redacted<string>, ask: Prompts) =>
  signIn(email, password, ask).pipe(
    Effect.map((session) => ({ ok: true as const, userId: session.user.id, organizationId: session.organizationId })),
    Effect.catchTags({
      InvalidCredentials: () => Effect.succeed({ ok: false as const, reason: "Wrong email or password" }),
      SsoRequired: (step) =>
        Effect.map(
          AuthorizationUrl.make({
            connectionId: step.connectionIds[0]!,
            redirectUri: "https://app.example.com/callback"
          }),
          (url) => ({ ok: false as const, reason: `Continue with SSO: ${url}` })
        ),
      OneTimeCodeInvalid: (e) => Effect.succeed({ ok: false as const, reason: `Code rejected (${e.reason})` })
    })
  )
// --- end

// --- verify
// Verify the access token on every request. One verifier per app: it caches the JWKS.
export const AccessTokenLive = AccessToken.layer({ clockTolerance: "5 seconds" })

export const currentUserId = (bearer: string) =>
  AccessToken.verify(bearer).pipe(
    Effect.map((claims) => claims.sub),
    Effect.catchTags({
      AccessTokenExpired: () => Effect.fail("refresh the session" as const),
      AccessTokenInvalid: (e) => Effect.fail(`reject: ${e.reason}` as const),
      JwksUnavailable: () => Effect.fail("WorkOS unreachable: retry" as const)
    })
  )
// --- end
