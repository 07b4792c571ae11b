/**
 * The emulated WorkOS environment: the state (one table per kind of record), the helpers
 * that more than one area needs, and the route table (served by `app.ts` as an
 * `HttpRouter`). Each area's routes are in `routes/`; authentication is in
 * `authenticate.ts`.
 *
 * @internal
 */
import bcrypt from "bcryptjs"
import type * as Schema from "effect/Schema"
import { createHash } from "node:crypto"
import {
  type ApiKeyRecord,
  type ChallengeRecord,
  type EmailChangeRecord,
  type EmulatorRequest,
  type EmulatorResponse,
  type FactorRecord,
  type FeatureFlagRecord,
  type InvitationRecord,
  iso,
  type MembershipRecord,
  notFound,
  ok,
  type OneTimeCodeRecord,
  OrderedTable,
  type OrganizationRecord,
  type OutboxMessage,
  type PasswordResetRecord,
  Prng,
  type SessionRecord,
  type SimpleRecord,
  type UserRecord
} from "./core.js"
import { EventLog } from "./events.js"
import { registerEnvironment } from "./routes/environment.js"
import { registerFactors } from "./routes/factors.js"
import { registerInvitations } from "./routes/invitations.js"
import { registerMemberships } from "./routes/memberships.js"
import { registerOneTimeCodes } from "./routes/oneTimeCodes.js"
import { registerOrganizations } from "./routes/organizations.js"
import { registerSessions } from "./routes/sessions.js"
import { registerUsers } from "./routes/users.js"
import { invitationJson, oneTimeJson, organizationJson, sessionJson, userJson } from "./wire.js"

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/** How long things live, in milliseconds. @internal */
export interface Lifetimes {
  readonly accessToken: number
  readonly session: number
  readonly magicAuth: number
  readonly emailVerification: number
  readonly passwordReset: number
  readonly pendingAuthentication: number
  readonly authorizationCode: number
  readonly deviceCode: number
}

/** @internal */
export const defaultLifetimes: Lifetimes = {
  accessToken: 5 * MINUTE,
  session: 30 * DAY,
  magicAuth: 10 * MINUTE,
  emailVerification: 10 * MINUTE,
  passwordReset: 60 * MINUTE,
  pendingAuthentication: 10 * MINUTE,
  authorizationCode: 10 * MINUTE,
  deviceCode: 5 * MINUTE
}

/** The connection of an emulator made with these options, the defaults filled in. @internal */
export const connectionOf = (
  options: {
    readonly apiKey?: string | undefined
    readonly clientId?: string | undefined
    readonly baseUrl?: string | undefined
  }
) => ({
  apiKey: options.apiKey ?? "sk_test_emulator",
  clientId: options.clientId ?? "client_emulator",
  baseUrl: options.baseUrl ?? "https://api.workos.com"
})

/** WorkOS's documented AuthKit limits. @internal */
export const documentedRateLimits = {
  reads: { limit: 1000, windowMillis: 10_000 },
  writes: { limit: 500, windowMillis: 10_000 }
} as const

/** A role of the environment and the permissions it grants. @internal */
export interface RoleDefinition {
  readonly slug: string
  readonly permissions: ReadonlyArray<string>
}

/** @internal */
export interface WorldOptions {
  readonly seed: string | number
  readonly apiKey: string
  readonly clientId: string
  readonly baseUrl: string
  readonly lifetimes: Lifetimes
  readonly roles: ReadonlyArray<RoleDefinition>
  readonly multipleRoles: boolean
  /** Keep about the last N events (see the emulator's `history` option). */
  readonly history?: number | undefined
}

/** @internal */
export interface RouteContext {
  readonly request: EmulatorRequest
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  readonly now: number
  /** The request body decoded by the route's schema; a 422 naming each bad field otherwise. */
  body<A, I>(schema: Schema.Schema<A, I>): A
}

type Handler = (ctx: RouteContext) => EmulatorResponse | Promise<EmulatorResponse>

/** @internal */
export interface Route {
  readonly method: string
  /** The path, with `{name}` for each parameter. */
  readonly template: string
  /** Whether it needs the API key (URL-builder and device endpoints do not). */
  readonly authenticated: boolean
  readonly write: boolean
  readonly handler: Handler
}

/** @internal */
export class World {
  readonly prng: Prng
  /** The id counter (a snapshot saves and restores it). */
  seq = 0
  readonly users = new OrderedTable<UserRecord>()
  /**
   * Lowercased email and external id → user id, so a create checks them in constant time
   * (a bulk import of n users was O(n²) with scans). Entries can go stale when a user is
   * deleted or changes email; lookups check the record, and every write of `email` or
   * `external_id` re-indexes it.
   */
  readonly userIdByEmail = new Map<string, string>()
  readonly userIdByExternalId = new Map<string, string>()
  readonly organizations = new Map<string, OrganizationRecord>()
  readonly memberships = new Map<string, MembershipRecord>()
  readonly invitations = new Map<string, InvitationRecord>()
  readonly magicAuths = new Map<string, OneTimeCodeRecord>()
  readonly emailVerifications = new Map<string, OneTimeCodeRecord>()
  readonly passwordResets = new Map<string, PasswordResetRecord>()
  readonly emailChanges = new Map<string, EmailChangeRecord>()
  readonly factors = new Map<string, FactorRecord>()
  readonly challenges = new Map<string, ChallengeRecord>()
  readonly sessions = new Map<string, SessionRecord>()
  readonly apiKeys = new Map<string, ApiKeyRecord>()
  readonly featureFlags = new Map<string, FeatureFlagRecord>()
  readonly groups = new Map<string, SimpleRecord & { organization_id: string; membershipIds: Array<string> }>()
  readonly authorizedApplications = new Map<string, SimpleRecord & { user_id: string }>()
  readonly connectedAccounts = new Map<string, SimpleRecord>()
  readonly dataProviders: Array<SimpleRecord> = []
  readonly corsOrigins = new Map<string, SimpleRecord>()
  readonly redirectUris = new Map<string, SimpleRecord>()
  readonly radarChallenges = new Map<string, OneTimeCodeRecord>()
  readonly radarSms = new Map<string, { code: string; phone_number: string; user_id: string; used: boolean }>()
  jwtTemplate: { content: string; created_at: string; updated_at: string } | undefined
  readonly outbox: Array<OutboxMessage> = []
  /** Every event, oldest first, and the webhook endpoints they are delivered to. */
  readonly eventLog: EventLog
  readonly routes: Array<Route> = []

  constructor(readonly options: WorldOptions) {
    this.prng = new Prng(options.seed)
    this.eventLog = new EventLog(options.history)
    this.registerRoutes()
  }

  // -------------------------------------------------------------------------
  // Helpers
  // -------------------------------------------------------------------------

  nextSeq(): number {
    return ++this.seq
  }

  id(prefix: string, now: number): string {
    return `${prefix}_${this.prng.ulid(now)}`
  }

  /** Record an event, as WorkOS does for every change it makes. */
  emit(event: string, data: Record<string, unknown>, now: number, organizationId: string | null = null): void {
    this.eventLog.record({ id: this.id("event", now), event, data, at: now, organizationId })
  }

  /** The event payload of a one-time code: the code itself never appears in events. */
  private oneTimeEvent(object: string, record: OneTimeCodeRecord) {
    const { code: _code, ...rest } = oneTimeJson(object, record)
    return rest
  }

  /** Called after each message is sent (the control plane's `outbox/wait`). */
  readonly sendListeners = new Set<(message: OutboxMessage) => void>()

  send(message: Omit<OutboxMessage, "sentAt">, now: number): void {
    const sent = { ...message, sentAt: iso(now) }
    this.outbox.push(sent)
    for (const listener of this.sendListeners) listener(sent)
  }

  hashPassword(password: string): string {
    // Cost 4 keeps the emulator fast; it is a test double, not a password store.
    return bcrypt.hashSync(password, 4)
  }

  /**
   * Checked (hash, password digest) pairs and their answer. bcrypt is deliberately slow
   * (1.5 ms at cost 4) and an imported user base often shares a few hashes; a test that
   * signs in thousands of users pays for each distinct pair once. The password is kept
   * only as its SHA-256 digest; the memo is cleared when it holds 10,000 pairs.
   */
  private readonly checked = new Map<string, boolean>()

  checkPassword(user: UserRecord, password: string): boolean {
    const hash = user.passwordHash
    if (hash === undefined || !hash.startsWith("$2")) return false
    const key = `${hash}\0${createHash("sha256").update(password).digest("base64")}`
    let matches = this.checked.get(key)
    if (matches === undefined) {
      matches = bcrypt.compareSync(password, hash)
      if (this.checked.size >= 10_000) this.checked.clear()
      this.checked.set(key, matches)
    }
    return matches
  }

  role(slug: string): RoleDefinition | undefined {
    return this.options.roles.find((r) => r.slug === slug)
  }

  user(id: string): UserRecord {
    const user = this.users.get(id)
    if (!user) throw notFound(`User not found: '${id}'.`)
    return user
  }

  userByEmail(email: string): UserRecord | undefined {
    const lower = email.toLowerCase()
    const user = this.users.get(this.userIdByEmail.get(lower) ?? "")
    return user !== undefined && user.email.toLowerCase() === lower ? user : undefined
  }

  userByExternalId(externalId: string): UserRecord | undefined {
    const user = this.users.get(this.userIdByExternalId.get(externalId) ?? "")
    return user !== undefined && user.external_id === externalId ? user : undefined
  }

  /** Record a user's current email and external id in the lookup indexes. */
  indexUser(user: UserRecord): void {
    this.userIdByEmail.set(user.email.toLowerCase(), user.id)
    if (user.external_id) this.userIdByExternalId.set(user.external_id, user.id)
  }

  organization(id: string): OrganizationRecord {
    const org = this.organizations.get(id)
    if (!org) throw notFound(`Organization not found: '${id}'.`)
    return org
  }

  activeMemberships(userId: string): Array<MembershipRecord> {
    return [...this.memberships.values()].filter((m) => m.user_id === userId && m.status === "active")
  }

  createUser(
    fields: {
      email: string
      first_name?: string | null | undefined
      last_name?: string | null | undefined
      name?: string | null | undefined
      email_verified?: boolean | undefined
      external_id?: string | null | undefined
      metadata?: Record<string, string> | null | undefined
      locale?: string | null | undefined
      passwordHash?: string | undefined
      radar?: "email" | "sms" | undefined
    },
    now: number
  ): UserRecord {
    const at = iso(now)
    const user: UserRecord = {
      seq: this.nextSeq(),
      id: this.id("user", now),
      email: fields.email,
      first_name: fields.first_name ?? null,
      last_name: fields.last_name ?? null,
      name: fields.name ?? null,
      profile_picture_url: null,
      email_verified: fields.email_verified ?? false,
      external_id: fields.external_id ?? null,
      metadata: fields.metadata ?? {},
      last_sign_in_at: null,
      locale: fields.locale ?? null,
      created_at: at,
      updated_at: at,
      passwordHash: fields.passwordHash,
      identities: [],
      radar: fields.radar
    }
    this.users.set(user.id, user)
    this.indexUser(user)
    this.emit("user.created", userJson(user), now)
    return user
  }

  createOrganization(
    fields: {
      id?: string | undefined
      name: string
      domains?: ReadonlyArray<string | { domain: string; state: "pending" | "verified" }> | undefined
      metadata?: Record<string, string> | undefined
      external_id?: string | null | undefined
      allow_profiles_outside_organization?: boolean | undefined
      ssoConnectionIds?: ReadonlyArray<string> | undefined
      requireMfa?: boolean | undefined
      allowedAuthMethods?: ReadonlyArray<string> | undefined
    },
    now: number
  ): OrganizationRecord {
    const at = iso(now)
    const org: OrganizationRecord = {
      seq: this.nextSeq(),
      id: fields.id ?? this.id("org", now),
      name: fields.name,
      domains: (fields.domains ?? []).map((d) => typeof d === "string" ? { domain: d, state: "verified" } : { ...d }),
      metadata: { ...fields.metadata },
      external_id: fields.external_id ?? null,
      stripe_customer_id: undefined,
      allow_profiles_outside_organization: fields.allow_profiles_outside_organization ?? false,
      ssoConnectionIds: [...(fields.ssoConnectionIds ?? [])],
      requireMfa: fields.requireMfa ?? false,
      allowedAuthMethods: fields.allowedAuthMethods === undefined ? undefined : [...fields.allowedAuthMethods],
      created_at: at,
      updated_at: at
    }
    this.organizations.set(org.id, org)
    this.emit("organization.created", organizationJson(org), now, org.id)
    return org
  }

  createMembership(
    userId: string,
    organizationId: string,
    roleSlugs: ReadonlyArray<string>,
    status: MembershipRecord["status"],
    now: number
  ): MembershipRecord {
    const at = iso(now)
    const membership: MembershipRecord = {
      seq: this.nextSeq(),
      id: this.id("om", now),
      user_id: userId,
      organization_id: organizationId,
      status,
      role_slugs: [...roleSlugs],
      created_at: at,
      updated_at: at
    }
    this.memberships.set(membership.id, membership)
    this.emit("organization_membership.created", this.membershipEvent(membership), now, organizationId)
    return membership
  }

  /** A membership as its events carry it (without the nested user). */
  membershipEvent(m: MembershipRecord) {
    const { user: _user, ...rest } = this.membershipJson(m)
    return rest
  }

  /** Delete a membership and say so. */
  deleteMembership(m: MembershipRecord, now: number): void {
    this.memberships.delete(m.id)
    this.emit("organization_membership.deleted", this.membershipEvent(m), now, m.organization_id)
  }

  /** A membership changed. */
  membershipUpdated(m: MembershipRecord, now: number): void {
    m.updated_at = iso(now)
    this.emit("organization_membership.updated", this.membershipEvent(m), now, m.organization_id)
  }

  membershipJson(m: MembershipRecord) {
    const org = this.organizations.get(m.organization_id)
    const user = this.users.get(m.user_id)
    return {
      object: "organization_membership",
      id: m.id,
      user_id: m.user_id,
      organization_id: m.organization_id,
      organization_name: org?.name ?? "",
      status: m.status,
      directory_managed: false,
      custom_attributes: {},
      role: { slug: m.role_slugs[0] ?? "member" },
      roles: m.role_slugs.map((slug) => ({ slug })),
      ...(user ? { user: userJson(user) } : {}),
      created_at: m.created_at,
      updated_at: m.updated_at
    }
  }

  createChallenge(factorId: string, now: number): ChallengeRecord {
    const challenge = {
      id: this.id("auth_challenge", now),
      factor_id: factorId,
      expires_at: now + 5 * MINUTE,
      created_at: now,
      used: false
    }
    this.challenges.set(challenge.id, challenge)
    return challenge
  }

  /** Create a one-time code for `user` and email it (every caller sends it at once). */
  emailOneTimeCode(
    store: Map<string, OneTimeCodeRecord>,
    prefix: string,
    kind: OutboxMessage["kind"],
    user: UserRecord,
    lifetime: number,
    now: number
  ): OneTimeCodeRecord {
    const record: OneTimeCodeRecord = {
      seq: this.nextSeq(),
      id: this.id(prefix, now),
      user_id: user.id,
      email: user.email,
      code: this.prng.digits(6),
      expires_at: now + lifetime,
      created_at: now,
      updated_at: now,
      used: false,
      attempts: 0
    }
    store.set(record.id, record)
    if (prefix === "email_verification" || prefix === "magic_auth") {
      this.emit(`${prefix}.created`, this.oneTimeEvent(prefix, record), now)
    }
    this.send({ kind, to: user.email, id: record.id, userId: user.id, code: record.code, token: null, url: null }, now)
    return record
  }

  sendEmailVerification(user: UserRecord, now: number): OneTimeCodeRecord {
    return this.emailOneTimeCode(
      this.emailVerifications,
      "email_verification",
      "email_verification",
      user,
      this.options.lifetimes.emailVerification,
      now
    )
  }

  revokeUserSessions(userId: string, now: number): void {
    for (const session of this.sessions.values()) {
      if (session.user_id === userId && session.status === "active") this.revokeSession(session, now)
    }
  }

  revokeSession(session: SessionRecord, now: number): void {
    session.status = "revoked"
    session.ended_at = iso(now)
    session.updated_at = iso(now)
    this.emit("session.revoked", sessionJson(session, now), now, session.organization_id ?? null)
  }

  deleteUser(userId: string, now: number): void {
    const user = this.user(userId)
    for (const m of [...this.memberships.values()]) if (m.user_id === userId) this.deleteMembership(m, now)
    this.users.delete(userId)
    this.emit("user.deleted", userJson(user), now)
    for (const [id, s] of this.sessions) if (s.user_id === userId) this.sessions.delete(id)
    for (const [id, f] of this.factors) if (f.user_id === userId) this.factors.delete(id)
    for (const [id, k] of this.apiKeys) if (k.user_id === userId) this.apiKeys.delete(id)
  }

  // -------------------------------------------------------------------------
  // Routing
  // -------------------------------------------------------------------------

  route(
    method: string,
    template: string,
    handler: Handler,
    options: { authenticated?: boolean; write?: boolean } = {}
  ): void {
    this.routes.push({
      method,
      template,
      authenticated: options.authenticated ?? true,
      write: options.write ?? method !== "GET",
      handler
    })
  }

  private registerRoutes(): void {
    this.registerEvents()
    registerUsers(this)
    registerOrganizations(this)
    registerMemberships(this)
    registerInvitations(this)
    registerOneTimeCodes(this)
    registerFactors(this)
    registerSessions(this)
    registerEnvironment(this)
  }

  // -------------------------------------------------------------------------
  // Events and webhook endpoints
  // -------------------------------------------------------------------------

  /** Register a webhook endpoint; every later event it subscribes to is delivered to it. */
  addWebhookEndpoint(
    endpoint: {
      readonly url: string
      readonly secret?: string | undefined
      readonly events?: ReadonlyArray<string> | undefined
    },
    now: number
  ) {
    const record = {
      id: this.id("we", now),
      url: endpoint.url,
      secret: endpoint.secret ?? this.prng.token(24),
      events: endpoint.events === undefined ? undefined : [...endpoint.events],
      createdAt: now
    }
    this.eventLog.endpoints.set(record.id, record)
    return record
  }

  private registerEvents(): void {
    this.route("GET", "/events", ({ query }) => ok(this.eventLog.list(query)))
  }

  // -------------------------------------------------------------------------
  // Shared by routes and authentication
  // -------------------------------------------------------------------------

  acceptInvitation(invitation: InvitationRecord, user: UserRecord | undefined, now: number): void {
    invitation.state = "accepted"
    invitation.accepted_at = iso(now)
    invitation.updated_at = iso(now)
    if (user) {
      invitation.accepted_user_id = user.id
      if (invitation.organization_id) {
        const existing = [...this.memberships.values()].find((m) =>
          m.user_id === user.id && m.organization_id === invitation.organization_id
        )
        if (existing) {
          existing.status = "active"
          this.membershipUpdated(existing, now)
        } else {
          this.createMembership(user.id, invitation.organization_id, [invitation.role_slug ?? "member"], "active", now)
        }
      }
    }
    this.emit("invitation.accepted", this.invitationEvent(invitation, now), now, invitation.organization_id)
  }

  /** An invitation as its events carry it: without its token and acceptance URL. */
  invitationEvent(i: InvitationRecord, now: number) {
    const { token: _token, accept_invitation_url: _url, ...rest } = invitationJson(i, now)
    return rest
  }

  enrollTotp(user: UserRecord, issuer: string, account: string, secret: string | undefined, now: number) {
    const at = iso(now)
    const factor: FactorRecord = {
      seq: this.nextSeq(),
      id: this.id("auth_factor", now),
      user_id: user.id,
      issuer,
      user: account,
      secret: secret ?? this.prng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32),
      created_at: at,
      updated_at: at
    }
    this.factors.set(factor.id, factor)
    return factor
  }
}
