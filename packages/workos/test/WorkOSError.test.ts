import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Redacted, Schema } from "effect"
import { Users, WorkOSError } from "../src/index.js"
import { emulated } from "./utils/emulated.js"

const info = { method: "GET", path: "/user_management/users", requestId: "req_1", code: null, message: "m" }

const step = { ...info, status: 400 }

const samples: ReadonlyArray<WorkOSError.WorkOSError> = [
  new WorkOSError.WorkOSBadRequest({ ...info, status: 400, errors: [new WorkOSError.FieldError({ code: "x" })] }),
  new WorkOSError.WorkOSUnauthorized({ ...info, status: 401 }),
  new WorkOSError.WorkOSForbidden({ ...info, status: 403 }),
  new WorkOSError.WorkOSNotFound({ ...info, status: 404 }),
  new WorkOSError.WorkOSConflict({ ...info, status: 409 }),
  new WorkOSError.WorkOSUnprocessable({ ...info, status: 422, errors: [] }),
  new WorkOSError.WorkOSRateLimited({ ...info, status: 429, retryAfter: Duration.seconds(3) }),
  new WorkOSError.WorkOSServerError({ ...info, status: 502, retryAfter: null }),
  new WorkOSError.WorkOSOAuthError({ ...info, status: 400, error: "invalid_grant", errorDescription: null }),
  new WorkOSError.WorkOSUnexpectedStatus({ ...info, status: 405 }),
  new WorkOSError.WorkOSTimeout({ ...info, status: null }),
  new WorkOSError.WorkOSTransportError({ ...info, status: null, connectionFailed: true }),
  new WorkOSError.WorkOSDecodeError({ ...info, status: 200, schemaPath: "data[0].id" }),
  new WorkOSError.WorkOSInvalidRequest({ ...info, status: null, field: "id" }),
  new WorkOSError.WorkOSPaginationLoop({ ...info, status: null, cursor: "user_1" }),
  new WorkOSError.EmailVerificationRequired({
    ...step,
    pendingAuthenticationToken: Redacted.make("pending-token-secret"),
    email: "a@b.co",
    emailVerificationId: "email_verification_1",
    user: null
  }),
  new WorkOSError.MfaEnrollmentRequired({
    ...step,
    pendingAuthenticationToken: Redacted.make("pending-token-secret"),
    user: null
  }),
  new WorkOSError.MfaChallengeRequired({
    ...step,
    pendingAuthenticationToken: Redacted.make("pending-token-secret"),
    user: null,
    authenticationFactors: [{ id: "auth_factor_1", type: "totp" }]
  }),
  new WorkOSError.OrganizationSelectionRequired({
    ...step,
    pendingAuthenticationToken: Redacted.make("pending-token-secret"),
    user: null,
    organizations: [{ id: "org_1", name: "Acme" }]
  }),
  new WorkOSError.SsoRequired({
    ...step,
    email: "a@b.co",
    connectionIds: ["conn_1"],
    pendingAuthenticationToken: null
  }),
  new WorkOSError.OrganizationAuthenticationMethodsRequired({
    ...step,
    email: "a@b.co",
    ssoConnectionIds: [],
    authMethods: { password: false },
    pendingAuthenticationToken: null
  }),
  new WorkOSError.RadarChallengeRequired({
    ...step,
    kind: "email",
    pendingAuthenticationToken: Redacted.make("pending-token-secret"),
    radarChallengeId: "radar_challenge_1",
    user: null
  }),
  new WorkOSError.AuthenticationMethodNotAllowed(step),
  new WorkOSError.InvalidCredentials(step),
  new WorkOSError.InvalidGrant(step),
  new WorkOSError.OneTimeCodeInvalid({ ...step, reason: "expired" }),
  new WorkOSError.PendingAuthenticationTokenInvalid(step),
  new WorkOSError.DeviceAuthorizationPending({ ...step, reason: "slow_down" }),
  new WorkOSError.DeviceCodeExpired(step),
  new WorkOSError.DeviceAccessDenied(step),
  new WorkOSError.AccessTokenExpired({ message: "expired", expiredAt: 300 }),
  new WorkOSError.AccessTokenInvalid({ message: "bad", reason: "signature" }),
  new WorkOSError.JwksUnavailable({ message: "down", cause: "WorkOSTimeout" }),
  new WorkOSError.WebhookSignatureMissing({ message: "none" }),
  new WorkOSError.WebhookSignatureMalformed({ message: "bad" }),
  new WorkOSError.WebhookSignatureInvalid({ message: "forged" }),
  new WorkOSError.WebhookTimestampOutOfTolerance({ message: "old", timestamp: 0, now: 1 }),
  new WorkOSError.WebhookPayloadInvalid({ message: "not an event" }),
  new WorkOSError.NoSessionCookie({ message: "none" }),
  new WorkOSError.InvalidSessionCookie({ message: "bad", reason: "tampered" }),
  new WorkOSError.SessionRefreshTerminal({ message: "gone", cause: "InvalidGrant", code: "invalid_grant" }),
  new WorkOSError.SessionRefreshTransient({ message: "later", cause: "WorkOSServerError" })
]

describe("WorkOSError", () => {
  it("isWorkOSError recognises every error class and nothing else", () => {
    for (const error of samples) assert.isTrue(WorkOSError.isWorkOSError(error), error._tag)
    assert.strictEqual(new Set(samples.map((e) => e._tag)).size, WorkOSError.WorkOSError.members.length)
    assert.isFalse(WorkOSError.isWorkOSError({ _tag: "NotFound" }))
    assert.isFalse(WorkOSError.isWorkOSError(new Error("x")))
    assert.isFalse(WorkOSError.isWorkOSError(null))
  })

  it("errors survive encoding and decoding through the union schema (for RPC, caches, logs)", () => {
    for (const error of samples) {
      const encoded = Schema.encodeSync(WorkOSError.WorkOSError)(error)
      const json = JSON.parse(JSON.stringify(encoded))
      const decoded = Schema.decodeUnknownSync(WorkOSError.WorkOSError)(json)
      assert.strictEqual(decoded._tag, error._tag)
      assert.strictEqual(decoded.message, error.message)
      assert.strictEqual(Object.getPrototypeOf(decoded), Object.getPrototypeOf(error))
    }
  })

  it("encoding an error never writes a secret: a pending token is written as <redacted>", () => {
    const carrying = samples.filter((e) => "pendingAuthenticationToken" in e && e.pendingAuthenticationToken !== null)
    assert.isAtLeast(carrying.length, 5)
    for (const error of samples) {
      const json = JSON.stringify(Schema.encodeSync(WorkOSError.WorkOSError)(error))
      assert.notInclude(json, "pending-token-secret", error._tag)
    }
    for (const error of carrying) {
      const decoded = Schema.decodeUnknownSync(WorkOSError.WorkOSError)(
        JSON.parse(JSON.stringify(Schema.encodeSync(WorkOSError.WorkOSError)(error)))
      ) as typeof error & { readonly pendingAuthenticationToken: Redacted.Redacted<string> }
      assert.strictEqual(Redacted.value(decoded.pendingAuthenticationToken), "<redacted>", error._tag)
    }
  })

  it.effect("an error from the API is an Error whose message is the API's message", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Users.get("user_nope"))
      assert.instanceOf(error, Error)
      assert.strictEqual(error.message, "User not found: 'user_nope'.")
      assert.strictEqual(String(error), "WorkOSNotFound: User not found: 'user_nope'.")
    }).pipe(Effect.provide(emulated())))
})
