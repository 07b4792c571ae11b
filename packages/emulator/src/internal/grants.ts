/**
 * The ten grants of `POST /user_management/authenticate`, one small handler each: its
 * client check and fields, then the sign-in step it starts or completes.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as jose from "jose"
import * as OTPAuth from "otpauth"
import * as Body from "./body.js"
import { codeError, type EmulatorResponse, iso, oauthError } from "./core.js"
import type { SignIns } from "./signIn.js"
import type { Client, Tokens } from "./tokens.js"
import type { World } from "./world.js"

/** A device authorization (RFC 8628) and where it stands. @internal */
export interface DeviceAuthorization {
  readonly deviceCode: string
  readonly userCode: string
  readonly expiresAt: number
  interval: number
  lastPollAt: number | undefined
  state: "pending" | "approved" | "denied" | "consumed"
  userId: string | undefined
}

/** What the grants work on. @internal */
export interface Parts {
  readonly world: World
  readonly signIns: SignIns
  readonly tokens: Tokens
  readonly devices: Map<string, DeviceAuthorization>
}

/** What a grant handler gets: its body (decoded by its schema), the time, the client's address and agent. @internal */
export interface GrantContext {
  readonly body: <A, I>(schema: Schema.Schema<A, I>) => A
  readonly now: number
  readonly client: Client
  /** The hosted sign-in this grant runs for (see `authenticateHosted`). */
  readonly hosted: string | undefined
}

type Grant = (auth: Parts, grant: GrantContext) => Promise<EmulatorResponse> | EmulatorResponse

const sha256Base64Url = async (input: string) =>
  jose.base64url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(input))))

/** The client's credentials, in every grant's body. */
const ClientFields = { client_id: Body.optionalString, client_secret: Body.optionalString }

const checkClient = (
  world: World,
  { client_id: clientId, client_secret: clientSecret }: Schema.Struct.Type<typeof ClientFields>,
  secret: "required" | "optional" | "none"
): void => {
  if (clientId !== world.options.clientId) throw oauthError(400, "invalid_client", "Invalid client_id.")
  if (secret === "none") return
  if (clientSecret === undefined) {
    if (secret === "required") throw oauthError(400, "invalid_client", "client_secret is required for this grant.")
    return
  }
  if (clientSecret !== world.options.apiKey) throw oauthError(400, "invalid_client", "Invalid client_secret.")
}

const oneTimeCode = (
  record: { used: boolean; expires_at: number; attempts: number; code: string } | undefined,
  code: string,
  now: number
): void => {
  if (!record) throw codeError(400, "invalid_one_time_code", "The code is invalid.")
  if (record.used) throw codeError(400, "one_time_code_previously_used", "The code was already used.")
  if (record.expires_at <= now) throw codeError(400, "one_time_code_expired", "The code has expired.")
  if (record.attempts >= 5) throw codeError(400, "one_time_code_too_many_attempts", "Too many attempts.")
  if (record.code !== code) {
    record.attempts++
    throw codeError(400, "invalid_one_time_code", "The code is invalid.")
  }
  record.used = true
}

const PasswordBody = Schema.Struct({
  ...ClientFields,
  email: Body.string,
  password: Body.string,
  invitation_token: Body.optionalString
})

const passwordGrant: Grant = (auth, { body: decode, now, client, hosted }) => {
  const world = auth.world
  const body = decode(PasswordBody)
  const { email, password, invitation_token: invitationToken } = body
  checkClient(auth.world, body, "required")
  const user = world.userByEmail(email)
  if (!user || !world.checkPassword(user, password)) {
    throw codeError(400, "invalid_credentials", "Invalid credentials.")
  }
  return auth.signIns.continueSignIn(
    user,
    { method: "Password", passed: new Set(), invitationToken, client, hosted },
    now
  )
}

const AuthorizationCodeBody = Schema.Struct({
  ...ClientFields,
  code: Body.string,
  code_verifier: Body.optionalString,
  invitation_token: Body.optionalString
})

const authorizationCodeGrant: Grant = async (auth, { body: decode, now, client, hosted }) => {
  const world = auth.world
  const body = decode(AuthorizationCodeBody)
  const { code, code_verifier: verifier, invitation_token: invitationToken } = body
  checkClient(auth.world, body, verifier === undefined ? "required" : "optional")
  const record = auth.signIns.codes.get(code)
  if (!record || record.used || record.expiresAt <= now) {
    throw oauthError(400, "invalid_grant", "The code is invalid, expired or already used.")
  }
  if (record.codeChallenge !== undefined) {
    if (verifier === undefined || (await sha256Base64Url(verifier)) !== record.codeChallenge) {
      throw oauthError(400, "invalid_grant", "The code_verifier does not match the code_challenge.")
    }
  } else if (verifier !== undefined) {
    throw codeError(400, "code_challenge_not_found", "No code_challenge was sent with the authorization request.")
  }
  record.used = true
  const user = world.user(record.userId)
  return auth.signIns.continueSignIn(user, {
    method: record.method,
    passed: new Set(record.impersonator || record.completed ? ["radar", "email", "mfa"] : ["radar"]),
    organizationId: record.organizationId,
    impersonator: record.impersonator,
    invitationToken,
    client,
    hosted
  }, now)
}

const RefreshTokenBody = Schema.Struct({
  ...ClientFields,
  refresh_token: Body.string,
  organization_id: Body.optionalString
})

const refreshTokenGrant: Grant = (auth, { body: decode, now }) => {
  const body = decode(RefreshTokenBody)
  const { refresh_token: refreshToken, organization_id: organizationId } = body
  checkClient(auth.world, body, "optional")
  return auth.tokens.refresh(refreshToken, organizationId, now)
}

const MagicAuthBody = Schema.Struct({
  ...ClientFields,
  code: Body.string,
  email: Body.string,
  invitation_token: Body.optionalString
})

const magicAuthGrant: Grant = (auth, { body: decode, now, client, hosted }) => {
  const world = auth.world
  const body = decode(MagicAuthBody)
  const { code, email, invitation_token: invitationToken } = body
  checkClient(auth.world, body, "required")
  const user = world.userByEmail(email)
  const records = user ? [...world.magicAuths.values()].filter((r) => r.user_id === user.id) : []
  oneTimeCode(records.find((r) => r.code === code) ?? records.at(-1), code, now)
  // Receiving the code proves the address.
  user!.email_verified = true
  return auth.signIns.continueSignIn(
    user!,
    { method: "MagicAuth", passed: new Set(), invitationToken, client, hosted },
    now
  )
}

const EmailVerificationBody = Schema.Struct({
  ...ClientFields,
  code: Body.string,
  pending_authentication_token: Body.string
})

const emailVerificationGrant: Grant = (auth, { body: decode, now, client }) => {
  const world = auth.world
  const body = decode(EmailVerificationBody)
  const { code, pending_authentication_token: token } = body
  checkClient(auth.world, body, "required")
  const pending = auth.signIns.pendingFor(token, now)
  const record = pending.emailVerificationId === undefined
    ? undefined
    : world.emailVerifications.get(pending.emailVerificationId)
  oneTimeCode(record, code, now)
  const user = world.user(pending.userId)
  user.email_verified = true
  user.updated_at = iso(now)
  return auth.signIns.resume(pending, "email", {}, now, client)
}

const TotpBody = Schema.Struct({
  ...ClientFields,
  code: Body.string,
  pending_authentication_token: Body.string,
  authentication_challenge_id: Body.string
})

const totpGrant: Grant = (auth, { body: decode, now, client }) => {
  const world = auth.world
  const body = decode(TotpBody)
  const { code, pending_authentication_token: token, authentication_challenge_id: challengeId } = body
  checkClient(auth.world, body, "required")
  const pending = auth.signIns.pendingFor(token, now)
  const challenge = world.challenges.get(challengeId)
  const factor = challenge ? world.factors.get(challenge.factor_id) : undefined
  if (!challenge || !factor || factor.user_id !== pending.userId) {
    throw codeError(400, "invalid_one_time_code", "The authentication challenge is invalid.")
  }
  if (challenge.used) throw codeError(400, "one_time_code_previously_used", "The challenge was already used.")
  if (challenge.expires_at <= now) throw codeError(400, "one_time_code_expired", "The challenge has expired.")
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(factor.secret), digits: 6, period: 30 })
  if (totp.validate({ token: code, timestamp: now, window: 1 }) === null) {
    throw codeError(400, "invalid_one_time_code", "The code is invalid.")
  }
  challenge.used = true
  return auth.signIns.resume(pending, "mfa", {}, now, client)
}

const OrganizationSelectionBody = Schema.Struct({
  ...ClientFields,
  pending_authentication_token: Body.string,
  organization_id: Body.string
})

const organizationSelectionGrant: Grant = (auth, { body: decode, now, client }) => {
  const world = auth.world
  const body = decode(OrganizationSelectionBody)
  const { pending_authentication_token: token, organization_id: organizationId } = body
  checkClient(auth.world, body, "required")
  const pending = auth.signIns.pendingFor(token, now)
  const member = world.activeMemberships(pending.userId).some((m) => m.organization_id === organizationId)
  if (!member) {
    throw oauthError(400, "organization_membership_not_found", "The user is not a member of this organization.")
  }
  return auth.signIns.resume(pending, "organization", { organizationId }, now, client)
}

const RadarEmailBody = Schema.Struct({
  ...ClientFields,
  code: Body.string,
  radar_challenge_id: Body.string,
  pending_authentication_token: Body.string
})

const radarEmailGrant: Grant = (auth, { body: decode, now, client }) => {
  const world = auth.world
  const body = decode(RadarEmailBody)
  const { code, radar_challenge_id: challengeId, pending_authentication_token: token } = body
  checkClient(auth.world, body, "required")
  const pending = auth.signIns.pendingFor(token, now)
  if (pending.radarChallengeId !== challengeId) {
    throw codeError(400, "invalid_one_time_code", "The Radar challenge does not match.")
  }
  oneTimeCode(world.radarChallenges.get(challengeId), code, now)
  return auth.signIns.resume(pending, "radar", {}, now, client)
}

const RadarSmsBody = Schema.Struct({
  ...ClientFields,
  code: Body.string,
  pending_authentication_token: Body.string,
  verification_id: Body.optionalString,
  phone_number: Body.optionalString
})

const radarSmsGrant: Grant = (auth, { body: decode, now, client }) => {
  const world = auth.world
  const body = decode(RadarSmsBody)
  const { code, pending_authentication_token: token, verification_id: verificationId, phone_number: phone } = body
  checkClient(auth.world, body, "required")
  const pending = auth.signIns.pendingFor(token, now)
  const sms = [...world.radarSms.entries()].find(([id, s]) =>
    s.user_id === pending.userId && !s.used && (verificationId === undefined || id === verificationId)
  )
  if (!sms) {
    throw verificationId === undefined
      ? codeError(400, "verification_id_required", "Send an SMS challenge first.")
      : codeError(400, "invalid_one_time_code", "The verification is invalid.")
  }
  if (phone !== undefined && phone !== sms[1].phone_number) {
    throw codeError(400, "phone_number_required", "The phone number does not match.")
  }
  if (sms[1].code !== code) throw codeError(400, "invalid_one_time_code", "The code is invalid.")
  sms[1].used = true
  return auth.signIns.resume(pending, "radar", {}, now, client)
}

const DeviceCodeBody = Schema.Struct({
  ...ClientFields,
  device_code: Body.string
})

const deviceCodeGrant: Grant = (auth, { body: decode, now, client }) => {
  const world = auth.world
  const body = decode(DeviceCodeBody)
  const { device_code: deviceCode } = body
  checkClient(auth.world, body, "none")
  const device = auth.devices.get(deviceCode)
  if (!device || device.state === "consumed") {
    throw oauthError(400, "invalid_grant", "The device code is invalid.")
  }
  if (device.expiresAt <= now) throw oauthError(400, "expired_token", "The device code has expired.")
  if (device.state === "denied") throw oauthError(400, "access_denied", "The user denied the request.")
  const tooSoon = device.lastPollAt !== undefined && now - device.lastPollAt < device.interval * 1000
  device.lastPollAt = now
  if (tooSoon) {
    device.interval += 5
    throw oauthError(400, "slow_down", "Polling too fast; slow down.")
  }
  if (device.state === "pending") throw oauthError(400, "authorization_pending", "The user has not approved yet.")
  device.state = "consumed"
  const user = world.user(device.userId!)
  return auth.signIns.continueSignIn(user, { method: "Password", passed: new Set(["radar"]), client }, now)
}

/** The handler of each `grant_type`. @internal */
export const grants: Readonly<Record<string, Grant>> = {
  "password": passwordGrant,
  "authorization_code": authorizationCodeGrant,
  "refresh_token": refreshTokenGrant,
  "urn:workos:oauth:grant-type:magic-auth:code": magicAuthGrant,
  "urn:workos:oauth:grant-type:email-verification:code": emailVerificationGrant,
  "urn:workos:oauth:grant-type:mfa-totp": totpGrant,
  "urn:workos:oauth:grant-type:organization-selection": organizationSelectionGrant,
  "urn:workos:oauth:grant-type:radar-email-challenge:code": radarEmailGrant,
  "urn:workos:oauth:grant-type:radar-sms-challenge:code": radarSmsGrant,
  "urn:ietf:params:oauth:grant-type:device_code": deviceCodeGrant
}
