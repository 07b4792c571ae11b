/**
 * A running emulator: seed it, read what it sent, script faults, save and restore its
 * state. {@link EmulatorInstance} is what `Emulator.make`, `Emulator.layer` (as the
 * `Emulator` service) and `Emulator.listen` give you.
 *
 * Methods that create records take the time as an optional last argument; without it,
 * they use the emulator's clock: the `Clock` of the fiber that made it (a `TestClock` in
 * tests) plus what {@link EmulatorInstance.advanceClock} moved.
 *
 * @since 0.2.0
 */
import * as Clock from "effect/Clock"
import type {
  Connection,
  Exchange,
  Fault,
  Options,
  OutboxMessage,
  ReceivedRequest,
  Seeded,
  SeedOrganization,
  SeedUser,
  Snapshot,
  WebhookDelivery,
  WireEvent
} from "./Emulator.js"
import { apiApp, type App } from "./internal/app.js"
import { Authenticator } from "./internal/authenticate.js"
import { controlApp } from "./internal/control.js"
import { type EmulatorRequest } from "./internal/core.js"
import { eventJson } from "./internal/events.js"
import * as Fixtures from "./internal/fixtures.js"
import * as Outbox from "./internal/outbox.js"
import { decodeSeed } from "./internal/seed.js"
import * as Serve from "./internal/serve.js"
import * as Snapshots from "./internal/snapshot.js"
import { Traffic } from "./internal/traffic.js"
import { factorJson, sessionJson, userJson } from "./internal/wire.js"
import { connectionOf, defaultLifetimes, documentedRateLimits, World } from "./internal/world.js"

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
  constructor(private readonly options: Options, private readonly clock: Clock.Clock = Clock.make()) {
    this.world = new World({
      seed: options.seed ?? "workos",
      ...connectionOf(options),
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
   * The emulator's time now: its clock (the `Clock` of the fiber that made it) plus what
   * {@link advanceClock} moved.
   *
   * @since 0.2.0
   */
  now(): number {
    return this.clock.unsafeCurrentTimeMillis() + this.clockOffset
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
  createOrganization(seed: SeedOrganization, now: number = this.now()): string {
    return Fixtures.createOrganization(this.world, seed, now)
  }

  /**
   * Create a user now (with its factor and memberships). Returns the user id.
   *
   * @since 0.1.0
   */
  createUser(seed: SeedUser, now: number = this.now()): string {
    return Fixtures.createUser(this.world, seed, now)
  }

  /**
   * Turn a feature flag on for users and organizations.
   *
   * @since 0.1.0
   */
  addFeatureFlag(flag: Fixtures.FeatureFlag, now: number = this.now()): string {
    return Fixtures.addFeatureFlag(this.world, flag, now)
  }

  /**
   * Add a Connect application the user has authorized.
   *
   * @since 0.1.0
   */
  addAuthorizedApplication(
    userId: string,
    application: Fixtures.AuthorizedApplication,
    now: number = this.now()
  ): string {
    return Fixtures.addAuthorizedApplication(this.world, userId, application, now)
  }

  /**
   * Add a data provider (Pipes) users can connect accounts to.
   *
   * @since 0.1.0
   */
  addDataProvider(provider: Fixtures.DataProvider, now: number = this.now()): string {
    return Fixtures.addDataProvider(this.world, provider, now)
  }

  /**
   * Add a directory group and put memberships in it.
   *
   * @since 0.1.0
   */
  addGroup(
    organizationId: string,
    name: string,
    membershipIds: ReadonlyArray<string>,
    now: number = this.now()
  ): string {
    return Fixtures.addGroup(this.world, organizationId, name, membershipIds, now)
  }

  /**
   * What WorkOS would have emailed (or texted), oldest first.
   *
   * @since 0.1.0
   */
  outbox(filter: Outbox.OutboxFilter = {}): ReadonlyArray<OutboxMessage> {
    return this.world.outbox.filter(Outbox.matches(filter))
  }

  /**
   * The newest message matching the filter, or `undefined`.
   *
   * @since 0.1.0
   */
  lastMessage(filter: Outbox.OutboxFilter = {}): OutboxMessage | undefined {
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
    now: number = this.now()
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
    now: number = this.now()
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
  seed(input: unknown, now: number = this.now()): Seeded {
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
    filter: Outbox.OutboxFilter,
    options: { readonly after?: number | undefined; readonly timeoutMillis: number }
  ): Promise<OutboxMessage | undefined> {
    return Outbox.waitForMessage(this.world, filter, options)
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
  sessions(
    now: number = this.now()
  ): ReadonlyArray<Record<string, unknown> & { readonly id: string; readonly user_id: string }> {
    return Array.from(this.world.sessions.values(), (s) => sessionJson(s, now))
  }

  /**
   * Every enrolled authentication factor, as the API returns them (without secrets).
   *
   * @since 0.2.0
   */
  factors(): ReadonlyArray<Record<string, unknown> & { readonly id: string }> {
    return Array.from(this.world.factors.values(), (f) => factorJson(f, false))
  }

  /**
   * Answer one request at a given time (the emulator's `app`, run with a clock stopped at
   * `at`). A request a fault stalls never settles; one it drops gives `{ drop: true }`.
   *
   * @since 0.1.0
   */
  dispatch(request: EmulatorRequest, at: number): Promise<Serve.Outcome> {
    return Serve.dispatchAt(this.app, request, at)
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
