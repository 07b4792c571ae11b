/**
 * Authentication's routes: `POST /user_management/authenticate` (its ten grants are in
 * `grants.ts`, the steps between them in `signIn.ts`, tokens in `tokens.ts`), the JWKS,
 * `/user_management/authorize` (and the hosted login page), device authorization and
 * Radar SMS challenges.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Body from "./body.js"
import {
  codeError,
  type EmulatorRequest,
  type EmulatorResponse,
  HttpError,
  notFound,
  oauthError,
  unprocessable
} from "./core.js"
import { type DeviceAuthorization, grants, type Parts } from "./grants.js"
import { loginPage, registerHosted } from "./hosted.js"
import { type HostedRequest, SignIns } from "./signIn.js"
import { Tokens } from "./tokens.js"
import type { RouteContext, World } from "./world.js"

export type { HostedRequest }

/** What every grant's body has: the grant type and the client's signals. */
const AuthenticateBody = Schema.Struct({
  grant_type: Body.string,
  ip_address: Body.optionalString,
  user_agent: Body.optionalString,
  device_id: Body.optionalString,
  signals_id: Body.optionalString,
  radar_auth_attempt_id: Body.optionalString
})

/** @internal */
export class Authenticator implements Parts {
  readonly tokens: Tokens
  readonly signIns: SignIns
  readonly devices = new Map<string, DeviceAuthorization>()

  constructor(readonly world: World) {
    this.tokens = new Tokens(world)
    this.signIns = new SignIns(world, this.tokens)
    this.register()
  }

  /** Authorization requests the hosted login page is answering, by id. */
  get hostedRequests(): Map<string, HostedRequest> {
    return this.signIns.hostedRequests
  }

  /** What a snapshot keeps of authentication: the active key and the spent refresh tokens. */
  saveState(): ReturnType<Tokens["saveState"]> {
    return this.tokens.saveState()
  }

  /** Restore a saved state; sign-ins in flight (pending tokens, codes, device codes) end. */
  restoreState(state: ReturnType<Tokens["saveState"]>): void {
    this.signIns.clear()
    this.devices.clear()
    this.tokens.restoreState(state)
  }

  /** Sign new tokens with the next key; the JWKS keeps serving the old one as well. */
  rotateSigningKey(): string {
    return this.tokens.rotateSigningKey()
  }

  /** An authorization code for a user, as if they had signed in through AuthKit. */
  issueAuthorizationCode(options: Parameters<SignIns["issueAuthorizationCode"]>[0], now: number): string {
    return this.signIns.issueAuthorizationCode(options, now)
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
      return { status: 200, body: this.tokens.jwks() }
    }, { authenticated: false })
    world.route("GET", "/user_management/authorize", (ctx) => this.authorize(ctx), { authenticated: false })
    registerHosted(world, this)
    const DeviceAuthorizationBody = Schema.Struct({ client_id: Body.string })
    world.route("POST", "/user_management/authorize/device", ({ body: decode, now }) => {
      const { client_id: clientId } = decode(DeviceAuthorizationBody)
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
    const RadarChallengeBody = Schema.Struct({
      user_id: Body.string,
      pending_authentication_token: Body.string,
      phone_number: Body.string,
      ip_address: Body.optionalString,
      user_agent: Body.optionalString
    })
    world.route("POST", "/user_management/radar_challenges", ({ body: decode, now }) => {
      const {
        user_id: userId,
        pending_authentication_token: token,
        phone_number: phone
      } = decode(RadarChallengeBody)
      const pending = this.signIns.pendingFor(token, now)
      if (pending.userId !== userId) throw codeError(400, "user_mismatch", "The pending token belongs to another user.")
      const verificationId = world.id("radar_verification", now)
      const code = world.prng.digits(6)
      world.radarSms.set(verificationId, { code, phone_number: phone, user_id: userId, used: false })
      world.send({ kind: "radar", to: phone, id: verificationId, userId, code, token: null, url: null }, now)
      return { status: 201, body: { verification_id: verificationId, phone_number: phone } }
    })
  }
  private authorize({ now, query }: RouteContext): EmulatorResponse {
    const world = this.world
    const clientId = query.get("client_id")
    const redirectUri = query.get("redirect_uri")
    if (clientId !== world.options.clientId) throw new HttpError(400, { message: "Invalid client_id." })
    if (!redirectUri) throw new HttpError(400, { message: "redirect_uri is required." })
    // Once the environment lists redirect URIs (POST /user_management/redirect_uris), only
    // those are followed, as in WorkOS; an environment without any accepts every one.
    const allowed = [...world.redirectUris.values()].map((r) => r.uri)
    if (allowed.length > 0 && !allowed.includes(redirectUri)) {
      throw new HttpError(400, {
        message: `redirect_uri is not one of the environment's redirect URIs: ${redirectUri}`
      })
    }
    let target: URL
    try {
      target = new URL(redirectUri)
    } catch {
      throw new HttpError(400, { message: "redirect_uri is not a URL." })
    }
    if (query.get("response_type") !== "code") throw new HttpError(400, { message: "response_type must be code." })
    const selectors = ["provider", "connection_id", "organization_id"].filter((k) => query.has(k))
    if (selectors.length !== 1) {
      throw new HttpError(400, { message: "Exactly one of provider, connection_id or organization_id is required." })
    }
    if (query.has("code_challenge") && query.get("code_challenge_method") !== "S256") {
      throw new HttpError(400, { message: "code_challenge_method must be S256." })
    }
    const state = query.get("state")
    if (state !== null) target.searchParams.set("state", state)
    // With `login_hint`, that user "signs in" at once (tests without a browser); without it,
    // the hosted login page asks.
    const loginHint = query.get("login_hint")
    if (loginHint === null) {
      const id = world.prng.token(24)
      const provider = query.get("provider") ?? "SSO"
      this.signIns.hostedRequests.set(id, {
        id,
        redirectUri,
        state,
        codeChallenge: query.get("code_challenge") ?? undefined,
        provider,
        organizationId: query.get("organization_id") ?? undefined,
        expiresAt: now + world.options.lifetimes.pendingAuthentication
      })
      return loginPage(this.signIns.hostedRequests.get(id)!)
    }
    const user = world.userByEmail(loginHint)
    if (!user) {
      target.searchParams.set("error", "access_denied")
      target.searchParams.set("error_description", "The emulator signs in the user named by login_hint")
      return { status: 302, headers: { location: target.href } }
    }
    const provider = query.get("provider")
    const code = this.signIns.issueAuthorizationCode({
      userId: user.id,
      redirectUri,
      codeChallenge: query.get("code_challenge") ?? undefined,
      method: provider === null ? "SSO" : provider === "authkit" ? "Password" : provider,
      organizationId: query.get("organization_id") ?? undefined
    }, now)
    target.searchParams.set("code", code)
    return { status: 302, headers: { location: target.href } }
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
      body: (schema) => Body.decode(schema, body)
    }, hosted)
  }
  private async authenticate(ctx: RouteContext, hosted?: string): Promise<EmulatorResponse> {
    const { now } = ctx
    const common = ctx.body(AuthenticateBody)
    const grant = common.grant_type
    const client = { ipAddress: common.ip_address ?? null, userAgent: common.user_agent ?? null }

    // An own property only: `grant_type=constructor` is not a grant.
    const handler = Object.hasOwn(grants, grant) ? grants[grant] : undefined
    if (handler === undefined) throw unprocessable([{ field: "grant_type", code: "invalid_grant_type" }])
    return handler(this, { body: ctx.body, now, client, hosted })
  }
}
