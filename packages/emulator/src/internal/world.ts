/**
 * The emulated WorkOS environment: all state, and a handler for every operation.
 *
 * @internal
 */
import bcrypt from "bcryptjs"
import {
  type ApiKeyRecord,
  type Body,
  type ChallengeRecord,
  codeError,
  type EmailChangeRecord,
  type EmulatorRequest,
  type EmulatorResponse,
  type FactorRecord,
  type FeatureFlagRecord,
  HttpError,
  type InvitationRecord,
  isEmail,
  iso,
  type MembershipRecord,
  notFound,
  type OneTimeCodeRecord,
  oneTimeJson,
  OrderedTable,
  type OrganizationRecord,
  type OutboxMessage,
  paginate,
  type PasswordResetRecord,
  Prng,
  type SessionRecord,
  type SimpleRecord,
  unprocessable,
  userJson,
  type UserRecord
} from "./core.js"
import { EventLog } from "./events.js"

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
  body(): Body
}

type Handler = (ctx: RouteContext) => EmulatorResponse | Promise<EmulatorResponse>

/** @internal */
export interface Route {
  readonly method: string
  readonly template: string
  readonly pattern: RegExp
  readonly names: ReadonlyArray<string>
  /** Whether it needs the API key (URL-builder and device endpoints do not). */
  readonly authenticated: boolean
  readonly write: boolean
  readonly handler: Handler
}

const ok = (body: unknown, status = 200): EmulatorResponse => ({ status, body })
const empty = (status = 200): EmulatorResponse => ({ status })

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

  checkPassword(user: UserRecord, password: string): boolean {
    return user.passwordHash !== undefined && user.passwordHash.startsWith("$2") &&
      bcrypt.compareSync(password, user.passwordHash)
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
    this.emit("organization.created", this.organizationJson(org), now, org.id)
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

  organizationJson(o: OrganizationRecord) {
    return {
      object: "organization",
      id: o.id,
      name: o.name,
      allow_profiles_outside_organization: o.allow_profiles_outside_organization,
      domains: o.domains.map(({ domain, state }, i) => ({
        object: "organization_domain",
        id: `org_domain_${o.id.slice(4)}_${i}`,
        organization_id: o.id,
        domain,
        state,
        verification_strategy: "manual",
        created_at: o.created_at,
        updated_at: o.updated_at
      })),
      metadata: o.metadata,
      external_id: o.external_id,
      ...(o.stripe_customer_id === undefined ? {} : { stripe_customer_id: o.stripe_customer_id }),
      created_at: o.created_at,
      updated_at: o.updated_at
    }
  }

  invitationJson(i: InvitationRecord, now: number) {
    const state = i.state === "pending" && Date.parse(i.expires_at) <= now ? "expired" : i.state
    const { seq: _seq, ...wire } = i
    return { object: "invitation", ...wire, state }
  }

  sessionJson(s: SessionRecord, now: number) {
    const status = s.status === "active" && s.expires_at <= now ? "expired" : s.status
    return {
      object: "session",
      id: s.id,
      user_id: s.user_id,
      ...(s.organization_id ? { organization_id: s.organization_id } : {}),
      ...(s.impersonator ? { impersonator: s.impersonator } : {}),
      ip_address: s.ip_address,
      user_agent: s.user_agent,
      auth_method: s.auth_method,
      status,
      expires_at: iso(s.expires_at),
      ended_at: s.ended_at,
      created_at: s.created_at,
      updated_at: s.updated_at
    }
  }

  factorJson(f: FactorRecord, withSecret: boolean) {
    const uri = `otpauth://totp/${encodeURIComponent(f.issuer)}:${
      encodeURIComponent(f.user)
    }?secret=${f.secret}&issuer=${encodeURIComponent(f.issuer)}&algorithm=SHA1&digits=6&period=30`
    return {
      object: "authentication_factor",
      id: f.id,
      type: "totp",
      user_id: f.user_id,
      totp: withSecret
        ? {
          issuer: f.issuer,
          user: f.user,
          secret: f.secret,
          // The emulator does not render QR images: the data URI carries the otpauth URI as text.
          qr_code: `data:text/plain;base64,${Buffer.from(uri).toString("base64")}`,
          uri
        }
        : { issuer: f.issuer, user: f.user },
      created_at: f.created_at,
      updated_at: f.updated_at
    }
  }

  challengeJson(c: ChallengeRecord) {
    return {
      object: "authentication_challenge",
      id: c.id,
      authentication_factor_id: c.factor_id,
      expires_at: iso(c.expires_at),
      created_at: iso(c.created_at),
      updated_at: iso(c.created_at)
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

  createOneTimeCode(
    store: Map<string, OneTimeCodeRecord>,
    prefix: string,
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
    return record
  }

  sendEmailVerification(user: UserRecord, now: number): OneTimeCodeRecord {
    const record = this.createOneTimeCode(
      this.emailVerifications,
      "email_verification",
      user,
      this.options.lifetimes.emailVerification,
      now
    )
    this.send({
      kind: "email_verification",
      to: user.email,
      id: record.id,
      userId: user.id,
      code: record.code,
      token: null,
      url: null
    }, now)
    return record
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
    this.emit("session.revoked", this.sessionJson(session, now), now, session.organization_id ?? null)
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
    const names: Array<string> = []
    const pattern = new RegExp(
      "^" + template.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name)
        return "([^/]+)"
      }) + "$"
    )
    this.routes.push({
      method,
      template,
      pattern,
      names,
      authenticated: options.authenticated ?? true,
      write: options.write ?? method !== "GET",
      handler
    })
  }

  /** Find the route of a request, with its decoded path parameters. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | "method" | undefined {
    let pathMatched = false
    for (const route of this.routes) {
      const found = route.pattern.exec(path)
      if (!found) continue
      pathMatched = true
      if (route.method !== method) continue
      const params: Record<string, string> = {}
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1]!)
      })
      return { route, params }
    }
    return pathMatched ? "method" : undefined
  }

  private registerRoutes(): void {
    this.registerEvents()
    this.registerUsers()
    this.registerOrganizations()
    this.registerMemberships()
    this.registerInvitations()
    this.registerOneTimeCodes()
    this.registerFactors()
    this.registerSessions()
    this.registerEnvironment()
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
  // Users
  // -------------------------------------------------------------------------

  private passwordFromBody(body: Body): string | undefined | null {
    const password = body.nullableString("password")
    const hash = body.optionalString("password_hash")
    const hashType = body.optionalString("password_hash_type")
    const saltPosition = body.optionalString("password_salt_position")
    if (password != null && hash !== undefined) {
      throw codeError(400, "password_and_password_hash_provided", "Provide either password or password_hash, not both.")
    }
    if (password != null && hashType !== undefined) {
      throw codeError(400, "password_and_password_hash_type_provided", "Provide either password or password_hash_type.")
    }
    if (saltPosition !== undefined && hash === undefined) {
      throw codeError(
        400,
        "password_salt_position_requires_password_hash",
        "password_salt_position needs password_hash."
      )
    }
    if (hash !== undefined) {
      const types = ["bcrypt", "firebase-scrypt", "ssha", "ssha256", "scrypt", "pbkdf2", "argon2"]
      if (hashType === undefined || !types.includes(hashType)) {
        body.errors.push({ field: "password_hash_type", code: "invalid_password_hash_type" })
        return undefined
      }
      if (hashType === "bcrypt" && !/^\$2[aby]\$\d\d\$.{53}$/.test(hash)) {
        throw codeError(400, "invalid_password_hash", "The password hash is not a valid bcrypt hash.")
      }
      // Only bcrypt hashes can be checked by the emulator; others are kept but never match.
      return hashType === "bcrypt" ? hash : `unsupported:${hashType}`
    }
    if (password === null) return null
    if (password !== undefined) {
      if (password.length < 8) {
        throw codeError(400, "password_strength_error", "Password does not meet strength requirements.", {
          errors: [{ code: "password_too_short", message: "Password must be at least 8 characters." }]
        })
      }
      return this.hashPassword(password)
    }
    return undefined
  }

  private registerUsers(): void {
    this.route("GET", "/user_management/users", ({ now: _now, query }) => {
      const email = query.get("email")?.toLowerCase()
      const organizationId = query.get("organization_id") ?? query.get("organization")
      const members = organizationId
        ? new Set(
          [...this.memberships.values()].filter((m) => m.organization_id === organizationId).map((m) => m.user_id)
        )
        : undefined
      if (email === undefined && members === undefined) {
        const { items, position } = this.users.ordered()
        return ok(paginate(items, query, userJson, position))
      }
      const users = [...this.users.values()].filter((u) =>
        (email === undefined || u.email.toLowerCase() === email) && (members === undefined || members.has(u.id))
      )
      return ok(paginate(users, query, userJson))
    })

    this.route("POST", "/user_management/users", ({ body: read, now }) => {
      const body = read()
      const email = body.string("email")
      if (email !== "" && !isEmail(email)) body.errors.push({ field: "email", code: "invalid_email" })
      const metadata = body.metadata("metadata")
      const externalId = body.nullableString("external_id")
      const fields = {
        first_name: body.nullableString("first_name"),
        last_name: body.nullableString("last_name"),
        name: body.nullableString("name"),
        email_verified: body.optionalBoolean("email_verified")
      }
      const passwordHash = this.passwordFromBody(body)
      body.check()
      if (this.userByEmail(email)) {
        throw codeError(400, "user_creation_error", "Could not create user.", {
          errors: [{ code: "email_not_available", message: "This email is not available." }]
        })
      }
      if (externalId && this.userByExternalId(externalId)) {
        throw codeError(400, "user_creation_error", "Could not create user.", {
          errors: [{ code: "external_id_already_used", message: "This external id is already used." }]
        })
      }
      const user = this.createUser({
        email,
        ...fields,
        metadata,
        external_id: externalId,
        passwordHash: passwordHash ?? undefined
      }, now)
      return ok(userJson(user), 201)
    })

    this.route("GET", "/user_management/users/external_id/{external_id}", ({ params }) => {
      const user = this.userByExternalId(params.external_id!)
      if (!user) throw notFound(`User not found: '${params.external_id}'.`)
      return ok(userJson(user))
    })

    this.route("GET", "/user_management/users/{id}", ({ params }) => ok(userJson(this.user(params.id!))))

    this.route("PUT", "/user_management/users/{id}", ({ body: read, now, params }) => {
      const user = this.user(params.id!)
      const body = read()
      const email = body.optionalString("email")
      if (email !== undefined && !isEmail(email)) throw codeError(400, "invalid_email", "The email is not valid.")
      const firstName = body.optionalString("first_name")
      const lastName = body.optionalString("last_name")
      const name = body.optionalString("name")
      const emailVerified = body.optionalBoolean("email_verified")
      const metadata = body.metadata("metadata")
      const externalId = body.nullableString("external_id")
      const locale = body.nullableString("locale")
      const passwordHash = this.passwordFromBody(body)
      body.check()
      if (email !== undefined && email.toLowerCase() !== user.email.toLowerCase() && this.userByEmail(email)) {
        throw codeError(400, "email_not_available", "This email is not available.")
      }
      if (externalId && (this.userByExternalId(externalId)?.id ?? user.id) !== user.id) {
        throw codeError(400, "external_id_already_used", "This external id is already used.")
      }
      if (email !== undefined) user.email = email
      if (firstName !== undefined) user.first_name = firstName
      if (lastName !== undefined) user.last_name = lastName
      if (name !== undefined) user.name = name
      if (emailVerified !== undefined) user.email_verified = emailVerified
      if (metadata !== undefined) user.metadata = metadata ?? {}
      if (externalId !== undefined) user.external_id = externalId
      if (locale !== undefined) user.locale = locale
      if (passwordHash !== undefined) user.passwordHash = passwordHash ?? undefined
      this.indexUser(user)
      user.updated_at = iso(now)
      this.emit("user.updated", userJson(user), now)
      return ok(userJson(user))
    })

    this.route("DELETE", "/user_management/users/{id}", ({ now, params }) => {
      const user = this.user(params.id!)
      if (user.metadata.deletion_protected === "true") {
        throw codeError(409, "user_deletion_not_allowed", "This user cannot be deleted.")
      }
      this.deleteUser(user.id, now)
      return empty()
    })

    this.route("GET", "/user_management/users/{id}/identities", ({ params }) => ok(this.user(params.id!).identities))
  }

  // -------------------------------------------------------------------------
  // Organizations (only what tests need to set up memberships)
  // -------------------------------------------------------------------------

  private organizationDomains(body: Body) {
    const raw = body.value["domain_data"]
    if (raw === undefined) {
      return body.optionalStringArray("domains")?.map((domain) => ({ domain, state: "pending" as const }))
    }
    const valid = Array.isArray(raw) &&
      raw.every((d) =>
        typeof d === "object" && d !== null && typeof d.domain === "string" &&
        (d.state === "pending" || d.state === "verified")
      )
    if (!valid) {
      body.errors.push({ field: "domain_data", code: "invalid_domain_data" })
      return undefined
    }
    return (raw as Array<{ domain: string; state: "pending" | "verified" }>).map(({ domain, state }) => ({
      domain,
      state
    }))
  }

  private externalIdTaken(externalId: string | null | undefined, except?: string): void {
    if (externalId && [...this.organizations.values()].some((o) => o.external_id === externalId && o.id !== except)) {
      throw codeError(400, "external_id_already_used", "This external id is already used.")
    }
  }

  private registerOrganizations(): void {
    this.route("GET", "/organizations", ({ query }) => {
      const domains = query.get("domains")?.split(",").filter((d) => d !== "")
      const search = query.get("search")?.toLowerCase()
      const organizations = [...this.organizations.values()].filter((o) =>
        (domains === undefined || domains.length === 0 || o.domains.some((d) => domains.includes(d.domain))) &&
        (search === undefined || o.name.toLowerCase().includes(search))
      )
      return ok(paginate(organizations, query, (o) => this.organizationJson(o)))
    })
    this.route("POST", "/organizations", ({ body: read, now }) => {
      const body = read()
      const name = body.string("name")
      const domains = this.organizationDomains(body)
      const metadata = body.metadata("metadata")
      const externalId = body.nullableString("external_id")
      const allowOutside = body.optionalBoolean("allow_profiles_outside_organization")
      body.check()
      this.externalIdTaken(externalId)
      const org = this.createOrganization({
        name,
        domains,
        metadata: metadata ?? undefined,
        external_id: externalId,
        allow_profiles_outside_organization: allowOutside
      }, now)
      return ok(this.organizationJson(org), 201)
    })
    this.route("GET", "/organizations/external_id/{external_id}", ({ params }) => {
      const org = [...this.organizations.values()].find((o) => o.external_id === params.external_id)
      if (!org) throw notFound(`Organization not found: '${params.external_id}'.`)
      return ok(this.organizationJson(org))
    })
    this.route("GET", "/organizations/{id}", ({ params }) => ok(this.organizationJson(this.organization(params.id!))))
    this.route("PUT", "/organizations/{id}", ({ body: read, now, params }) => {
      const org = this.organization(params.id!)
      const body = read()
      const name = body.optionalString("name")
      const domains = this.organizationDomains(body)
      const metadata = body.metadata("metadata")
      const externalId = body.nullableString("external_id")
      const stripeCustomerId = body.optionalString("stripe_customer_id")
      const allowOutside = body.optionalBoolean("allow_profiles_outside_organization")
      body.check()
      this.externalIdTaken(externalId, org.id)
      if (name !== undefined) org.name = name
      if (domains !== undefined) org.domains = domains
      if (metadata !== undefined) org.metadata = metadata ?? {}
      if (externalId !== undefined) org.external_id = externalId
      if (stripeCustomerId !== undefined) org.stripe_customer_id = stripeCustomerId
      if (allowOutside !== undefined) org.allow_profiles_outside_organization = allowOutside
      org.updated_at = iso(now)
      this.emit("organization.updated", this.organizationJson(org), now, org.id)
      return ok(this.organizationJson(org))
    })
    this.route("DELETE", "/organizations/{id}", ({ now, params }) => {
      const org = this.organization(params.id!)
      for (const m of [...this.memberships.values()]) if (m.organization_id === org.id) this.deleteMembership(m, now)
      this.organizations.delete(org.id)
      this.emit("organization.deleted", this.organizationJson(org), now, org.id)
      return empty()
    })
  }

  // -------------------------------------------------------------------------
  // Organization memberships
  // -------------------------------------------------------------------------

  private roleSlugsFromBody(body: Body): Array<string> | undefined {
    const roleSlug = body.optionalString("role_slug")
    const roleSlugs = body.optionalStringArray("role_slugs")
    if (roleSlug !== undefined && roleSlugs !== undefined) {
      throw unprocessable([{ field: "role_slugs", code: "role_slug_and_role_slugs_are_mutually_exclusive" }])
    }
    const slugs = roleSlug !== undefined ? [roleSlug] : roleSlugs
    if (slugs === undefined) return undefined
    if (slugs.length === 0) throw unprocessable([{ field: "role_slugs", code: "role_slugs_empty" }])
    if (slugs.length > 1 && !this.options.multipleRoles) {
      throw codeError(422, "multiple_roles_not_enabled", "Multiple roles are not enabled for this environment.")
    }
    const unknown = slugs.find((slug) => !this.role(slug))
    if (unknown !== undefined) throw codeError(422, "invalid_role", `Role not found: '${unknown}'.`)
    return slugs
  }

  private membership(id: string): MembershipRecord {
    const m = this.memberships.get(id)
    if (!m) throw notFound(`Organization membership not found: '${id}'.`)
    return m
  }

  private registerMemberships(): void {
    this.route("GET", "/user_management/organization_memberships", ({ query }) => {
      const userId = query.get("user_id")
      const organizationId = query.get("organization_id")
      if (!userId && !organizationId) {
        throw codeError(400, "missing_user_id_or_organization_id", "Provide user_id or organization_id.")
      }
      const statuses = query.getAll("statuses").flatMap((s) => s.split(",")).filter((s) => s !== "")
      const invalid = statuses.find((s) => !["active", "inactive", "pending"].includes(s))
      if (invalid !== undefined) throw unprocessable([{ field: "statuses", code: "invalid_status" }])
      const wanted = new Set(statuses.length > 0 ? statuses : ["active", "inactive", "pending"])
      const items = [...this.memberships.values()].filter((m) =>
        (!userId || m.user_id === userId) && (!organizationId || m.organization_id === organizationId) &&
        wanted.has(m.status)
      )
      return ok(paginate(items, query, (m) => this.membershipJson(m)))
    })

    this.route("POST", "/user_management/organization_memberships", ({ body: read, now }) => {
      const body = read()
      const userId = body.string("user_id")
      const organizationId = body.string("organization_id")
      body.check()
      const slugs = this.roleSlugsFromBody(body)
      this.user(userId)
      this.organization(organizationId)
      const existing = [...this.memberships.values()].find((m) =>
        m.user_id === userId && m.organization_id === organizationId
      )
      if (existing?.status === "pending") {
        throw codeError(400, "cannot_reactivate_pending_organization_membership", "The membership is pending.")
      }
      if (existing) {
        existing.status = "active"
        if (slugs) existing.role_slugs = slugs
        this.membershipUpdated(existing, now)
        return ok(this.membershipJson(existing), 201)
      }
      return ok(
        this.membershipJson(this.createMembership(userId, organizationId, slugs ?? ["member"], "active", now)),
        201
      )
    })

    this.route(
      "GET",
      "/user_management/organization_memberships/{id}",
      ({ params }) => ok(this.membershipJson(this.membership(params.id!)))
    )

    this.route("PUT", "/user_management/organization_memberships/{id}", ({ body: read, now, params }) => {
      const m = this.membership(params.id!)
      const slugs = this.roleSlugsFromBody(read())
      if (slugs) m.role_slugs = slugs
      this.membershipUpdated(m, now)
      return ok(this.membershipJson(m))
    })

    this.route("DELETE", "/user_management/organization_memberships/{id}", ({ now, params }) => {
      this.deleteMembership(this.membership(params.id!), now)
      return empty()
    })

    this.route("PUT", "/user_management/organization_memberships/{id}/deactivate", ({ now, params }) => {
      const m = this.membership(params.id!)
      if (m.status === "pending") {
        throw codeError(400, "cannot_deactivate_pending_organization_membership", "The membership is pending.")
      }
      if (m.status !== "inactive") {
        m.status = "inactive"
        this.membershipUpdated(m, now)
      }
      return ok(this.membershipJson(m))
    })

    this.route("PUT", "/user_management/organization_memberships/{id}/reactivate", ({ now, params }) => {
      const m = this.membership(params.id!)
      if (m.status === "pending") {
        throw codeError(400, "cannot_reactivate_pending_organization_membership", "The membership is pending.")
      }
      if (m.status !== "active") {
        m.status = "active"
        this.membershipUpdated(m, now)
      }
      return ok(this.membershipJson(m))
    })

    this.route("GET", "/user_management/organization_memberships/{omId}/groups", ({ params, query }) => {
      const m = this.membership(params.omId!)
      const groups = [...this.groups.values()].filter((g) => g.membershipIds.includes(m.id))
      return ok(paginate(groups, query, ({ membershipIds: _m, seq: _s, ...g }) => ({ object: "group", ...g })))
    })
  }

  // -------------------------------------------------------------------------
  // Invitations
  // -------------------------------------------------------------------------

  private invitation(id: string): InvitationRecord {
    const i = this.invitations.get(id)
    if (!i) throw notFound(`Invitation not found: '${id}'.`)
    return i
  }

  private effectiveState(i: InvitationRecord, now: number): InvitationRecord["state"] {
    return i.state === "pending" && Date.parse(i.expires_at) <= now ? "expired" : i.state
  }

  private registerInvitations(): void {
    this.route("GET", "/user_management/invitations", ({ now, query }) => {
      const organizationId = query.get("organization_id")
      const email = query.get("email")?.toLowerCase()
      const items = [...this.invitations.values()].filter((i) =>
        (!organizationId || i.organization_id === organizationId) && (!email || i.email.toLowerCase() === email)
      )
      return ok(paginate(items, query, (i) => this.invitationJson(i, now)))
    })

    this.route("POST", "/user_management/invitations", ({ body: read, now }) => {
      const body = read()
      const email = body.string("email")
      if (email !== "" && !isEmail(email)) body.errors.push({ field: "email", code: "invalid_email" })
      const organizationId = body.optionalString("organization_id")
      const roleSlug = body.optionalString("role_slug")
      const expiresInDays = body.optionalInteger("expires_in_days") ?? 7
      const inviterUserId = body.optionalString("inviter_user_id")
      body.optionalString("locale")
      body.check()
      if (expiresInDays < 1) throw codeError(400, "expires_in_days_too_short", "expires_in_days must be at least 1.")
      if (expiresInDays > 30) throw codeError(400, "expires_in_days_too_long", "expires_in_days must be at most 30.")
      if (organizationId !== undefined) this.organization(organizationId)
      if (inviterUserId !== undefined) this.user(inviterUserId)
      if (roleSlug !== undefined && !this.role(roleSlug)) {
        throw codeError(400, "invalid_role", `Role not found: '${roleSlug}'.`)
      }
      const existingUser = this.userByEmail(email)
      if (organizationId !== undefined && existingUser) {
        const member = [...this.memberships.values()].some((m) =>
          m.user_id === existingUser.id && m.organization_id === organizationId && m.status === "active"
        )
        if (member) throw codeError(400, "user_already_organization_member", "The user is already a member.")
      } else if (organizationId === undefined && existingUser) {
        throw codeError(400, "user_already_exists", "A user with this email already exists.")
      }
      const pending = [...this.invitations.values()].find((i) =>
        i.email.toLowerCase() === email.toLowerCase() && (i.organization_id ?? undefined) === organizationId &&
        this.effectiveState(i, now) === "pending"
      )
      if (pending) {
        throw organizationId === undefined
          ? codeError(400, "email_already_invited", "This email already has a pending invitation.")
          : codeError(400, "email_already_invited_to_organization", "This email is already invited.")
      }
      const token = this.prng.token(25)
      const at = iso(now)
      const invitation: InvitationRecord = {
        seq: this.nextSeq(),
        id: this.id("invitation", now),
        email,
        state: "pending",
        accepted_at: null,
        revoked_at: null,
        expires_at: iso(now + expiresInDays * DAY),
        organization_id: organizationId ?? null,
        inviter_user_id: inviterUserId ?? null,
        accepted_user_id: null,
        role_slug: roleSlug ?? null,
        created_at: at,
        updated_at: at,
        token,
        accept_invitation_url: `${this.options.baseUrl}/invite?invitation_token=${token}`
      }
      this.invitations.set(invitation.id, invitation)
      this.emit("invitation.created", this.invitationEvent(invitation, now), now, invitation.organization_id)
      this.send({
        kind: "invitation",
        to: email,
        id: invitation.id,
        userId: existingUser?.id ?? null,
        code: null,
        token,
        url: invitation.accept_invitation_url
      }, now)
      return ok(this.invitationJson(invitation, now), 201)
    })

    this.route("GET", "/user_management/invitations/by_token/{token}", ({ now, params }) => {
      const invitation = [...this.invitations.values()].find((i) => i.token === params.token)
      if (!invitation) throw notFound("Invitation not found.")
      return ok(this.invitationJson(invitation, now))
    })

    this.route(
      "GET",
      "/user_management/invitations/{id}",
      ({ now, params }) => ok(this.invitationJson(this.invitation(params.id!), now))
    )

    this.route("POST", "/user_management/invitations/{id}/accept", ({ now, params }) => {
      const invitation = this.invitation(params.id!)
      if (this.effectiveState(invitation, now) !== "pending") {
        throw codeError(400, "invite_not_pending", "The invitation is not pending.")
      }
      this.acceptInvitation(invitation, this.userByEmail(invitation.email), now)
      return ok(this.invitationJson(invitation, now))
    })

    this.route("POST", "/user_management/invitations/{id}/revoke", ({ now, params }) => {
      const invitation = this.invitation(params.id!)
      if (this.effectiveState(invitation, now) !== "pending") {
        throw codeError(400, "invite_not_pending", "The invitation is not pending.")
      }
      invitation.state = "revoked"
      invitation.revoked_at = iso(now)
      invitation.updated_at = iso(now)
      this.emit("invitation.revoked", this.invitationEvent(invitation, now), now, invitation.organization_id)
      return ok(this.invitationJson(invitation, now))
    })

    this.route("POST", "/user_management/invitations/{id}/resend", ({ body: read, now, params }) => {
      const invitation = this.invitation(params.id!)
      read().optionalString("locale")
      const state = this.effectiveState(invitation, now)
      if (state !== "pending") {
        throw codeError(400, `invite_${state}`, `The invitation is ${state}.`)
      }
      invitation.updated_at = iso(now)
      this.emit("invitation.resent", this.invitationEvent(invitation, now), now, invitation.organization_id)
      this.send({
        kind: "invitation",
        to: invitation.email,
        id: invitation.id,
        userId: null,
        code: null,
        token: invitation.token,
        url: invitation.accept_invitation_url
      }, now)
      return ok(this.invitationJson(invitation, now))
    })
  }

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
    const { token: _token, accept_invitation_url: _url, ...rest } = this.invitationJson(i, now)
    return rest
  }

  // -------------------------------------------------------------------------
  // Magic auth, password reset, email verification, email change
  // -------------------------------------------------------------------------

  private registerOneTimeCodes(): void {
    this.route("POST", "/user_management/magic_auth", ({ body: read, now }) => {
      const body = read()
      const email = body.string("email")
      if (email !== "" && !isEmail(email)) body.errors.push({ field: "email", code: "invalid_email" })
      const invitationToken = body.optionalString("invitation_token")
      for (const field of ["ip_address", "user_agent", "radar_auth_attempt_id", "signals_id"]) {
        body.optionalString(field)
      }
      body.check()
      if (invitationToken !== undefined && ![...this.invitations.values()].some((i) => i.token === invitationToken)) {
        throw new HttpError(400, { error: "invitation_invalid", error_description: "Invitation token is invalid." })
      }
      // Magic auth signs users up too: WorkOS creates the user on first send.
      const user = this.userByEmail(email) ?? this.createUser({ email }, now)
      const record = this.createOneTimeCode(this.magicAuths, "magic_auth", user, this.options.lifetimes.magicAuth, now)
      this.send({
        kind: "magic_auth",
        to: user.email,
        id: record.id,
        userId: user.id,
        code: record.code,
        token: null,
        url: null
      }, now)
      return ok(oneTimeJson("magic_auth", record), 201)
    })

    this.route("GET", "/user_management/magic_auth/{id}", ({ params }) => {
      const record = this.magicAuths.get(params.id!)
      if (!record) throw notFound(`Magic auth not found: '${params.id}'.`)
      return ok(oneTimeJson("magic_auth", record))
    })

    const resetEvent = (r: PasswordResetRecord) => {
      const { password_reset_token: _token, password_reset_url: _url, ...rest } = resetJson(r)
      return rest
    }
    const resetJson = (r: PasswordResetRecord) => ({
      object: "password_reset",
      id: r.id,
      user_id: r.user_id,
      email: r.email,
      password_reset_token: r.token,
      password_reset_url: `${this.options.baseUrl}/reset-password?token=${r.token}`,
      expires_at: iso(r.expires_at),
      created_at: iso(r.created_at)
    })

    this.route("POST", "/user_management/password_reset", ({ body: read, now }) => {
      const body = read()
      const email = body.string("email")
      body.check()
      const user = this.userByEmail(email)
      if (!user) throw notFound(`User not found: '${email}'.`)
      const record: PasswordResetRecord = {
        seq: this.nextSeq(),
        id: this.id("password_reset", now),
        user_id: user.id,
        email: user.email,
        token: this.prng.token(32),
        expires_at: now + this.options.lifetimes.passwordReset,
        created_at: now,
        used: false
      }
      this.passwordResets.set(record.id, record)
      this.emit("password_reset.created", resetEvent(record), now)
      const json = resetJson(record)
      this.send({
        kind: "password_reset",
        to: user.email,
        id: record.id,
        userId: user.id,
        code: null,
        token: record.token,
        url: json.password_reset_url
      }, now)
      return ok(json, 201)
    })

    this.route("GET", "/user_management/password_reset/{id}", ({ params }) => {
      const record = this.passwordResets.get(params.id!)
      if (!record) throw notFound(`Password reset not found: '${params.id}'.`)
      return ok(resetJson(record))
    })

    this.route("POST", "/user_management/password_reset/confirm", ({ body: read, now }) => {
      const body = read()
      const token = body.string("token")
      const newPassword = body.string("new_password")
      body.check()
      const record = [...this.passwordResets.values()].find((r) => r.token === token)
      if (!record) throw notFound("Password reset token not found.")
      if (record.used || record.expires_at <= now) {
        throw codeError(400, "password_reset_error", "The password reset token is no longer valid.", {
          errors: [{
            code: record.used ? "password_reset_token_used" : "password_reset_token_expired",
            message: "Request a new password reset."
          }]
        })
      }
      if (newPassword.length < 8) {
        throw codeError(400, "password_reset_error", "Password does not meet strength requirements.", {
          errors: [{ code: "password_too_short", message: "Password must be at least 8 characters." }]
        })
      }
      const user = this.user(record.user_id)
      record.used = true
      user.passwordHash = this.hashPassword(newPassword)
      user.updated_at = iso(now)
      this.emit("password_reset.succeeded", resetEvent(record), now)
      // A password reset ends every session of the user.
      this.revokeUserSessions(user.id, now)
      return ok({ user: userJson(user) })
    })

    this.route("GET", "/user_management/email_verification/{id}", ({ params }) => {
      const record = this.emailVerifications.get(params.id!)
      if (!record) throw notFound(`Email verification not found: '${params.id}'.`)
      return ok(oneTimeJson("email_verification", record))
    })

    this.route("POST", "/user_management/users/{id}/email_verification/send", ({ now, params }) => {
      const user = this.user(params.id!)
      if (user.email_verified) throw codeError(400, "email_already_verified", "The email is already verified.")
      this.sendEmailVerification(user, now)
      return ok({ user: userJson(user) })
    })

    this.route("POST", "/user_management/users/{id}/email_verification/confirm", ({ body: read, now, params }) => {
      const user = this.user(params.id!)
      const body = read()
      const code = body.string("code")
      body.check()
      if (user.email_verified) throw codeError(400, "email_previously_verified", "The email is already verified.")
      const records = [...this.emailVerifications.values()].filter((r) => r.user_id === user.id)
      const record = records.find((r) => r.code === code)
      if (!record) throw codeError(400, "email_verification_code_incorrect", "The code is incorrect.")
      if (record.used) throw codeError(400, "email_verification_code_previously_used", "The code was already used.")
      if (record.expires_at <= now) throw codeError(400, "email_verification_code_expired", "The code has expired.")
      record.used = true
      user.email_verified = true
      user.updated_at = iso(now)
      this.emit("user.updated", userJson(user), now)
      return ok({ user: userJson(user) })
    })

    this.route("POST", "/user_management/users/{id}/email_change/send", ({ body: read, now, params }) => {
      const user = this.user(params.id!)
      const body = read()
      const newEmail = body.string("new_email")
      body.check()
      if (!isEmail(newEmail)) throw codeError(422, "invalid_email", "The email is not valid.")
      if (newEmail.toLowerCase() === user.email.toLowerCase()) {
        throw codeError(409, "email_change_not_needed", "This is already the user's email.")
      }
      if (this.userByEmail(newEmail)) throw codeError(409, "email_not_available", "This email is not available.")
      const change: EmailChangeRecord = {
        user_id: user.id,
        new_email: newEmail,
        code: this.prng.digits(6),
        expires_at: now + this.options.lifetimes.emailVerification,
        created_at: now,
        used: false,
        attempts: 0
      }
      this.emailChanges.set(user.id, change)
      this.send({
        kind: "email_change",
        to: newEmail,
        id: null,
        userId: user.id,
        code: change.code,
        token: null,
        url: null
      }, now)
      return ok({
        object: "email_change",
        user: userJson(user),
        new_email: newEmail,
        expires_at: iso(change.expires_at),
        created_at: iso(now)
      })
    })

    this.route("POST", "/user_management/users/{id}/email_change/confirm", ({ body: read, now, params }) => {
      const user = this.user(params.id!)
      const body = read()
      const code = body.string("code")
      body.check()
      const change = this.emailChanges.get(user.id)
      if (!change) throw codeError(409, "no_pending_email_change", "There is no pending email change.")
      if (change.used) throw codeError(409, "email_change_code_previously_used", "The code was already used.")
      if (change.attempts >= 5) throw codeError(429, "email_change_too_many_attempts", "Too many attempts.")
      if (change.expires_at <= now) throw codeError(400, "email_change_code_expired", "The code has expired.")
      if (change.code !== code) {
        change.attempts++
        throw codeError(400, "email_change_code_incorrect", "The code is incorrect.")
      }
      if (this.userByEmail(change.new_email)) {
        throw codeError(409, "email_not_available", "This email is not available.")
      }
      change.used = true
      user.email = change.new_email
      this.indexUser(user)
      user.email_verified = true
      user.updated_at = iso(now)
      this.emit("user.updated", userJson(user), now)
      return ok({ object: "email_change_confirmation", user: userJson(user) })
    })
  }

  // -------------------------------------------------------------------------
  // Authentication factors (TOTP) and challenges
  // -------------------------------------------------------------------------

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

  private factor(id: string): FactorRecord {
    const factor = this.factors.get(id)
    if (!factor) throw notFound(`Authentication factor not found: '${id}'.`)
    return factor
  }

  private registerFactors(): void {
    this.route("GET", "/auth/factors/{id}", ({ params }) => ok(this.factorJson(this.factor(params.id!), false)))
    this.route("DELETE", "/auth/factors/{id}", ({ params }) => {
      const factor = this.factor(params.id!)
      this.factors.delete(factor.id)
      for (const [id, c] of this.challenges) if (c.factor_id === factor.id) this.challenges.delete(id)
      return empty()
    })
    this.route("POST", "/user_management/users/{userlandUserId}/auth_factors", ({ body: read, now, params }) => {
      const user = this.user(params.userlandUserId!)
      const body = read()
      const type = body.string("type")
      const issuer = body.optionalString("totp_issuer")
      const account = body.optionalString("totp_user")
      const secret = body.optionalString("totp_secret")
      body.check()
      if (type !== "totp") throw new HttpError(422, { message: `Unsupported factor type: '${type}'.` })
      if (secret !== undefined && !/^[A-Z2-7]+=*$/.test(secret)) {
        throw new HttpError(422, { message: "totp_secret must be Base32." })
      }
      const factor = this.enrollTotp(user, issuer ?? "WorkOS", account ?? user.email, secret, now)
      const challenge = this.createChallenge(factor.id, now)
      return ok({
        authentication_factor: this.factorJson(factor, true),
        authentication_challenge: this.challengeJson(challenge)
      }, 201)
    })

    this.route("GET", "/user_management/users/{userlandUserId}/auth_factors", ({ params, query }) => {
      const user = this.user(params.userlandUserId!)
      const factors = [...this.factors.values()].filter((f) => f.user_id === user.id)
      return ok(paginate(factors, query, (f) => this.factorJson(f, false)))
    })

    // The MFA API's challenge endpoint: what a client calls after an `mfa_challenge` step.
    this.route("POST", "/auth/factors/{id}/challenge", ({ now, params }) => {
      const factor = this.factors.get(params.id!)
      if (!factor) throw notFound(`Authentication factor not found: '${params.id}'.`)
      return ok(this.challengeJson(this.createChallenge(factor.id, now)), 201)
    })
  }

  // -------------------------------------------------------------------------
  // Sessions
  // -------------------------------------------------------------------------

  private registerSessions(): void {
    this.route("GET", "/user_management/users/{id}/sessions", ({ now, params, query }) => {
      const user = this.user(params.id!)
      const sessions = [...this.sessions.values()].filter((s) => s.user_id === user.id)
      return ok(paginate(sessions, query, (s) => this.sessionJson(s, now)))
    })

    this.route("POST", "/user_management/sessions/revoke", ({ body: read, now }) => {
      const body = read()
      const sessionId = body.string("session_id")
      body.check()
      const session = this.sessions.get(sessionId)
      if (!session) throw new HttpError(400, { message: `Session not found: '${sessionId}'.` })
      this.revokeSession(session, now)
      return empty()
    })

    this.route("GET", "/user_management/sessions/logout", ({ now, query }) => {
      const sessionId = query.get("session_id")
      if (!sessionId) throw new HttpError(422, { message: "session_id is required." })
      const session = this.sessions.get(sessionId)
      if (session && session.status === "active") this.revokeSession(session, now)
      const returnTo = query.get("return_to") ?? `${this.options.baseUrl}/`
      return { status: 302, headers: { location: returnTo } }
    }, { authenticated: false, write: false })
  }

  // -------------------------------------------------------------------------
  // Per-user resources and environment configuration
  // -------------------------------------------------------------------------

  private apiKeyJson(k: ApiKeyRecord, withValue: boolean) {
    return {
      object: "api_key",
      id: k.id,
      owner: { type: "user", id: k.user_id, organization_id: k.organization_id },
      name: k.name,
      obfuscated_value: `${k.value.slice(0, 3)}...${k.value.slice(-4)}`,
      last_used_at: k.last_used_at,
      expires_at: k.expires_at,
      permissions: k.permissions,
      created_at: k.created_at,
      updated_at: k.updated_at,
      ...(withValue ? { value: k.value } : {})
    }
  }

  private registerEnvironment(): void {
    this.route("GET", "/user_management/users/{userId}/feature-flags", ({ params, query }) => {
      const user = this.user(params.userId!)
      const orgs = new Set(this.activeMemberships(user.id).map((m) => m.organization_id))
      const flags = [...this.featureFlags.values()].filter((f) =>
        f.enabled && (f.userIds.includes(user.id) || f.organizationIds.some((o) => orgs.has(o)))
      )
      return ok(paginate(flags, query, (f) => ({
        object: "feature_flag",
        id: f.id,
        slug: f.slug,
        name: f.name,
        description: f.description,
        owner: null,
        tags: f.tags,
        enabled: f.enabled,
        default_value: f.default_value,
        created_at: f.created_at,
        updated_at: f.updated_at
      })))
    })

    this.route("GET", "/user_management/users/{userId}/api_keys", ({ params, query }) => {
      const user = this.user(params.userId!)
      const organizationId = query.get("organization_id")
      const keys = [...this.apiKeys.values()].filter((k) =>
        k.user_id === user.id && (!organizationId || k.organization_id === organizationId)
      )
      return ok(paginate(keys, query, (k) => this.apiKeyJson(k, false)))
    })

    this.route("POST", "/user_management/users/{userId}/api_keys", ({ body: read, now, params }) => {
      const user = this.user(params.userId!)
      const body = read()
      const name = body.string("name")
      const organizationId = body.string("organization_id")
      const permissions = body.optionalStringArray("permissions") ?? []
      const expiresAt = body.optionalString("expires_at")
      body.check()
      if (expiresAt !== undefined && !(Date.parse(expiresAt) > now)) {
        throw new HttpError(400, {
          message: "Validation failed",
          errors: [{ code: "expires_at_must_be_in_the_future", field: "expires_at" }]
        })
      }
      const member = this.activeMemberships(user.id).some((m) => m.organization_id === organizationId)
      if (!member) {
        throw new HttpError(400, {
          message: "The user has no active membership in this organization.",
          errors: [{ code: "organization_membership_required", field: "organization_id" }]
        })
      }
      const at = iso(now)
      const key: ApiKeyRecord = {
        seq: this.nextSeq(),
        id: this.id("api_key", now),
        user_id: user.id,
        organization_id: organizationId,
        name,
        value: `sk_user_${this.prng.token(40)}`,
        permissions,
        expires_at: expiresAt === undefined ? null : new Date(Date.parse(expiresAt)).toISOString(),
        last_used_at: null,
        created_at: at,
        updated_at: at
      }
      this.apiKeys.set(key.id, key)
      return ok(this.apiKeyJson(key, true), 201)
    })

    this.route("GET", "/user_management/users/{user_id}/authorized_applications", ({ params, query }) => {
      const user = this.user(params.user_id!)
      const apps = [...this.authorizedApplications.values()].filter((a) => a.user_id === user.id)
      return ok(paginate(apps, query, ({ seq: _s, user_id: _u, ...a }) => a))
    })

    this.route("DELETE", "/user_management/users/{user_id}/authorized_applications/{application_id}", ({ params }) => {
      const user = this.user(params.user_id!)
      const app = [...this.authorizedApplications.values()].find((a) =>
        a.user_id === user.id &&
        (a.id === params.application_id ||
          (a.application as { id: string; client_id: string }).id === params.application_id ||
          (a.application as { client_id: string }).client_id === params.application_id)
      )
      if (!app) throw notFound(`Authorized application not found: '${params.application_id}'.`)
      this.authorizedApplications.delete(app.id)
      return empty(204)
    })

    const accountKey = (userId: string, slug: string, organizationId: string | null) =>
      `${userId}|${slug}|${organizationId ?? ""}`
    const provider = (slug: string) => {
      const found = this.dataProviders.find((p) => p.slug === slug)
      if (!found) throw notFound(`Data provider not found: '${slug}'.`)
      return found
    }
    const accountJson = ({ seq: _s, ...a }: SimpleRecord) => a

    this.route("GET", "/user_management/users/{user_id}/connected_accounts/{slug}", ({ params, query }) => {
      this.user(params.user_id!)
      provider(params.slug!)
      const account = this.connectedAccounts.get(
        accountKey(params.user_id!, params.slug!, query.get("organization_id"))
      )
      if (!account) throw notFound(`Connected account not found for '${params.slug}'.`)
      return ok(accountJson(account))
    })

    const upsertAccount = (ctx: RouteContext, create: boolean): EmulatorResponse => {
      const { now, params, query } = ctx
      this.user(params.user_id!)
      provider(params.slug!)
      const body = ctx.body()
      body.optionalString("access_token")
      body.optionalString("refresh_token")
      body.optionalString("expires_at")
      const scopes = body.optionalStringArray("scopes")
      const state = body.optionalString("state")
      body.check()
      if (state !== undefined && state !== "connected" && state !== "needs_reauthorization") {
        throw unprocessable([{ field: "state", code: "invalid_state" }])
      }
      const organizationId = query.get("organization_id")
      const key = accountKey(params.user_id!, params.slug!, organizationId)
      const existing = this.connectedAccounts.get(key)
      if (create && existing) throw codeError(409, "connected_account_exists", "The account is already connected.")
      if (!create && !existing) throw notFound(`Connected account not found for '${params.slug}'.`)
      const at = iso(now)
      const account: SimpleRecord = existing ?? {
        seq: this.nextSeq(),
        id: this.id("connected_account", now),
        object: "connected_account",
        user_id: params.user_id!,
        organization_id: organizationId,
        auth_method: "oauth",
        scopes: [],
        state: "connected",
        created_at: at,
        updated_at: at
      }
      if (scopes !== undefined) account.scopes = scopes
      if (state !== undefined) account.state = state
      account.updated_at = at
      this.connectedAccounts.set(key, account)
      return ok(accountJson(account), create ? 201 : 200)
    }
    this.route("POST", "/user_management/users/{user_id}/connected_accounts/{slug}", (ctx) => upsertAccount(ctx, true))
    this.route("PUT", "/user_management/users/{user_id}/connected_accounts/{slug}", (ctx) => upsertAccount(ctx, false))
    this.route("DELETE", "/user_management/users/{user_id}/connected_accounts/{slug}", ({ params, query }) => {
      this.user(params.user_id!)
      const key = accountKey(params.user_id!, params.slug!, query.get("organization_id"))
      if (!this.connectedAccounts.delete(key)) throw notFound(`Connected account not found for '${params.slug}'.`)
      return empty(204)
    })

    this.route("GET", "/user_management/users/{user_id}/data_providers", ({ params, query }) => {
      const user = this.user(params.user_id!)
      const organizationId = query.get("organization_id")
      return ok({
        object: "list",
        data: this.dataProviders.map(({ seq: _s, ...p }) => {
          const account = this.connectedAccounts.get(accountKey(user.id, p.slug as string, organizationId))
          // The data-provider listing repeats some account fields in camelCase, as the spec says.
          const connected = account
            ? {
              ...accountJson(account),
              userlandUserId: account.user_id,
              organizationId: account.organization_id,
              createdAt: account.created_at,
              updatedAt: account.updated_at
            }
            : null
          return { ...p, connected_account: connected }
        })
      })
    })

    const timestamps = (now: number) => ({ created_at: iso(now), updated_at: iso(now) })
    const strip = ({ seq: _s, ...r }: SimpleRecord) => r

    this.route(
      "GET",
      "/user_management/cors_origins",
      ({ query }) => ok(paginate([...this.corsOrigins.values()], query, strip))
    )
    this.route("POST", "/user_management/cors_origins", ({ body: read, now }) => {
      const body = read()
      const origin = body.string("origin")
      body.check()
      let valid = false
      try {
        const url = new URL(origin)
        valid = (url.protocol === "http:" || url.protocol === "https:") && url.origin === origin.replace(/\/$/, "")
      } catch {
        valid = false
      }
      if (!valid) {
        throw new HttpError(422, {
          message: "Validation failed",
          errors: [{ property: "origin", constraints: { isOrigin: "origin must be a valid origin" } }]
        })
      }
      if ([...this.corsOrigins.values()].some((c) => c.origin === origin)) {
        throw codeError(409, "cors_origin_already_exists", "This CORS origin already exists.")
      }
      const record: SimpleRecord = {
        seq: this.nextSeq(),
        id: this.id("cors_origin", now),
        object: "cors_origin",
        origin,
        ...timestamps(now)
      }
      this.corsOrigins.set(record.id, record)
      return ok(strip(record), 201)
    })

    this.route(
      "GET",
      "/user_management/redirect_uris",
      ({ query }) => ok(paginate([...this.redirectUris.values()], query, strip))
    )
    this.route("POST", "/user_management/redirect_uris", ({ body: read, now }) => {
      const body = read()
      const uri = body.string("uri")
      body.check()
      if ([...this.redirectUris.values()].some((r) => r.uri === uri)) {
        throw codeError(409, "redirect_uri_already_exists", "This redirect URI already exists.")
      }
      const record: SimpleRecord = {
        seq: this.nextSeq(),
        id: this.id("redirect_uri", now),
        object: "redirect_uri",
        uri,
        default: this.redirectUris.size === 0,
        ...timestamps(now)
      }
      this.redirectUris.set(record.id, record)
      return ok(strip(record), 201)
    })
    this.route("DELETE", "/user_management/redirect_uris/{id}", ({ params }) => {
      const record = this.redirectUris.get(params.id!)
      if (!record) throw notFound(`Redirect URI not found: '${params.id}'.`)
      if (record.default === true && this.redirectUris.size > 1) {
        throw codeError(409, "default_redirect_uri", "The default redirect URI cannot be deleted.")
      }
      this.redirectUris.delete(record.id)
      return empty(204)
    })

    this.route("GET", "/user_management/jwt_template", ({ now }) => {
      const template = this.jwtTemplate ?? { content: "{}", ...timestamps(now) }
      return ok({ object: "jwt_template", ...template })
    })
    this.route("PUT", "/user_management/jwt_template", ({ body: read, now }) => {
      const body = read()
      const content = body.string("content")
      body.check()
      this.jwtTemplate = { content, created_at: this.jwtTemplate?.created_at ?? iso(now), updated_at: iso(now) }
      return ok({ object: "jwt_template", ...this.jwtTemplate })
    })

    this.route("GET", "/user_management/radar_challenges/{id}", ({ params }) => {
      const record = this.radarChallenges.get(params.id!)
      if (!record) throw notFound(`Radar challenge not found: '${params.id}'.`)
      return ok({ ...oneTimeJson("radar_challenge", record), type: "email" })
    })
  }
}
