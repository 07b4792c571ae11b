/**
 * Sessions and their tokens: the signing keys and JWKS, access tokens signed with jose,
 * refresh tokens (single use: a spent one is refused).
 *
 * @internal
 */
import * as jose from "jose"
import { type EmulatorResponse, iso, oauthError, type SessionRecord, type UserRecord } from "./core.js"
import { type SigningKey, signingKeys } from "./keys.js"
import { sessionJson, userJson } from "./wire.js"
import type { World } from "./world.js"

/** The client a sign-in came from. @internal */
export interface Client {
  readonly ipAddress: string | null
  readonly userAgent: string | null
}

const sessionAuthMethod: Record<string, string> = {
  Password: "password",
  MagicAuth: "magic_code",
  SSO: "sso",
  Impersonation: "impersonation",
  Passkey: "passkey"
}

/** @internal */
export class Tokens {
  private readonly keys: Array<SigningKey> = signingKeys.slice(0, 1)
  private activeKey = 0
  private readonly imported = new Map<string, Promise<CryptoKey>>()
  /** Refresh tokens already exchanged, and the session they belonged to. */
  private readonly spentRefreshTokens = new Map<string, string>()

  constructor(private readonly world: World) {}

  /** What a snapshot keeps: the active key and the spent refresh tokens. */
  saveState(): { readonly activeKey: number; readonly spentRefreshTokens: ReadonlyArray<readonly [string, string]> } {
    return { activeKey: this.activeKey, spentRefreshTokens: [...this.spentRefreshTokens] }
  }

  restoreState(state: ReturnType<Tokens["saveState"]>): void {
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
  async issueSession(
    user: UserRecord,
    state: {
      method: string
      organizationId: string | undefined
      impersonator?: { email: string; reason: string | null } | undefined
      client: Client
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
    world.emit("session.created", sessionJson(session, now), now, session.organization_id ?? null)
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
  async refresh(refreshToken: string, organizationId: string | undefined, now: number) {
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
