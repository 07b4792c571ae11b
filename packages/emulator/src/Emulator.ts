/**
 * A deterministic, stateful, in-memory WorkOS User Management API.
 *
 * Two ways to run it:
 *
 * - In process: {@link layer} provides an `HttpClient` served by the emulator (no
 *   sockets) and the {@link Emulator} service to seed it and read its outbox;
 *   {@link connection} gives the API key, client id and base URL to configure a client
 *   with. Time comes from the caller's `Clock`, so `TestClock` expires codes, tokens and
 *   sessions.
 * - Over HTTP: {@link serve} listens on a real port for any client (curl, the official
 *   Node SDK, benchmarks).
 *
 * @since 0.1.0
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Queue from "effect/Queue"
import * as Scope from "effect/Scope"
import * as http from "node:http"
import { apiApp, type App } from "./internal/app.js"
import { Authenticator } from "./internal/authenticate.js"
import { controlApp } from "./internal/control.js"
import type * as Core from "./internal/core.js"
import { type EmulatorRequest, type EmulatorResponse, iso, userJson, type UserRecord } from "./internal/core.js"
import { eventJson, signature } from "./internal/events.js"
import { decodeSeed } from "./internal/seed.js"
import * as Serve from "./internal/serve.js"
import * as Snapshots from "./internal/snapshot.js"
import { Traffic } from "./internal/traffic.js"
import { defaultLifetimes, type Lifetimes, type RoleDefinition, World } from "./internal/world.js"

/**
 * An email (or SMS) WorkOS would have sent.
 *
 * @since 0.1.0
 * @category models
 */
export type OutboxMessage = Core.OutboxMessage

/**
 * A user to create when the emulator starts. What you seed decides which sign-in steps
 * the user meets: an unverified email, an enrolled TOTP factor, several memberships, an
 * SSO-only organization.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeedUser {
  readonly email: string
  readonly password?: string | undefined
  readonly firstName?: string | undefined
  readonly lastName?: string | undefined
  /** Default `true`. `false` makes password sign-in stop at `email_verification_required`. */
  readonly emailVerified?: boolean | undefined
  readonly externalId?: string | undefined
  readonly metadata?: Readonly<Record<string, string>> | undefined
  /** Enrol a TOTP factor with this Base32 secret: sign-in stops at `mfa_challenge`. */
  readonly totpSecret?: string | undefined
  /** Radar flags password sign-ins of this user: an email or an SMS challenge. */
  readonly radar?: "email" | "sms" | undefined
  readonly identities?: ReadonlyArray<{ readonly idpId: string; readonly provider: string }> | undefined
  /** Organizations (by id or name) the user belongs to. */
  readonly memberships?:
    | ReadonlyArray<{
      readonly organization: string
      readonly role?: string | undefined
      readonly status?: "active" | "inactive" | "pending" | undefined
    }>
    | undefined
}

/**
 * An organization to create when the emulator starts.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeedOrganization {
  readonly id?: string | undefined
  readonly name: string
  readonly domains?: ReadonlyArray<string> | undefined
  /** Members must sign in through these SSO connections (`sso_required`). */
  readonly ssoConnectionIds?: ReadonlyArray<string> | undefined
  /** Members must use MFA (`mfa_enrollment` for users without a factor). */
  readonly requireMfa?: boolean | undefined
  /**
   * Only these methods are allowed (`apple_oauth`, `github_oauth`, `google_oauth`,
   * `magic_auth`, `microsoft_oauth`, `password`); others meet
   * `organization_authentication_methods_required`.
   */
  readonly allowedAuthMethods?: ReadonlyArray<string> | undefined
}

/**
 * A request limit over a sliding window.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimit {
  readonly limit: number
  readonly windowMillis: number
}

/**
 * WorkOS's documented AuthKit limits: reads on `/user_management/*` 1,000 per 10 s,
 * writes 500 per 10 s.
 *
 * @since 0.1.0
 * @category constants
 */
export const documentedRateLimits: { readonly reads: RateLimit; readonly writes: RateLimit } = {
  reads: { limit: 1000, windowMillis: 10_000 },
  writes: { limit: 500, windowMillis: 10_000 }
}

/**
 * How an emulator starts: its seed (for ids, codes and tokens), credentials, base URL,
 * the users, organizations and roles it holds, and its optional limits.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Ids, codes and tokens are a function of the seed and the clock. Default `"workos"`. */
  readonly seed?: string | number | undefined
  /** Default `sk_test_emulator`. */
  readonly apiKey?: string | undefined
  /** Default `client_emulator`. */
  readonly clientId?: string | undefined
  /** The origin clients use; it appears in token issuers and emailed links. */
  readonly baseUrl?: string | undefined
  readonly users?: ReadonlyArray<SeedUser> | undefined
  readonly organizations?: ReadonlyArray<SeedOrganization> | undefined
  /** Default: `member` (no permissions) and `admin`. */
  readonly roles?: ReadonlyArray<RoleDefinition> | undefined
  /** Allow more than one role per membership. Default `false`, as in a new environment. */
  readonly multipleRoles?: boolean | undefined
  readonly lifetimes?: Partial<Lifetimes> | undefined
  /** Enforce request limits: `true` for {@link documentedRateLimits}. Off by default. */
  readonly rateLimits?: boolean | { readonly reads?: RateLimit; readonly writes?: RateLimit } | undefined
  /** Called with every request and its response (for logging, or spec validation in tests). */
  readonly onExchange?: ((exchange: Exchange) => void) | undefined
  /**
   * How many of the latest `requests`, `exchanges` and events to keep. Default: all of them,
   * which a long-running server serving millions of requests (or seeded with millions of
   * users, each an event) should not do. {@link EmulatorInstance.count} and
   * {@link EmulatorInstance.statusCount} count every request whatever this is; `GET /events`
   * answers a cursor older than the kept events with a 422.
   */
  readonly history?: number | undefined
  /**
   * Serve the control plane under `/__emulator/` (outbox, faults, reset, seed, snapshots,
   * request log, clock; see `docs/emulator.md`). Default `true`.
   */
  readonly control?: boolean | undefined
  /** Start from this state (what {@link EmulatorInstance.snapshot} returned), before the seed. */
  readonly snapshot?: Snapshot | undefined
}

/**
 * An emulator's whole state as JSON: every table, the outbox, events and webhook
 * endpoints, the id counter and the random sequence. Sign-ins in flight and webhook
 * deliveries under way are not kept.
 *
 * @since 0.2.0
 * @category models
 */
export type Snapshot = Snapshots.Snapshot

/**
 * What {@link EmulatorInstance.seed} created: the ids, in the seed's order.
 *
 * @since 0.2.0
 * @category models
 */
export interface Seeded {
  readonly organizations: ReadonlyArray<string>
  readonly users: ReadonlyArray<string>
}

/**
 * Options of the HTTP emulator ({@link listen}, {@link serve}).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListenOptions extends Options {
  /** Default 0: a free port. */
  readonly port?: number | undefined
  /** Default `127.0.0.1`. */
  readonly host?: string | undefined
  /** Answer every request this many milliseconds late, like a distant server. Default 0. */
  readonly latency?: number | undefined
}

/**
 * One request the emulator answered.
 *
 * @since 0.1.0
 * @category models
 */
export interface Exchange {
  readonly method: string
  readonly path: string
  /** The route template, e.g. `/user_management/users/{id}`; `undefined` for unknown routes. */
  readonly template: string | undefined
  readonly query: URLSearchParams
  readonly status: number
  readonly body: unknown
}

/**
 * One request the emulator received, as sent (before faults and routing).
 *
 * @since 0.1.0
 * @category models
 */
export interface ReceivedRequest {
  readonly method: string
  /** The path as sent, still percent-encoded. */
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * A scripted failure for the next requests that match.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fault {
  readonly method?: string | undefined
  /** The path (without query string) or a pattern it must match. */
  readonly path?: string | RegExp | undefined
  /** How many matching requests fail. Default 1. */
  readonly times?: number | undefined
  readonly status?: number | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** A JSON value, or a string sent as is (e.g. an HTML error page). */
  readonly body?: unknown
  /** Never answer: the client's timeout fires. */
  readonly stall?: boolean | undefined
  /** Drop the connection without an answer. */
  readonly drop?: boolean | undefined
}

/** What the dispatcher decided. @internal */
type Outcome = EmulatorResponse | { readonly stall: true } | { readonly drop: true }

/**
 * An event as `GET /events` and webhooks send it.
 *
 * @since 0.2.0
 * @category models
 */
export interface WireEvent {
  readonly object: "event"
  readonly id: string
  readonly event: string
  readonly data: Record<string, unknown>
  readonly created_at: string
  readonly context: Record<string, unknown>
}

/**
 * One event's delivery to one webhook endpoint.
 *
 * @since 0.2.0
 * @category models
 */
export interface WebhookDelivery {
  readonly endpointId: string
  readonly eventId: string
  /** `failed` after six attempts without a 2xx. */
  readonly state: "pending" | "delivered" | "failed"
  /** The status of each attempt, `null` when no response arrived. */
  readonly statuses: ReadonlyArray<number | null>
}

/**
 * A running emulator: seed it, read what it would have emailed, script faults.
 *
 * @since 0.1.0
 * @category models
 */
export class EmulatorInstance {
  /**
   * @internal
   *
   * @since 0.1.0
   */
  readonly world: World
  /**
   * @internal
   *
   * @since 0.1.0
   */
  readonly auth: Authenticator
  /** The state before the seed, and when the seed was applied: {@link reset} replays it. @internal */
  private baseline: { readonly state: Snapshots.Snapshot; readonly seededAt: number } | undefined
  /** Milliseconds {@link advanceClock} moved this emulator's time ahead. @internal */
  private clockOffset = 0
  /** @internal */
  private readonly traffic: Traffic
  /**
   * The emulator as an `HttpApp`: the API's routes and the control plane's.
   *
   * @internal
   */
  readonly app: App

  /**
   * Every request answered, in order.
   *
   * @since 0.1.0
   */
  get exchanges(): ReadonlyArray<Exchange> {
    return this.traffic.exchanges
  }

  /**
   * Every request received, in order, including those a fault stalled or dropped.
   *
   * @since 0.1.0
   */
  get requests(): ReadonlyArray<ReceivedRequest> {
    return this.traffic.requests
  }

  /**
   * @internal
   *
   * @since 0.1.0
   */
  constructor(private readonly options: Options) {
    this.world = new World({
      seed: options.seed ?? "workos",
      ...connection(options),
      lifetimes: { ...defaultLifetimes, ...options.lifetimes },
      roles: options.roles ?? [
        { slug: "member", permissions: [] },
        { slug: "admin", permissions: ["users:read", "users:write", "organization:manage"] }
      ],
      multipleRoles: options.multipleRoles ?? false,
      history: options.history
    })
    this.auth = new Authenticator(this.world)
    this.traffic = new Traffic(
      options.rateLimits === true
        ? documentedRateLimits
        : options.rateLimits === false || options.rateLimits === undefined
        ? {}
        : options.rateLimits,
      options.history
    )
    const time = (clockMillis: number) => clockMillis + this.clockOffset
    this.app = Serve.app(
      apiApp({
        world: this.world,
        traffic: this.traffic,
        time,
        onExchange: (exchange) => options.onExchange?.(exchange)
      }),
      options.control === false ? undefined : controlApp(this, time)
    )
  }

  /**
   * The API key a client must send as `Authorization: Bearer <key>`.
   *
   * @since 0.1.0
   */
  get apiKey(): string {
    return this.world.options.apiKey
  }

  /**
   * The client id of the emulated environment.
   *
   * @since 0.1.0
   */
  get clientId(): string {
    return this.world.options.clientId
  }

  /**
   * The origin clients use (for a served emulator, its URL).
   *
   * @since 0.1.0
   */
  get baseUrl(): string {
    return this.world.options.baseUrl
  }

  /**
   * What a client needs to talk to this emulator: its API key, client id and base URL.
   *
   * @since 0.2.0
   */
  get connection(): Connection {
    return { apiKey: this.apiKey, clientId: this.clientId, baseUrl: this.baseUrl }
  }

  /**
   * Create an organization now.
   *
   * @since 0.1.0
   */
  createOrganization(seed: SeedOrganization, now: number): string {
    return this.world.createOrganization(seed, now).id
  }

  /**
   * Create a user now (with its factor and memberships). Returns the user id.
   *
   * @since 0.1.0
   */
  createUser(seed: SeedUser, now: number): string {
    const world = this.world
    const user: UserRecord = world.createUser({
      email: seed.email,
      first_name: seed.firstName,
      last_name: seed.lastName,
      email_verified: seed.emailVerified ?? true,
      external_id: seed.externalId,
      metadata: seed.metadata ? { ...seed.metadata } : undefined,
      passwordHash: seed.password === undefined ? undefined : world.hashPassword(seed.password),
      radar: seed.radar
    }, now)
    user.identities = (seed.identities ?? []).map((i) => ({ idp_id: i.idpId, type: "OAuth", provider: i.provider }))
    if (seed.totpSecret !== undefined) world.enrollTotp(user, "WorkOS", user.email, seed.totpSecret, now)
    for (const membership of seed.memberships ?? []) {
      const org = world.organizations.get(membership.organization) ??
        [...world.organizations.values()].find((o) => o.name === membership.organization)
      if (!org) throw new Error(`Seed: no organization "${membership.organization}" for ${seed.email}`)
      world.createMembership(user.id, org.id, [membership.role ?? "member"], membership.status ?? "active", now)
    }
    return user.id
  }

  /**
   * Turn a feature flag on for users and organizations.
   *
   * @since 0.1.0
   */
  addFeatureFlag(
    flag: {
      readonly slug: string
      readonly name?: string
      readonly userIds?: ReadonlyArray<string>
      readonly organizationIds?: ReadonlyArray<string>
    },
    now: number
  ): string {
    const at = iso(now)
    const id = this.world.id("flag", now)
    this.world.featureFlags.set(id, {
      seq: this.world.nextSeq(),
      id,
      slug: flag.slug,
      name: flag.name ?? flag.slug,
      description: null,
      tags: [],
      enabled: true,
      default_value: false,
      userIds: [...(flag.userIds ?? [])],
      organizationIds: [...(flag.organizationIds ?? [])],
      created_at: at,
      updated_at: at
    })
    return id
  }

  /**
   * Add a Connect application the user has authorized.
   *
   * @since 0.1.0
   */
  addAuthorizedApplication(
    userId: string,
    application: { readonly name: string; readonly scopes?: ReadonlyArray<string> },
    now: number
  ): string {
    const at = iso(now)
    const id = this.world.id("authorized_connect_app", now)
    const scopes = [...(application.scopes ?? ["openid", "profile"])]
    this.world.authorizedApplications.set(id, {
      seq: this.world.nextSeq(),
      id,
      user_id: userId,
      object: "authorized_connect_application",
      granted_scopes: scopes,
      application: {
        object: "connect_application",
        id: this.world.id("conn_app", now),
        client_id: this.world.id("client", now),
        description: null,
        name: application.name,
        scopes,
        application_type: "oauth",
        redirect_uris: [{ uri: "https://app.example.com/callback", default: true }],
        uses_pkce: true,
        is_first_party: true,
        created_at: at,
        updated_at: at
      }
    })
    return id
  }

  /**
   * Add a data provider (Pipes) users can connect accounts to.
   *
   * @since 0.1.0
   */
  addDataProvider(provider: { readonly slug: string; readonly name?: string }, now: number): string {
    const at = iso(now)
    const id = this.world.id("data_provider", now)
    this.world.dataProviders.push({
      seq: this.world.nextSeq(),
      id,
      object: "data_provider",
      name: provider.name ?? provider.slug,
      description: null,
      slug: provider.slug,
      integration_type: provider.slug,
      credentials_type: "oauth",
      integrationType: provider.slug,
      credentialsType: "oauth",
      scopes: [],
      auth_methods: ["oauth"],
      ownership: "userland_user",
      created_at: at,
      updated_at: at,
      createdAt: at,
      updatedAt: at
    })
    return id
  }

  /**
   * Add a directory group and put memberships in it.
   *
   * @since 0.1.0
   */
  addGroup(organizationId: string, name: string, membershipIds: ReadonlyArray<string>, now: number): string {
    const at = iso(now)
    const id = this.world.id("group", now)
    this.world.groups.set(id, {
      seq: this.world.nextSeq(),
      id,
      organization_id: organizationId,
      name,
      description: null,
      created_at: at,
      updated_at: at,
      membershipIds: [...membershipIds]
    })
    return id
  }

  /**
   * What WorkOS would have emailed (or texted), oldest first.
   *
   * @since 0.1.0
   */
  outbox(
    filter: { readonly to?: string | undefined; readonly kind?: OutboxMessage["kind"] | undefined } = {}
  ): ReadonlyArray<OutboxMessage> {
    return this.world.outbox.filter((m) =>
      (filter.to === undefined || m.to.toLowerCase() === filter.to.toLowerCase()) &&
      (filter.kind === undefined || m.kind === filter.kind)
    )
  }

  /**
   * The newest message matching the filter, or `undefined`.
   *
   * @since 0.1.0
   */
  lastMessage(filter: { readonly to?: string; readonly kind?: OutboxMessage["kind"] } = {}): OutboxMessage | undefined {
    return this.outbox(filter).at(-1)
  }

  /**
   * Every event recorded so far, oldest first, as `GET /events` sends them.
   *
   * @since 0.2.0
   */
  events(): ReadonlyArray<WireEvent> {
    return this.world.eventLog.events.map(eventJson)
  }

  /**
   * Register a webhook endpoint: every later event it subscribes to (all when `events` is
   * absent) is delivered there, signed with `secret` (generated when absent), by
   * {@link deliverWebhooks}. Also reachable over HTTP: `POST /__emulator/webhook_endpoints`
   * with `{ endpoint_url, secret?, events? }` and the API key.
   *
   * @since 0.2.0
   */
  addWebhookEndpoint(
    endpoint: { readonly url: string; readonly secret?: string; readonly events?: ReadonlyArray<string> },
    now: number
  ): { readonly id: string; readonly secret: string } {
    const { id, secret } = this.world.addWebhookEndpoint(endpoint, now)
    return { id, secret }
  }

  /**
   * Every webhook delivery so far: its event, its state and the status of each attempt
   * (`null` when no response arrived).
   *
   * @since 0.2.0
   */
  webhookDeliveries(): ReadonlyArray<WebhookDelivery> {
    return this.world.eventLog.deliveries.map((d) => ({
      endpointId: d.endpoint.id,
      eventId: d.eventId,
      state: d.state,
      statuses: [...d.statuses]
    }))
  }

  /**
   * Script failures for the next matching requests.
   *
   * @since 0.1.0
   */
  failNext(fault: Fault): void {
    this.traffic.queueFault(fault)
  }

  /**
   * An authorization code, as if the user had signed in through AuthKit (or been impersonated).
   *
   * @since 0.1.0
   */
  issueAuthorizationCode(
    options: Parameters<Authenticator["issueAuthorizationCode"]>[0],
    now: number
  ): string {
    return this.auth.issueAuthorizationCode(options, now)
  }

  /**
   * The user approves a device authorization (by the code shown on the device).
   *
   * @since 0.1.0
   */
  approveDevice(userCode: string, userId: string): void {
    this.auth.decideDevice(userCode, { userId })
  }

  /**
   * The user denies a device authorization.
   *
   * @since 0.1.0
   */
  denyDevice(userCode: string): void {
    this.auth.decideDevice(userCode, "deny")
  }

  /**
   * Sign new access tokens with the next key; returns its `kid`.
   *
   * @since 0.1.0
   */
  rotateSigningKey(): string {
    return this.auth.rotateSigningKey()
  }

  /**
   * How many answered requests match a method and path template, since the start.
   *
   * @since 0.1.0
   */
  count(method: string, template: string): number {
    return this.traffic.count(method, template)
  }

  /**
   * How many answers had this status (e.g. 429), since the start.
   *
   * @since 0.1.0
   */
  statusCount(status: number): number {
    return this.traffic.statusCount(status)
  }

  /**
   * A user as the API returns it, or `undefined`.
   *
   * @since 0.1.0
   */
  userJson(userId: string): Record<string, unknown> | undefined {
    const user = this.world.users.get(userId)
    return user === undefined ? undefined : userJson(user)
  }

  /**
   * Create the organizations, then the users, of a seed given as JSON (a seed file, the
   * control plane's `POST /__emulator/seed`). A field that is not a seed's fails with
   * {@link SeedError}, naming it, and nothing is created.
   *
   * @since 0.2.0
   */
  seed(input: unknown, now: number): Seeded {
    const decoded = decodeSeed(input)
    if (decoded._tag === "Left") throw new SeedError(decoded.left)
    return {
      organizations: (decoded.right.organizations ?? []).map((org) => this.createOrganization(org, now)),
      users: (decoded.right.users ?? []).map((user) => this.createUser(user, now))
    }
  }

  /**
   * The whole state as JSON, to save and {@link restore} later (or to start another
   * emulator from, with the `snapshot` option or `--snapshot FILE`).
   *
   * @since 0.2.0
   */
  snapshot(): Snapshot {
    return Snapshots.save(this.world, this.auth)
  }

  /**
   * Replace the state with a snapshot's. A malformed snapshot fails with
   * {@link SnapshotError}, naming the field, and changes nothing.
   *
   * @since 0.2.0
   */
  restore(snapshot: unknown): void {
    try {
      Snapshots.restore(this.world, this.auth, snapshot)
    } catch (error) {
      if (error instanceof Snapshots.SnapshotError) throw new SnapshotError(error.message)
      throw error
    }
  }

  /**
   * Back to the state the emulator started in (its seed), with no faults queued and empty
   * request logs.
   *
   * @since 0.2.0
   */
  reset(): void {
    if (this.baseline !== undefined) {
      this.restore(this.baseline.state)
      this.applySeed(this.baseline.seededAt)
    }
    this.traffic.clear()
  }

  /**
   * Apply the options' snapshot and seed, remembering the state before the seed so
   * {@link reset} can replay it (a copy of the seeded state could be large).
   *
   * @internal
   */
  start(now: number): void {
    if (this.options.snapshot !== undefined) this.restore(this.options.snapshot)
    this.baseline = { state: this.snapshot(), seededAt: now }
    this.applySeed(now)
  }

  /** @internal */
  private applySeed(now: number): void {
    for (const org of this.options.organizations ?? []) this.createOrganization(org, now)
    for (const user of this.options.users ?? []) this.createUser(user, now)
  }

  /**
   * The faults still queued, each with how many requests it has left to fail.
   *
   * @since 0.2.0
   */
  pendingFaults(): ReadonlyArray<Fault & { readonly remaining: number }> {
    return this.traffic.pendingFaults()
  }

  /**
   * Drop every queued fault.
   *
   * @since 0.2.0
   */
  clearFaults(): void {
    this.traffic.clearFaults()
  }

  /**
   * Move this emulator's time ahead (codes, tokens and sessions expire sooner). It adds to
   * the time each request is answered at, so it works over HTTP, where the clock is real.
   *
   * @since 0.2.0
   */
  advanceClock(millis: number): void {
    this.clockOffset += Math.max(0, millis)
  }

  /**
   * The newest message matching the filter among those sent from `after` on (a position in
   * {@link outbox}; default 0, so one sent already counts), waiting up to `timeoutMillis`
   * of real time for one to be sent. `undefined` when none came.
   *
   * @since 0.2.0
   */
  waitForMessage(
    filter: { readonly to?: string | undefined; readonly kind?: OutboxMessage["kind"] | undefined },
    options: { readonly after?: number | undefined; readonly timeoutMillis: number }
  ): Promise<OutboxMessage | undefined> {
    const matches = (m: OutboxMessage) =>
      (filter.to === undefined || m.to.toLowerCase() === filter.to.toLowerCase()) &&
      (filter.kind === undefined || m.kind === filter.kind)
    const outbox = this.world.outbox
    for (let i = outbox.length - 1; i >= (options.after ?? 0); i--) {
      if (matches(outbox[i]!)) return Promise.resolve(outbox[i])
    }
    return new Promise((resolve) => {
      const listener = (message: OutboxMessage) => {
        if (!matches(message)) return
        done(message)
      }
      const timer = setTimeout(() => done(undefined), options.timeoutMillis)
      const done = (message: OutboxMessage | undefined) => {
        clearTimeout(timer)
        this.world.sendListeners.delete(listener)
        resolve(message)
      }
      this.world.sendListeners.add(listener)
    })
  }

  /**
   * Every user, as the API returns them, oldest first.
   *
   * @since 0.2.0
   */
  users(): ReadonlyArray<Record<string, unknown> & { readonly id: string; readonly email: string }> {
    return Array.from(this.world.users.values(), userJson)
  }

  /**
   * The id of the user with this email (case-insensitive), or `undefined`.
   *
   * @since 0.2.0
   */
  userId(email: string): string | undefined {
    return this.world.userByEmail(email)?.id
  }

  /**
   * Every organization membership, as the API returns them, oldest first.
   *
   * @since 0.2.0
   */
  memberships(): ReadonlyArray<Record<string, unknown> & { readonly id: string; readonly user_id: string }> {
    return Array.from(this.world.memberships.values(), (m) => this.world.membershipJson(m))
  }

  /**
   * Every session, as the API returns them at time `now`, oldest first.
   *
   * @since 0.2.0
   */
  sessions(now: number): ReadonlyArray<Record<string, unknown> & { readonly id: string; readonly user_id: string }> {
    return Array.from(this.world.sessions.values(), (s) => this.world.sessionJson(s, now))
  }

  /**
   * Every enrolled authentication factor, as the API returns them (without secrets).
   *
   * @since 0.2.0
   */
  factors(): ReadonlyArray<Record<string, unknown> & { readonly id: string }> {
    return Array.from(this.world.factors.values(), (f) => this.world.factorJson(f, false))
  }

  /**
   * Answer one request at a given time (the emulator's `app`, run with a clock stopped at
   * `at`). A request a fault stalls never settles; one it drops gives `{ drop: true }`.
   *
   * @since 0.1.0
   */
  dispatch(request: EmulatorRequest, at: number): Promise<Outcome> {
    const query = request.query.toString()
    const web = new Request(`http://emulator${request.path}${query === "" ? "" : `?${query}`}`, {
      method: request.method,
      headers: request.headers,
      body: request.method === "GET" || request.method === "HEAD" ? null : request.body
    })
    return Effect.runPromise(this.app.pipe(
      Effect.provideService(HttpServerRequest.HttpServerRequest, HttpServerRequest.fromWeb(web)),
      Effect.flatMap((response) => {
        const answer = HttpServerResponse.toWeb(response)
        return Effect.promise(async (): Promise<Outcome> => {
          const text = await answer.text()
          const headers: Record<string, string> = {}
          answer.headers.forEach((value, key) => (headers[key] = value))
          return {
            status: answer.status,
            headers,
            body: text === "" ? undefined : headers["content-type"] === "application/json" ? JSON.parse(text) : text
          }
        })
      }),
      Effect.catchTag("Dropped", () => Effect.succeed<Outcome>({ drop: true })),
      Effect.withClock(stoppedClock(at))
    ))
  }
}

/** A `Clock` that reads `millis` and sleeps in real time. */
const stoppedClock = (millis: number): Clock.Clock => {
  const real = Clock.make()
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => millis,
    currentTimeMillis: Effect.succeed(millis),
    unsafeCurrentTimeNanos: () => BigInt(millis) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(millis) * 1_000_000n),
    sleep: (duration) => real.sleep(duration)
  }
}

/**
 * A seed that is not one: the message names the first bad field
 * (`users[2].email: Expected string, actual 42`).
 *
 * @since 0.2.0
 * @category errors
 */
export class SeedError extends Error {
  /**
   * Always `"SeedError"`.
   *
   * @since 0.2.0
   */
  override readonly name = "SeedError"
}

/**
 * A snapshot that can't be restored: the message names the first bad field.
 *
 * @since 0.2.0
 * @category errors
 */
export class SnapshotError extends Error {
  /**
   * Always `"SnapshotError"`.
   *
   * @since 0.2.0
   */
  override readonly name = "SnapshotError"
}

/**
 * {@link listen} could not open its port (in use, no permission, no such interface).
 *
 * @since 0.2.0
 * @category errors
 */
export class ListenError extends Error {
  /**
   * Always `"ListenError"`.
   *
   * @since 0.2.0
   */
  override readonly name = "ListenError"
}

/**
 * The emulator as a service, to reach it from tests: `yield* Emulator`.
 *
 * @since 0.1.0
 * @category tags
 */
export class Emulator extends Context.Tag("effect-workos-emulator/Emulator")<Emulator, EmulatorInstance>() {}

/**
 * What a client needs to reach an emulator: the API key it accepts, its client id and the
 * base URL it answers on. Spread it into the SDK's `WorkOSConfig.layer`, or pass it to any
 * other client.
 *
 * @since 0.2.0
 * @category models
 */
export interface Connection {
  readonly apiKey: string
  readonly clientId: string
  readonly baseUrl: string
}

/**
 * The {@link Connection} an emulator made with these options has (the defaults filled in:
 * `sk_test_emulator`, `client_emulator`, `https://api.workos.com`).
 *
 * @since 0.2.0
 * @category constructors
 */
export const connection = (options: Options = {}): Connection => ({
  apiKey: options.apiKey ?? "sk_test_emulator",
  clientId: options.clientId ?? "client_emulator",
  baseUrl: options.baseUrl ?? "https://api.workos.com"
})

/**
 * Create an emulator and apply the seed, at the current `Clock` time.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<EmulatorInstance> =>
  Effect.map(Clock.currentTimeMillis, (now) => makeAt(options, now))

/**
 * Create an emulator at a given time (for callers outside Effect).
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeAt = (options: Options, now: number): EmulatorInstance => {
  const instance = new EmulatorInstance(options)
  instance.start(now)
  return instance
}

/**
 * An `HttpClient` served by an emulator, in process. The request runs on the caller's
 * fiber, so the caller's `Clock` (a `TestClock` in tests) is the emulator's time.
 *
 * @since 0.1.0
 * @category constructors
 */
export const httpClient = (instance: EmulatorInstance): HttpClient.HttpClient => Serve.client(instance.app)

/**
 * The layers of an existing instance: the {@link Emulator} service and an `HttpClient`
 * it serves (bring your own `WorkOSConfig`, e.g. to test retries).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFrom = (instance: EmulatorInstance): Layer.Layer<Emulator | HttpClient.HttpClient> =>
  Layer.merge(Layer.succeed(Emulator, instance), Layer.succeed(HttpClient.HttpClient, httpClient(instance)))

/**
 * The emulator in process: its {@link Emulator} service and an `HttpClient` it serves.
 * Configure the SDK with {@link connection} of the same options (a `WorkOSConfig` with
 * `retry: "none"` lets tests see failures at once).
 *
 * @example
 * ```ts
 * import { Effect, Layer, Stream } from "effect"
 * import { Users, WorkOSConfig } from "effect-workos"
 * import { Emulator } from "effect-workos-emulator"
 *
 * const seed: Emulator.Options = { users: [{ email: "ada@example.com", password: "correct horse" }] }
 * const TestWorkOS = Layer.merge(
 *   Emulator.layer(seed),
 *   WorkOSConfig.layer({ ...Emulator.connection(seed), retry: "none" })
 * )
 * const program = Users.list().pipe(Stream.runCollect, Effect.provide(TestWorkOS))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Emulator | HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(make(options), layerFrom))

/**
 * Deliver webhooks as WorkOS does, until interrupted: each event goes to every endpoint
 * registered for it as a `POST` of the event's JSON with a `WorkOS-Signature` header
 * (`t=<milliseconds>, v1=<hex HMAC-SHA256 of "<t>.<body>">`). A response other than 2xx
 * (or none within 10 seconds) is retried after 1, 2, 4, 8 and 16 seconds of the `Clock`,
 * then the delivery is marked failed. {@link listen} and {@link serve} run it already; in
 * process, fork it with the `HttpClient` that reaches your endpoint.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect } from "effect"
 * import { Emulator } from "effect-workos-emulator"
 *
 * const program = Effect.gen(function*() {
 *   const emulator = yield* Emulator.make()
 *   emulator.addWebhookEndpoint({ url: "http://127.0.0.1:3000/webhooks", secret: "whsec_test" }, Date.now())
 *   yield* Emulator.deliverWebhooks(emulator).pipe(Effect.provide(FetchHttpClient.layer), Effect.forkScoped)
 * })
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const deliverWebhooks = (instance: EmulatorInstance): Effect.Effect<never, never, HttpClient.HttpClient> =>
  Effect.scoped(Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const log = instance.world.eventLog
    const wake = yield* Queue.sliding<void>(1)
    yield* Effect.acquireRelease(
      Effect.sync(() => log.onRecord(() => Queue.unsafeOffer(wake, undefined))),
      (stop) => Effect.sync(stop)
    )
    const attempt = (url: string, secret: string, body: string, now: number) =>
      client.execute(
        HttpClientRequest.post(url).pipe(
          HttpClientRequest.setHeader("workos-signature", signature(secret, now, body)),
          HttpClientRequest.bodyText(body, "application/json")
        )
      ).pipe(
        Effect.map((response) => response.status),
        Effect.scoped,
        Effect.timeout("10 seconds"),
        Effect.orElseSucceed(() => null)
      )
    while (true) {
      const now = yield* Clock.currentTimeMillis
      for (const delivery of log.due(now)) {
        const status = yield* attempt(delivery.endpoint.url, delivery.endpoint.secret, delivery.body, now)
        log.attempted(delivery, status, yield* Clock.currentTimeMillis)
      }
      const next = log.nextDueAt()
      const later = yield* Clock.currentTimeMillis
      yield* Effect.race(
        Queue.take(wake),
        next === undefined ? Effect.never : Effect.sleep(Math.max(0, next - later))
      )
    }
  }))

/**
 * A running HTTP emulator.
 *
 * @since 0.1.0
 * @category models
 */
export interface Server {
  readonly url: string
  readonly emulator: EmulatorInstance
}

/**
 * Serve an emulator over real HTTP until the scope closes. Port 0 picks a free port.
 * Time is the real clock. Fails with {@link ListenError} when the port can't be opened.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (
  options: ListenOptions = {}
): Effect.Effect<Server, ListenError, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.tryPromise({
        try: () => listen(options),
        catch: (error) => error instanceof ListenError ? error : new ListenError(String(error))
      }),
      ({ close }) => Effect.promise(close)
    ),
    ({ emulator, url }) => ({ emulator, url })
  )

/**
 * Start an HTTP emulator outside Effect (for scripts and other test runners).
 *
 * @since 0.1.0
 * @category constructors
 */
export const listen = async (
  options: ListenOptions = {}
): Promise<Server & { readonly close: () => Promise<void> }> => {
  const host = options.host ?? "127.0.0.1"
  const port = options.port ?? 0
  const scope = Effect.runSync(Scope.make())
  let nodeServer: http.Server | undefined
  const started = await Effect.runPromiseExit(
    NodeHttpServer.make(() => (nodeServer = http.createServer()), { port, host }).pipe(
      Scope.extend(scope),
      Effect.mapError(({ cause }) => {
        const code = (cause as NodeJS.ErrnoException | undefined)?.code
        return new ListenError(
          code === "EADDRINUSE"
            ? `Port ${port} on ${host} is in use`
            : code === "EACCES"
            ? `No permission to listen on port ${port} on ${host}`
            : `Cannot listen on ${host}:${port}: ${cause instanceof Error ? cause.message : String(cause)}`
        )
      }),
      Effect.tapError(() => Scope.close(scope, Exit.void))
    )
  )
  if (Exit.isFailure(started)) throw Cause.squash(started.cause)
  const server = started.value
  const address = server.address as HttpServer.TcpAddress
  const url = `http://${host}:${address.port}`
  // The instance needs the listening URL (issuers, emailed links), so it is made after it.
  const instance = makeAt({ ...options, baseUrl: options.baseUrl ?? url }, Date.now())
  await Effect.runPromise(server.serve(Serve.served(instance.app, options.latency ?? 0)).pipe(Scope.extend(scope)))
  const delivery = Effect.runFork(deliverWebhooks(instance).pipe(Effect.provide(FetchHttpClient.layer)))
  return {
    url,
    emulator: instance,
    close: async () => {
      await Effect.runPromise(Fiber.interrupt(delivery))
      // Idle keep-alive connections would hold the server open.
      nodeServer?.closeAllConnections()
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  }
}

/**
 * The emulator as a web handler (`Request` → `Response`), for a server or framework of
 * your own (a service worker, Hono, a Cloudflare Worker, `Bun.serve`). Time is the real
 * clock; webhooks are not delivered (fork {@link deliverWebhooks} for that), and a fault's
 * `drop` answers nothing, like `stall`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const webHandler = (
  instance: EmulatorInstance,
  options: { readonly latency?: number | undefined } = {}
): (request: Request) => Promise<Response> => HttpApp.toWebHandler(Serve.handled(instance.app, options.latency ?? 0))
