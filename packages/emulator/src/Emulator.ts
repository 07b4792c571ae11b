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
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as Instance from "./EmulatorInstance.js"
import type * as Core from "./internal/core.js"
import * as Serve from "./internal/serve.js"
import type * as Snapshots from "./internal/snapshot.js"
import * as Webhooks from "./internal/webhooks.js"
import * as World from "./internal/world.js"

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
export const documentedRateLimits: { readonly reads: RateLimit; readonly writes: RateLimit } =
  World.documentedRateLimits

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
  readonly roles?: ReadonlyArray<World.RoleDefinition> | undefined
  /** Allow more than one role per membership. Default `false`, as in a new environment. */
  readonly multipleRoles?: boolean | undefined
  readonly lifetimes?: Partial<World.Lifetimes> | undefined
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
 * A seed that is not one: the message names the first bad field
 * (`users[2].email: Expected string, actual 42`).
 *
 * @since 0.2.0
 * @category errors
 */
export const SeedError: typeof Instance.SeedError = Instance.SeedError

/**
 * The type of {@link SeedError}.
 *
 * @since 0.2.0
 * @category errors
 */
export type SeedError = Instance.SeedError

/**
 * A snapshot that can't be restored: the message names the first bad field.
 *
 * @since 0.2.0
 * @category errors
 */
export const SnapshotError: typeof Instance.SnapshotError = Instance.SnapshotError

/**
 * The type of {@link SnapshotError}.
 *
 * @since 0.2.0
 * @category errors
 */
export type SnapshotError = Instance.SnapshotError

/**
 * A running emulator (see the `EmulatorInstance` module).
 *
 * @since 0.1.0
 * @category models
 */
export type EmulatorInstance = Instance.EmulatorInstance

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
export const connection = (options: Options = {}): Connection => World.connectionOf(options)

/**
 * Create an emulator and apply the seed, at the current `Clock` time. That `Clock` stays
 * the emulator's clock (see {@link EmulatorInstance.now}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<EmulatorInstance> =>
  Effect.clockWith((clock) =>
    Effect.sync(() => {
      const instance = new Instance.EmulatorInstance(options, clock)
      instance.start(clock.unsafeCurrentTimeMillis())
      return instance
    })
  )

/**
 * Create an emulator at a given time (for callers outside Effect). Its clock is the real
 * one.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeAt = (options: Options, now: number): EmulatorInstance => {
  const instance = new Instance.EmulatorInstance(options)
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
 *   emulator.addWebhookEndpoint({ url: "http://127.0.0.1:3000/webhooks", secret: "whsec_test" })
 *   yield* Emulator.deliverWebhooks(emulator).pipe(Effect.provide(FetchHttpClient.layer), Effect.forkScoped)
 * })
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const deliverWebhooks = (instance: EmulatorInstance): Effect.Effect<never, never, HttpClient.HttpClient> =>
  Webhooks.deliver(instance.world.eventLog)

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
  const socket = await Serve.open(host, port)
  if (typeof socket === "string") throw new ListenError(socket)
  const { scope, server, url } = socket
  // The instance needs the listening URL (issuers, emailed links), so it is made after it.
  const instance = makeAt({ ...options, baseUrl: options.baseUrl ?? url }, Date.now())
  await Effect.runPromise(server.serve(Serve.served(instance.app, options.latency ?? 0)).pipe(Scope.extend(scope)))
  const delivery = Effect.runFork(deliverWebhooks(instance).pipe(Effect.provide(FetchHttpClient.layer)))
  return {
    url,
    emulator: instance,
    close: async () => {
      await Effect.runPromise(Fiber.interrupt(delivery))
      await Serve.close(socket)
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
