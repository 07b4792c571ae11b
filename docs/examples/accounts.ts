/**
 * Account lifecycle: verify an email, reset a password, end sessions, issue API keys.
 */
import { Effect, Redacted, Stream } from "effect"
import { AuthFactors, EmailVerification, PasswordReset, Sessions, UserApiKeys } from "effect-workos"

// --- verify-email
// Step 1 emails a code; step 2 checks what the user typed.
export const sendVerification = (userId: string) => EmailVerification.send(userId)
export const confirmEmail = (userId: string, typed: string) =>
  EmailVerification.verify(userId, typed).pipe(
    Effect.map((user) => user.emailVerified),
    Effect.catchTag("WorkOSBadRequest", (e) =>
      e.code === "email_verification_code_incorrect" || e.code === "email_verification_code_expired"
        ? Effect.succeed(false)
        : Effect.fail(e))
  )
// --- end

// --- reset-password
// WorkOS emails the link; your reset page receives its token.
export const forgotPassword = (email: string) =>
  PasswordReset.create({ email }).pipe(
    Effect.asVoid,
    // Do not reveal whether the address has an account.
    Effect.catchTag("WorkOSNotFound", () => Effect.void)
  )
export const setNewPassword = (token: string, newPassword: string) =>
  PasswordReset.reset({ token, newPassword: Redacted.make(newPassword) })
// --- end

// --- sign-out-everywhere
export const signOutEverywhere = (userId: string) =>
  Sessions.list(userId).pipe(
    Stream.filter((session) => session.status === "active"),
    Stream.mapEffect((session) => Sessions.revoke(session.id), { concurrency: 4 }),
    Stream.runCount
  )
// --- end

// --- api-key
// The key's value is returned once, as Redacted: hand it to the user now.
export const issueApiKey = (userId: string, organizationId: string) =>
  UserApiKeys.create(userId, { name: "CLI", organizationId, permissions: ["users:read"] }).pipe(
    Effect.map((key) => ({ id: key.id, value: Redacted.value(key.value) }))
  )
// --- end

// --- reset-mfa
// A user lost their authenticator: delete their factors; where the environment requires
// MFA, their next sign-in asks them to enrol again (MfaEnrollmentRequired).
export const resetMfa = (userId: string) =>
  AuthFactors.list(userId).pipe(Stream.runForEach((factor) => AuthFactors.delete(factor.id)))
// --- end
