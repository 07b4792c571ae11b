/**
 * `POST /user_management/authenticate` with all ten grants and the pending-authentication
 * steps between them, the authorization and device endpoints, Radar challenges, and
 * access tokens signed with jose against the emulator's JWKS.
 *
 * @internal
 */
import * as jose from "jose"
import * as OTPAuth from "otpauth"
import {
  Body,
  codeError,
  type EmulatorRequest,
  type EmulatorResponse,
  HttpError,
  iso,
  notFound,
  oauthError,
  type SessionRecord,
  unprocessable,
  userJson,
  type UserRecord
} from "./core.js"
import { loginPage, registerHosted } from "./hosted.js"
import { type SigningKey, signingKeys } from "./keys.js"
import type { RouteContext, World } from "./world.js"

type Step = "radar" | "email" | "mfa" | "organization"

interface PendingAuthentication {
  readonly token: string
  readonly userId: string
  readonly method: string
  readonly expiresAt: number
  readonly passed: ReadonlySet<Step>
  readonly organizationId: string | undefined
  readonly emailVerificationId: string | undefined
  readonly radarChallengeId: string | undefined
  readonly radarKind: "email" | "sms" | undefined
  /** The hosted sign-in (login page) this belongs to: it ends with a redirect, not tokens. */
  readonly hosted: string | undefined
  used: boolean
}

/** What a grant handler gets: the request body, the time, the client's address and agent. */
interface GrantContext {
  readonly body: Body
  readonly now: number
  readonly client: { readonly ipAddress: string | null; readonly userAgent: string | null }
  /** The hosted sign-in this grant runs for (see `authenticateHosted`). */
  readonly hosted: string | undefined
}

/** An authorization request the hosted login page is answering. @internal */
export interface HostedRequest {
  readonly id: string
  readonly redirectUri: string
  readonly state: string | null
  readonly codeChallenge: string | undefined
  /** `authkit`, an OAuth provider (`GoogleOAuth`, …), or `SSO` for a connection or organization. */
  readonly provider: string
  readonly organizationId: string | undefined
  readonly expiresAt: number
}

interface AuthorizationCode {
  readonly code: string
  readonly userId: string
  readonly redirectUri: string | undefined
  readonly codeChallenge: string | undefined
  readonly method: string
  readonly organizationId: string | undefined
  readonly impersonator: { email: string; reason: string | null } | undefined
  /** Issued by the hosted login page after every step: the exchange asks for none. */
  readonly completed: boolean
  readonly expiresAt: number
  used: boolean
}

interface DeviceAuthorization {
  readonly deviceCode: string
  readonly userCode: string
  readonly expiresAt: number
  interval: number
  lastPollAt: number | undefined
  state: "pending" | "approved" | "denied" | "consumed"
  userId: string | undefined
}

const sessionAuthMethod: Record<string, string> = {
  Password: "password",
  MagicAuth: "magic_code",
  SSO: "sso",
  Impersonation: "impersonation",
  Passkey: "passkey"
}

const sha256Base64Url = async (input: string) =>
  jose.base64url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(input))))

/** @internal */
export class Authenticator {
  private readonly pending = new Map<string, PendingAuthentication>()
  private readonly codes = new Map<string, AuthorizationCode>()
  private readonly devices = new Map<string, DeviceAuthorization>()
  /** Authorization requests the hosted login page is answering, by id. */
  readonly hostedRequests = new Map<string, HostedRequest>()
  /** Refresh tokens already exchanged, and the session they belonged to. */
  private readonly spentRefreshTokens = new Map<string, string>()
  private readonly keys: Array<SigningKey>
  private activeKey = 0
  private readonly imported = new Map<string, Promise<CryptoKey>>()

  constructor(private readonly world: World) {
    this.keys = signingKeys.slice(0, 1)
    this.register()
  }

  /** What a snapshot keeps of authentication: the active key and the spent refresh tokens. */
  saveState(): { readonly activeKey: number; readonly spentRefreshTokens: ReadonlyArray<readonly [string, string]> } {
    return { activeKey: this.activeKey, spentRefreshTokens: [...this.spentRefreshTokens] }
  }

  /** Restore a saved state; sign-ins in flight (pending tokens, codes, device codes) end. */
  restoreState(state: ReturnType<Authenticator["saveState"]>): void {
    this.pending.clear()
    this.codes.clear()
    this.devices.clear()
    this.hostedRequests.clear()
    this.spentRefreshTokens.clear()
    for (const [token, session] of state.spentRefreshTokens) this.spentRefreshTokens.set(token, session)
    this.activeKey = Math.max(0, Math.min(state.activeKey, signingKeys.length - 1))
    while (this.keys.length <= this.activeKey) this.keys.push(signingKeys[this.keys.length]!)
  }

  get issuer(): string {
    return `${this.world.options.baseUrl}/user_management/${this.world.options.clientId}`
  }

  /** Sign new tokens with the next key; the JWKS keeps serving the old one as well. */
  rotateSigningKey(): string {
    if (this.activeKey + 1 >= signingKeys.length) {
      throw new Error("The emulator ships three signing keys; all are in use")
    }
    this.activeKey++
    if (this.keys.length <= this.activeKey) this.keys.push(signingKeys[this.activeKey]!)
    return this.keys[this.activeKey]!.kid
  }

  jwks() {
    return {
      keys: this.keys.map((k) => ({
        alg: "RS256",
        kty: "RSA",
        use: "sig",
        kid: k.kid,
        n: k.privateJwk.n!,
        e: k.privateJwk.e!,
        x5c: [...k.x5c],
        "x5t#S256": k.x5tS256
      }))
    }
  }

  private signingKey(key: SigningKey): Promise<CryptoKey> {
    let found = this.imported.get(key.kid)
    if (!found) {
      found = jose.importJWK(key.privateJwk as jose.JWK, "RS256") as Promise<CryptoKey>
      this.imported.set(key.kid, found)
    }
    return found
  }

  /** An authorization code for a user, as if they had signed in through AuthKit. */
  issueAuthorizationCode(
    options: {
      readonly userId: string
      readonly redirectUri?: string | undefined
      readonly codeChallenge?: string | undefined
      readonly method?: string | undefined
      readonly organizationId?: string | undefined
      readonly impersonator?: { email: string; reason: string | null } | undefined
      readonly completed?: boolean | undefined
    },
    now: number
  ): string {
    this.world.user(options.userId)
    const code = this.world.prng.token(32)
    this.codes.set(code, {
      code,
      userId: options.userId,
      redirectUri: options.redirectUri,
      codeChallenge: options.codeChallenge,
      method: options.impersonator ? "Impersonation" : options.method ?? "GoogleOAuth",
      organizationId: options.organizationId,
      impersonator: options.impersonator,
      completed: options.completed ?? false,
      expiresAt: now + this.world.options.lifetimes.authorizationCode,
      used: false
    })
    return code
  }

  /** Approve or deny a device authorization by its user code. */
  decideDevice(userCode: string, decision: { readonly userId: string } | "deny"): void {
    const device = [...this.devices.values()].find((d) => d.userCode === userCode)
    if (!device) throw new Error(`No device authorization with user code ${userCode}`)
    if (decision === "deny") {
      device.state = "denied"
    } else {
      this.world.user(decision.userId)
      device.state = "approved"
      device.userId = decision.userId
    }
  }

  private register(): void {
    const world = this.world
    world.route("POST", "/user_management/authenticate", (ctx) => this.authenticate(ctx), { authenticated: false })
    world.route("GET", "/sso/jwks/{clientId}", ({ params }) => {
      if (params.clientId !== world.options.clientId) throw notFound(`Client not found: '${params.clientId}'.`)
      return { status: 200, body: this.jwks() }
    }, { authenticated: false })
    world.route("GET", "/user_management/authorize", (ctx) => this.authorize(ctx), { authenticated: false })
    registerHosted(world, this)
    world.route("POST", "/user_management/authorize/device", ({ body: read, now }) => {
      const body = read()
      const clientId = body.string("client_id")
      body.check()
      if (clientId !== world.options.clientId) throw oauthError(400, "invalid_client", "Unknown client_id.")
      const device: DeviceAuthorization = {
        deviceCode: world.prng.token(40),
        userCode: `${world.prng.chars("BCDFGHJKLMNPQRSTVWXZ", 4)}-${world.prng.chars("BCDFGHJKLMNPQRSTVWXZ", 4)}`,
        expiresAt: now + world.options.lifetimes.deviceCode,
        interval: 5,
        lastPollAt: undefined,
        state: "pending",
        userId: undefined
      }
      this.devices.set(device.deviceCode, device)
      const verificationUri = `${world.options.baseUrl}/device`
      return {
        status: 200,
        body: {
          device_code: device.deviceCode,
          user_code: device.userCode,
          verification_uri: verificationUri,
          verification_uri_complete: `${verificationUri}?user_code=${device.userCode}`,
          expires_in: world.options.lifetimes.deviceCode / 1000,
          interval: device.interval
        }
      }
    }, { authenticated: false })
    world.route("POST", "/user_management/radar_challenges", ({ body: read, now }) => {
      const body = read()
      const userId = body.string("user_id")
      const token = body.string("pending_authentication_token")
      const phone = body.string("phone_number")
      body.optionalString("ip_address")
      body.optionalString("user_agent")
      body.check()
      const pending = this.pendingFor(token, now)
      if (pending.userId !== userId) throw codeError(400, "user_mismatch", "The pending token belongs to another user.")
      const verificationId = world.id("radar_verification", now)
      const code = world.prng.digits(6)
      world.radarSms.set(verificationId, { code, phone_number: phone, user_id: userId, used: false })
      world.send({ kind: "radar", to: phone, id: verificationId, userId, code, token: null, url: null }, now)
      return { status: 201, body: { verification_id: verificationId, phone_number: phone } }
    })
  }

  // -------------------------------------------------------------------------

  private authorize({ now, query }: RouteContext): EmulatorResponse {
    const world = this.world
    const clientId = query.get("client_id")
    const redirectUri = query.get("redirect_uri")
    if (clientId !== world.options.clientId) throw new HttpError(400, { message: "Invalid client_id." })
    if (!redirectUri) throw new HttpError(400, { message: "redirect_uri is required." })
    if (query.get("response_type") !== "code") throw new HttpError(400, { message: "response_type must be code." })
    const selectors = ["provider", "connection_id", "organization_id"].filter((k) => query.has(k))
    if (selectors.length !== 1) {
      throw new HttpError(400, { message: "Exactly one of provider, connection_id or organization_id is required." })
    }
    if (query.has("code_challenge") && query.get("code_challenge_method") !== "S256") {
      throw new HttpError(400, { message: "code_challenge_method must be S256." })
    }
    const target = new URL(redirectUri)
    const state = query.get("state")
    if (state !== null) target.searchParams.set("state", state)
    // With `login_hint`, that user "signs in" at once (tests without a browser); without it,
    // the hosted login page asks.
    const loginHint = query.get("login_hint")
    if (loginHint === null) {
      const id = world.prng.token(24)
      const provider = query.get("provider") ?? "SSO"
      this.hostedRequests.set(id, {
        id,
        redirectUri,
        state,
        codeChallenge: query.get("code_challenge") ?? undefined,
        provider,
        organizationId: query.get("organization_id") ?? undefined,
        expiresAt: now + world.options.lifetimes.pendingAuthentication
      })
      return loginPage(this.hostedRequests.get(id)!)
    }
    const user = world.userByEmail(loginHint)
    if (!user) {
      target.searchParams.set("error", "access_denied")
      target.searchParams.set("error_description", "The emulator signs in the user named by login_hint")
      return { status: 302, headers: { location: target.href } }
    }
    const provider = query.get("provider")
    const code = this.issueAuthorizationCode({
      userId: user.id,
      redirectUri,
      codeChallenge: query.get("code_challenge") ?? undefined,
      method: provider === null ? "SSO" : provider === "authkit" ? "Password" : provider,
      organizationId: query.get("organization_id") ?? undefined
    }, now)
    target.searchParams.set("code", code)
    return { status: 302, headers: { location: target.href } }
  }

  // -------------------------------------------------------------------------

  private checkClient(body: Body, secret: "required" | "optional" | "none"): void {
    const clientId = body.optionalString("client_id")
    const clientSecret = body.optionalString("client_secret")
    if (clientId !== this.world.options.clientId) throw oauthError(400, "invalid_client", "Invalid client_id.")
    if (secret === "none") return
    if (clientSecret === undefined) {
      if (secret === "required") throw oauthError(400, "invalid_client", "client_secret is required for this grant.")
      return
    }
    if (clientSecret !== this.world.options.apiKey) throw oauthError(400, "invalid_client", "Invalid client_secret.")
  }

  private pendingFor(token: string, now: number): PendingAuthentication {
    const pending = this.pending.get(token)
    if (!pending || pending.used || pending.expiresAt <= now) {
      throw codeError(400, "invalid_pending_authentication_token", "The pending authentication token is invalid.")
    }
    return pending
  }

  private oneTimeCode(
    record: { used: boolean; expires_at: number; attempts: number; code: string } | undefined,
    code: string,
    now: number
  ) {
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

  /**
   * Run a grant for the hosted login page: the same checks as the API, but a sign-in that
   * completes redirects to the request's `redirect_uri` with a code (`hosted` names it).
   */
  authenticateHosted(
    request: EmulatorRequest,
    fields: Record<string, string>,
    hosted: string,
    now: number
  ): Promise<EmulatorResponse> {
    const body = { ...fields, client_id: this.world.options.clientId, client_secret: this.world.options.apiKey }
    return this.authenticate({
      request,
      params: {},
      query: new URLSearchParams(),
      now,
      body: () => Body.parse(JSON.stringify(body))
    }, hosted)
  }

  private async authenticate(ctx: RouteContext, hosted?: string): Promise<EmulatorResponse> {
    const { now } = ctx
    const body = ctx.body()
    const grant = body.string("grant_type")
    body.check()
    for (const field of ["ip_address", "user_agent", "device_id", "signals_id", "radar_auth_attempt_id"]) {
      body.optionalString(field)
    }
    const client = {
      ipAddress: body.optionalString("ip_address") ?? null,
      userAgent: body.optionalString("user_agent") ?? null
    }

    // An own property only: `grant_type=constructor` is not a grant.
    const handler = Object.hasOwn(this.grants, grant) ? this.grants[grant] : undefined
    if (handler === undefined) throw unprocessable([{ field: "grant_type", code: "invalid_grant_type" }])
    return handler({ body, now, client, hosted })
  }

  /** One small handler per grant type: its checks, then the step it completes. */
  private readonly grants: Readonly<
    Record<string, (grant: GrantContext) => Promise<EmulatorResponse> | EmulatorResponse>
  > = {
    "password": (grant) => this.passwordGrant(grant),
    "authorization_code": (grant) => this.authorizationCodeGrant(grant),
    "refresh_token": (grant) => this.refreshTokenGrant(grant),
    "urn:workos:oauth:grant-type:magic-auth:code": (grant) => this.magicAuthGrant(grant),
    "urn:workos:oauth:grant-type:email-verification:code": (grant) => this.emailVerificationGrant(grant),
    "urn:workos:oauth:grant-type:mfa-totp": (grant) => this.totpGrant(grant),
    "urn:workos:oauth:grant-type:organization-selection": (grant) => this.organizationSelectionGrant(grant),
    "urn:workos:oauth:grant-type:radar-email-challenge:code": (grant) => this.radarEmailGrant(grant),
    "urn:workos:oauth:grant-type:radar-sms-challenge:code": (grant) => this.radarSmsGrant(grant),
    "urn:ietf:params:oauth:grant-type:device_code": (grant) => this.deviceCodeGrant(grant)
  }

  private passwordGrant({ body, now, client, hosted }: GrantContext): Promise<EmulatorResponse> | EmulatorResponse {
    const world = this.world
    this.checkClient(body, "required")
    const email = body.string("email")
    const password = body.string("password")
    const invitationToken = body.optionalString("invitation_token")
    body.check()
    const user = world.userByEmail(email)
    if (!user || !world.checkPassword(user, password)) {
      throw codeError(400, "invalid_credentials", "Invalid credentials.")
    }
    return this.continueSignIn(
      user,
      { method: "Password", passed: new Set(), invitationToken, client, hosted },
      now
    )
  }

  private async authorizationCodeGrant({ body, now, client, hosted }: GrantContext): Promise<EmulatorResponse> {
    const world = this.world
    const code = body.string("code")
    const verifier = body.optionalString("code_verifier")
    const invitationToken = body.optionalString("invitation_token")
    body.check()
    this.checkClient(body, verifier === undefined ? "required" : "optional")
    const record = this.codes.get(code)
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
    return this.continueSignIn(user, {
      method: record.method,
      passed: new Set(record.impersonator || record.completed ? ["radar", "email", "mfa"] : ["radar"]),
      organizationId: record.organizationId,
      impersonator: record.impersonator,
      invitationToken,
      client,
      hosted
    }, now)
  }

  private refreshTokenGrant({ body, now }: GrantContext): Promise<EmulatorResponse> | EmulatorResponse {
    this.checkClient(body, "optional")
    const refreshToken = body.string("refresh_token")
    const organizationId = body.optionalString("organization_id")
    body.check()
    return this.refresh(refreshToken, organizationId, now)
  }

  private magicAuthGrant({ body, now, client, hosted }: GrantContext): Promise<EmulatorResponse> | EmulatorResponse {
    const world = this.world
    this.checkClient(body, "required")
    const code = body.string("code")
    const email = body.string("email")
    const invitationToken = body.optionalString("invitation_token")
    body.check()
    const user = world.userByEmail(email)
    const records = user ? [...world.magicAuths.values()].filter((r) => r.user_id === user.id) : []
    this.oneTimeCode(records.find((r) => r.code === code) ?? records.at(-1), code, now)
    // Receiving the code proves the address.
    user!.email_verified = true
    return this.continueSignIn(
      user!,
      { method: "MagicAuth", passed: new Set(), invitationToken, client, hosted },
      now
    )
  }

  private emailVerificationGrant({ body, now, client }: GrantContext): Promise<EmulatorResponse> | EmulatorResponse {
    const world = this.world
    this.checkClient(body, "required")
    const code = body.string("code")
    const token = body.string("pending_authentication_token")
    body.check()
    const pending = this.pendingFor(token, now)
    const record = pending.emailVerificationId === undefined
      ? undefined
      : world.emailVerifications.get(pending.emailVerificationId)
    this.oneTimeCode(record, code, now)
    const user = world.user(pending.userId)
    user.email_verified = true
    user.updated_at = iso(now)
    return this.resume(pending, "email", {}, now, client)
  }

  private totpGrant({ body, now, client }: GrantContext): Promise<EmulatorResponse> | EmulatorResponse {
    const world = this.world
    this.checkClient(body, "required")
    const code = body.string("code")
    const token = body.string("pending_authentication_token")
    const challengeId = body.string("authentication_challenge_id")
    body.check()
    const pending = this.pendingFor(token, now)
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
    return this.resume(pending, "mfa", {}, now, client)
  }

  private organizationSelectionGrant(
    { body, now, client }: GrantContext
  ): Promise<EmulatorResponse> | EmulatorResponse {
    const world = this.world
    this.checkClient(body, "required")
    const token = body.string("pending_authentication_token")
    const organizationId = body.string("organization_id")
    body.check()
    const pending = this.pendingFor(token, now)
    const member = world.activeMemberships(pending.userId).some((m) => m.organization_id === organizationId)
    if (!member) {
      throw oauthError(400, "organization_membership_not_found", "The user is not a member of this organization.")
    }
    return this.resume(pending, "organization", { organizationId }, now, client)
  }

  private radarEmailGrant({ body, now, client }: GrantContext): Promise<EmulatorResponse> | EmulatorResponse {
    const world = this.world
    this.checkClient(body, "required")
    const code = body.string("code")
    const challengeId = body.string("radar_challenge_id")
    const token = body.string("pending_authentication_token")
    body.check()
    const pending = this.pendingFor(token, now)
    if (pending.radarChallengeId !== challengeId) {
      throw codeError(400, "invalid_one_time_code", "The Radar challenge does not match.")
    }
    this.oneTimeCode(world.radarChallenges.get(challengeId), code, now)
    return this.resume(pending, "radar", {}, now, client)
  }

  private radarSmsGrant({ body, now, client }: GrantContext): Promise<EmulatorResponse> | EmulatorResponse {
    const world = this.world
    this.checkClient(body, "required")
    const code = body.string("code")
    const token = body.string("pending_authentication_token")
    const verificationId = body.optionalString("verification_id")
    const phone = body.optionalString("phone_number")
    body.check()
    const pending = this.pendingFor(token, now)
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
    return this.resume(pending, "radar", {}, now, client)
  }

  private deviceCodeGrant({ body, now, client }: GrantContext): Promise<EmulatorResponse> | EmulatorResponse {
    const world = this.world
    this.checkClient(body, "none")
    const deviceCode = body.string("device_code")
    body.check()
    const device = this.devices.get(deviceCode)
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
    return this.continueSignIn(user, { method: "Password", passed: new Set(["radar"]), client }, now)
  }

  private resume(
    pending: PendingAuthentication,
    step: Step,
    extra: { organizationId?: string },
    now: number,
    client: { ipAddress: string | null; userAgent: string | null }
  ) {
    pending.used = true
    const user = this.world.user(pending.userId)
    return this.continueSignIn(user, {
      method: pending.method,
      passed: new Set([...pending.passed, step]),
      organizationId: extra.organizationId ?? pending.organizationId,
      client,
      hosted: pending.hosted
    }, now)
  }

  private newPending(
    user: UserRecord,
    state: {
      method: string
      passed: ReadonlySet<Step>
      organizationId?: string | undefined
      emailVerificationId?: string | undefined
      radarChallengeId?: string | undefined
      radarKind?: "email" | "sms" | undefined
      hosted?: string | undefined
    },
    now: number
  ): string {
    const token = this.world.prng.token(32)
    this.pending.set(token, {
      token,
      userId: user.id,
      method: state.method,
      passed: state.passed,
      organizationId: state.organizationId,
      emailVerificationId: state.emailVerificationId,
      radarChallengeId: state.radarChallengeId,
      radarKind: state.radarKind,
      hosted: state.hosted,
      expiresAt: now + this.world.options.lifetimes.pendingAuthentication,
      used: false
    })
    return token
  }

  /** Run the remaining steps of a sign-in, in WorkOS's order, then issue the session. */
  private async continueSignIn(
    user: UserRecord,
    state: {
      method: string
      passed: ReadonlySet<Step>
      organizationId?: string | undefined
      invitationToken?: string | undefined
      impersonator?: { email: string; reason: string | null } | undefined
      client: { ipAddress: string | null; userAgent: string | null }
      hosted?: string | undefined
    },
    now: number
  ): Promise<EmulatorResponse> {
    const world = this.world
    let organizationId = state.organizationId

    if (state.invitationToken !== undefined) {
      const invitation = [...world.invitations.values()].find((i) => i.token === state.invitationToken)
      if (!invitation || invitation.state !== "pending" || Date.parse(invitation.expires_at) <= now) {
        throw oauthError(400, "invitation_invalid", "The invitation is invalid or expired.")
      }
      if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
        throw oauthError(400, "invitation_cannot_be_used_for_email", "The invitation is for another email.")
      }
      world.acceptInvitation(invitation, user, now)
      // Accepting an invitation sent to this address proves it.
      user.email_verified = true
      organizationId ??= invitation.organization_id ?? undefined
    }

    if (user.radar !== undefined && state.method === "Password" && !state.passed.has("radar")) {
      if (user.radar === "email") {
        const record = world.emailOneTimeCode(world.radarChallenges, "radar_challenge", "radar", user, 10 * 60_000, now)
        const token = this.newPending(user, { ...state, radarChallengeId: record.id, radarKind: "email" }, now)
        throw codeError(403, "radar_challenge", "Radar requires an email challenge.", {
          pending_authentication_token: token,
          radar_challenge_id: record.id,
          user: userJson(user)
        })
      }
      const token = this.newPending(user, { ...state, radarKind: "sms" }, now)
      throw codeError(403, "radar_sms_sign_in_challenge", "Radar requires an SMS challenge.", {
        pending_authentication_token: token,
        user: userJson(user)
      })
    }

    if (!user.email_verified && !state.passed.has("email")) {
      const verification = world.sendEmailVerification(user, now)
      const token = this.newPending(user, { ...state, organizationId, emailVerificationId: verification.id }, now)
      throw codeError(403, "email_verification_required", "Email ownership must be verified before authentication.", {
        pending_authentication_token: token,
        email: user.email,
        email_verification_id: verification.id,
        user: userJson(user)
      })
    }

    const memberships = world.activeMemberships(user.id)
    const organizations = memberships.flatMap((m) => {
      const org = world.organizations.get(m.organization_id)
      return org ? [org] : []
    })
    const relevant = organizationId === undefined ? organizations : organizations.filter((o) => o.id === organizationId)

    if (state.method !== "SSO" && state.method !== "Impersonation") {
      const sso = relevant.find((o) => o.ssoConnectionIds.length > 0)
      if (sso) {
        const token = this.newPending(user, { ...state, organizationId: sso.id }, now)
        throw oauthError(400, "sso_required", "The user must sign in with SSO.", {
          email: user.email,
          connection_ids: sso.ssoConnectionIds,
          pending_authentication_token: token
        })
      }
      const methodKey: Record<string, string> = {
        Password: "password",
        MagicAuth: "magic_auth",
        GoogleOAuth: "google_oauth",
        MicrosoftOAuth: "microsoft_oauth",
        GitHubOAuth: "github_oauth",
        AppleOAuth: "apple_oauth"
      }
      const restricted = relevant.find((o) =>
        o.allowedAuthMethods !== undefined && !o.allowedAuthMethods.includes(methodKey[state.method] ?? state.method)
      )
      if (restricted) {
        const allowed = new Set(restricted.allowedAuthMethods)
        const token = this.newPending(user, { ...state, organizationId: restricted.id }, now)
        throw oauthError(400, "organization_authentication_methods_required", "Use an allowed method.", {
          email: user.email,
          sso_connection_ids: restricted.ssoConnectionIds,
          auth_methods: Object.fromEntries(
            ["apple_oauth", "github_oauth", "google_oauth", "magic_auth", "microsoft_oauth", "password"].map((m) => [
              m,
              allowed.has(m)
            ])
          ),
          pending_authentication_token: token
        })
      }
    }

    if (!state.passed.has("mfa") && state.method !== "Impersonation") {
      const factors = [...world.factors.values()].filter((f) => f.user_id === user.id)
      if (factors.length > 0) {
        const token = this.newPending(user, { ...state, organizationId }, now)
        throw codeError(403, "mfa_challenge", "The user must complete an MFA challenge.", {
          pending_authentication_token: token,
          authentication_factors: factors.map((f) => ({ id: f.id, type: "totp" })),
          user: userJson(user)
        })
      }
      if (relevant.some((o) => o.requireMfa)) {
        const token = this.newPending(user, { ...state, organizationId }, now)
        throw codeError(403, "mfa_enrollment", "The user must enroll in MFA.", {
          pending_authentication_token: token,
          user: userJson(user)
        })
      }
    }

    if (organizationId === undefined) {
      if (organizations.length > 1) {
        const token = this.newPending(user, { ...state, passed: new Set([...state.passed, "mfa"]) }, now)
        throw codeError(403, "organization_selection_required", "The user must choose an organization.", {
          pending_authentication_token: token,
          organizations: organizations.map((o) => ({ id: o.id, name: o.name })),
          user: userJson(user)
        })
      }
      organizationId = organizations[0]?.id
    } else if (!organizations.some((o) => o.id === organizationId)) {
      throw oauthError(400, "organization_membership_not_found", "The user is not a member of this organization.")
    }

    if (state.hosted !== undefined) return this.hostedRedirect(user, state.hosted, state.method, organizationId, now)
    return this.issueSession(user, { ...state, organizationId }, now)
  }

  /** The hosted sign-in is complete: back to the app with a code (and its `state`). */
  private hostedRedirect(
    user: UserRecord,
    hosted: string,
    method: string,
    organizationId: string | undefined,
    now: number
  ): EmulatorResponse {
    const request = this.hostedRequests.get(hosted)
    if (request === undefined || request.expiresAt <= now) {
      throw new HttpError(400, { message: "The sign-in request has expired; start again from the app." })
    }
    this.hostedRequests.delete(hosted)
    const code = this.issueAuthorizationCode({
      userId: user.id,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      method,
      organizationId,
      completed: true
    }, now)
    const target = new URL(request.redirectUri)
    target.searchParams.set("code", code)
    if (request.state !== null) target.searchParams.set("state", request.state)
    return { status: 302, headers: { location: target.href } }
  }

  private async issueSession(
    user: UserRecord,
    state: {
      method: string
      organizationId: string | undefined
      impersonator?: { email: string; reason: string | null } | undefined
      client: { ipAddress: string | null; userAgent: string | null }
    },
    now: number
  ): Promise<EmulatorResponse> {
    const world = this.world
    const at = iso(now)
    const session: SessionRecord = {
      seq: world.nextSeq(),
      id: world.id("session", now),
      user_id: user.id,
      organization_id: state.organizationId,
      ip_address: state.client.ipAddress,
      user_agent: state.client.userAgent,
      auth_method: sessionAuthMethod[state.method] ?? (state.method.endsWith("OAuth") ? "oauth" : "unknown"),
      authenticationMethod: state.method,
      status: "active",
      expires_at: now + world.options.lifetimes.session,
      ended_at: null,
      created_at: at,
      updated_at: at,
      impersonator: state.impersonator,
      refreshToken: world.prng.token(40)
    }
    world.sessions.set(session.id, session)
    if (!state.impersonator) user.last_sign_in_at = at
    const type = state.method === "Password"
      ? "password"
      : state.method === "MagicAuth"
      ? "magic_auth"
      : state.method === "SSO"
      ? "sso"
      : state.method.endsWith("OAuth")
      ? "oauth"
      : undefined
    if (type !== undefined) {
      world.emit(
        `authentication.${type}_succeeded`,
        {
          type,
          status: "succeeded",
          ip_address: state.client.ipAddress,
          user_agent: state.client.userAgent,
          user_id: user.id,
          email: user.email,
          ...(type === "sso"
            ? { sso: { organization_id: state.organizationId ?? null, connection_id: null, session_id: null } }
            : {})
        },
        now,
        state.organizationId ?? null
      )
    }
    world.emit("session.created", world.sessionJson(session, now), now, session.organization_id ?? null)
    return this.tokenResponse(user, session, now)
  }

  private async tokenResponse(user: UserRecord, session: SessionRecord, now: number): Promise<EmulatorResponse> {
    return {
      status: 200,
      body: {
        user: userJson(user),
        ...(session.organization_id ? { organization_id: session.organization_id } : {}),
        access_token: await this.accessToken(user, session, now),
        refresh_token: session.refreshToken,
        authentication_method: session.authenticationMethod,
        ...(session.impersonator ? { impersonator: session.impersonator } : {})
      }
    }
  }

  private async refresh(refreshToken: string, organizationId: string | undefined, now: number) {
    const world = this.world
    if (this.spentRefreshTokens.has(refreshToken)) {
      throw oauthError(400, "invalid_grant", "The refresh token has already been exchanged.")
    }
    const session = [...world.sessions.values()].find((s) => s.refreshToken === refreshToken)
    if (!session) throw oauthError(400, "invalid_grant", "The refresh token is invalid.")
    if (session.status !== "active" || session.expires_at <= now) {
      throw oauthError(400, "invalid_grant", "The session has ended.")
    }
    const user = world.user(session.user_id)
    if (organizationId !== undefined) {
      world.organization(organizationId)
      if (!world.activeMemberships(user.id).some((m) => m.organization_id === organizationId)) {
        throw oauthError(400, "organization_membership_not_found", "The user is not a member of this organization.")
      }
      session.organization_id = organizationId
    }
    this.spentRefreshTokens.set(refreshToken, session.id)
    session.refreshToken = world.prng.token(40)
    session.updated_at = iso(now)
    return this.tokenResponse(user, session, now)
  }

  private async accessToken(user: UserRecord, session: SessionRecord, now: number): Promise<string> {
    const world = this.world
    const membership = session.organization_id
      ? world.activeMemberships(user.id).find((m) => m.organization_id === session.organization_id)
      : undefined
    const roles = membership?.role_slugs ?? []
    const permissions = [...new Set(roles.flatMap((slug) => world.role(slug)?.permissions ?? []))]
    const flags = [...world.featureFlags.values()].filter((f) =>
      f.enabled && (f.userIds.includes(user.id) ||
        (session.organization_id !== undefined && f.organizationIds.includes(session.organization_id)))
    )
    const key = this.keys[this.activeKey]!
    const issuedAt = Math.floor(now / 1000)
    return new jose.SignJWT({
      sid: session.id,
      ...(session.organization_id ? { org_id: session.organization_id } : {}),
      ...(membership ? { role: roles[0], roles, permissions } : {}),
      ...(flags.length > 0 ? { feature_flags: flags.map((f) => f.slug) } : {}),
      ...(session.impersonator ? { act: { sub: session.impersonator.email } } : {})
    })
      .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" })
      .setIssuer(this.issuer)
      .setSubject(user.id)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + Math.floor(world.options.lifetimes.accessToken / 1000))
      .setJti(world.prng.ulid(now))
      .sign(await this.signingKey(key))
  }
}
