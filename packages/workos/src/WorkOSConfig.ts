/**
 * Configuration of the SDK: credentials, base URL, timeout and retry policy.
 *
 * Nothing is read at import time. Build the service with {@link layer} (values you pass)
 * or {@link layerConfig} (Effect `Config`, by default `WORKOS_API_KEY`,
 * `WORKOS_CLIENT_ID`, `WORKOS_BASE_URL`). Bad values fail the layer with a
 * `ConfigError`, never a crash.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { dual } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { Coordination, type CoordinationService } from "./Coordination.js"
import { makeLimiter } from "./internal/rateLimiter.js"
import { toRedacted } from "./internal/secret.js"

/**
 * How failed calls are retried. Safe calls (GET, PUT, DELETE) retry on 408, 429, 500,
 * 502, 503, 504, transport errors and timeouts. Calls that create something or spend a
 * one-time credential retry only when the server cannot have acted (429, connection
 * never established).
 *
 * The delay before retry `n` (1-based) is `min(baseDelay × factor^n, maxDelay)`,
 * multiplied by a random jitter in [0.5, 1.5]; a `Retry-After` header wins, capped at
 * `maxRetryAfter`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy {
  readonly maxRetries: number
  readonly baseDelay: Duration.Duration
  readonly factor: number
  readonly maxDelay: Duration.Duration
  readonly maxRetryAfter: Duration.Duration
}

/**
 * 3 retries, 500 ms × 1.5ⁿ capped at 8 s with jitter, `Retry-After` capped at 60 s
 * (the official Node SDK's policy).
 *
 * @since 0.1.0
 * @category retry
 */
export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  baseDelay: Duration.millis(500),
  factor: 1.5,
  maxDelay: Duration.seconds(8),
  maxRetryAfter: Duration.seconds(60)
}

/**
 * Never retry.
 *
 * @since 0.1.0
 * @category retry
 */
export const noRetries: RetryPolicy = { ...defaultRetryPolicy, maxRetries: 0 }

/**
 * Options accepted by {@link retryPolicy}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicyOptions {
  readonly maxRetries?: number | undefined
  readonly baseDelay?: Duration.DurationInput | undefined
  readonly factor?: number | undefined
  readonly maxDelay?: Duration.DurationInput | undefined
  readonly maxRetryAfter?: Duration.DurationInput | undefined
}

/**
 * Build a retry policy from the default, overriding what you pass.
 *
 * @since 0.1.0
 * @category retry
 */
export const retryPolicy = (options: RetryPolicyOptions | "none"): RetryPolicy =>
  options === "none" ? noRetries : {
    maxRetries: options.maxRetries ?? defaultRetryPolicy.maxRetries,
    baseDelay: options.baseDelay === undefined ? defaultRetryPolicy.baseDelay : Duration.decode(options.baseDelay),
    factor: options.factor ?? defaultRetryPolicy.factor,
    maxDelay: options.maxDelay === undefined ? defaultRetryPolicy.maxDelay : Duration.decode(options.maxDelay),
    maxRetryAfter: options.maxRetryAfter === undefined
      ? defaultRetryPolicy.maxRetryAfter
      : Duration.decode(options.maxRetryAfter)
  }

/**
 * A client-side request limit: at most `limit` requests in any `window`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimit {
  readonly limit: number
  readonly window: Duration.DurationInput
}

/**
 * Client-side limits for the User Management API (`/user_management/*`): `reads` are GET
 * requests, `writes` the rest. Every call and stream that uses the same `WorkOSConfig`
 * shares them, retries included, so a bulk listing paces itself instead of collecting
 * 429s. They cannot see other processes using the same API key.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimits {
  readonly reads?: RateLimit | undefined
  readonly writes?: RateLimit | undefined
}

/**
 * WorkOS's documented AuthKit limits per environment: 1,000 reads and 500 writes per 10 s
 * on `/user_management/*`.
 *
 * @since 0.1.0
 * @category constants
 */
export const documentedRateLimits: RateLimits = {
  reads: { limit: 1000, window: "10 seconds" },
  writes: { limit: 500, window: "10 seconds" }
}

/**
 * What paces requests under {@link RateLimits}: the pipeline acquires a slot before every
 * attempt. Built by {@link make} from {@link Options.rateLimits}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestLimiter {
  /**
   * Wait until a request with this method and path template may be sent. When it answers
   * an effect, the pipeline runs that effect once the attempt has ended (its response
   * arrived, or it failed): the limiter then counts the request from then, not from the
   * grant, since the server counted it on arrival, somewhere in between.
   */
  readonly acquire: (method: string, pathTemplate: string) => Effect.Effect<void | Effect.Effect<void>>
}

/**
 * The configuration every endpoint reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkOSConfigService {
  /** The secret API key. Public (PKCE) clients have none. */
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly clientId: Option.Option<string>
  /** Origin of the API, without trailing slash. */
  readonly baseUrl: string
  /** Timeout of each attempt, including reading the body. */
  readonly timeout: Duration.Duration
  readonly retry: RetryPolicy
  /** Appended to `User-Agent: effect-workos/<version>`. */
  readonly userAgentSuffix: Option.Option<string>
  /** Paces requests when {@link Options.rateLimits} is set; absent means no client-side limit. */
  readonly rateLimiter?: RequestLimiter | undefined
}

/**
 * The configuration service.
 *
 * @since 0.1.0
 * @category tags
 */
export class WorkOSConfig extends Context.Tag("effect-workos/WorkOSConfig")<WorkOSConfig, WorkOSConfigService>() {}

/**
 * The WorkOS API origin, used when no base URL is configured.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.workos.com"

/**
 * The per-attempt timeout when none is configured: 30 seconds.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/**
 * Options for {@link make} and {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly apiKey?: string | Redacted.Redacted<string> | undefined
  readonly clientId?: string | undefined
  readonly baseUrl?: string | undefined
  readonly timeout?: Duration.DurationInput | undefined
  readonly retry?: RetryPolicy | RetryPolicyOptions | "none" | undefined
  readonly userAgentSuffix?: string | undefined
  /**
   * Pace requests on the client so a bulk job stays under the API's limits: `"documented"`
   * for {@link documentedRateLimits}, or your own. Off by default (429s are still retried
   * after their `Retry-After`).
   */
  readonly rateLimits?: RateLimits | "documented" | undefined
}

const validateRateLimits = (
  input: RateLimits | "documented" | undefined,
  coordination: CoordinationService
): Either.Either<RequestLimiter | undefined, ConfigError.ConfigError> => {
  if (input === undefined) return Either.right(undefined)
  const limits = input === "documented" ? documentedRateLimits : input
  const resolved: Record<string, { readonly limit: number; readonly window: Duration.Duration }> = {}
  for (const family of ["reads", "writes"] as const) {
    const limit = limits[family]
    if (limit === undefined) continue
    const window = Duration.decode(limit.window)
    if (
      !Number.isInteger(limit.limit) || limit.limit < 1 || !Duration.isFinite(window) || Duration.toMillis(window) <= 0
    ) {
      return Either.left(
        ConfigError.InvalidData(
          ["rateLimits", family],
          "A rate limit needs a positive integer limit and a positive, finite window"
        )
      )
    }
    resolved[family] = { limit: limit.limit, window }
  }
  return Either.right(makeLimiter(resolved, coordination))
}

const normalizeBaseUrl = (input: string): Either.Either<string, ConfigError.ConfigError> => {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return Either.left(ConfigError.InvalidData(["WORKOS_BASE_URL"], `Expected an absolute URL, got "${input}"`))
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return Either.left(ConfigError.InvalidData(["WORKOS_BASE_URL"], `Expected an http(s) URL, got "${input}"`))
  }
  if (url.search !== "" || url.hash !== "") {
    return Either.left(
      ConfigError.InvalidData(["WORKOS_BASE_URL"], "The base URL must not have a query string or fragment")
    )
  }
  return Either.right(url.href.replace(/\/+$/, ""))
}

const isRetryPolicy = (u: RetryPolicy | RetryPolicyOptions): u is RetryPolicy =>
  Duration.isDuration(u.baseDelay) && Duration.isDuration(u.maxDelay) && Duration.isDuration(u.maxRetryAfter) &&
  u.maxRetries !== undefined && u.factor !== undefined

const validateRetry = (policy: RetryPolicy): Either.Either<RetryPolicy, ConfigError.ConfigError> =>
  Number.isInteger(policy.maxRetries) && policy.maxRetries >= 0 && policy.factor >= 1
    ? Either.right(policy)
    : Either.left(
      ConfigError.InvalidData(["retry"], "maxRetries must be a non-negative integer and factor at least 1")
    )

/**
 * Validate options into the service value.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<WorkOSConfigService, ConfigError.ConfigError> =>
  Effect.gen(function*() {
    const baseUrl = yield* normalizeBaseUrl(options.baseUrl ?? defaultBaseUrl)
    const retry = yield* validateRetry(
      options.retry === undefined
        ? defaultRetryPolicy
        : options.retry === "none" || !isRetryPolicy(options.retry)
        ? retryPolicy(options.retry)
        : options.retry
    )
    const timeout = options.timeout === undefined ? defaultTimeout : Duration.decode(options.timeout)
    if (!Duration.isFinite(timeout) || Duration.toMillis(timeout) <= 0) {
      return yield* Effect.fail(ConfigError.InvalidData(["timeout"], "The timeout must be a positive, finite duration"))
    }
    const apiKey = options.apiKey === undefined
      ? Option.none()
      : Option.some(toRedacted(options.apiKey))
    if (Option.isSome(apiKey) && Redacted.value(apiKey.value).trim() === "") {
      return yield* Effect.fail(ConfigError.InvalidData(["WORKOS_API_KEY"], "The API key must not be empty"))
    }
    // With a shared `Coordination` (e.g. effect-workos-redis) the window is counted across replicas.
    const rateLimiter = yield* validateRateLimits(options.rateLimits, yield* Coordination)
    return {
      apiKey,
      clientId: Option.fromNullable(options.clientId),
      baseUrl,
      timeout,
      retry,
      userAgentSuffix: Option.fromNullable(options.userAgentSuffix),
      ...(rateLimiter === undefined ? {} : { rateLimiter })
    }
  })

/**
 * A layer from plain values.
 *
 * @example
 * ```ts
 * import { WorkOSConfig } from "effect-workos"
 *
 * const WorkOSLive = WorkOSConfig.layer({ apiKey: "sk_test_123", clientId: "client_123" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<WorkOSConfig, ConfigError.ConfigError> =>
  Layer.effect(WorkOSConfig, make(options))

/**
 * Where {@link layerConfig} reads each value. Every key is optional; the defaults read
 * `WORKOS_API_KEY`, `WORKOS_CLIENT_ID` and `WORKOS_BASE_URL`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConfigOptions {
  readonly apiKey?: Config.Config<Option.Option<Redacted.Redacted<string>>> | undefined
  readonly clientId?: Config.Config<Option.Option<string>> | undefined
  readonly baseUrl?: Config.Config<string> | undefined
  readonly timeout?: Config.Config<Duration.Duration> | undefined
  readonly retry?: RetryPolicy | RetryPolicyOptions | "none" | undefined
  readonly userAgentSuffix?: string | undefined
  readonly rateLimits?: RateLimits | "documented" | undefined
}

/**
 * A layer from Effect `Config`. At least one of the API key and the client id must be
 * present, or the layer fails with `ConfigError.MissingData`.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { WorkOSConfig } from "effect-workos"
 *
 * // The key is required for this app, the rest come from the defaults.
 * const WorkOSLive = WorkOSConfig.layerConfig({ apiKey: Config.redacted("WORKOS_API_KEY").pipe(Config.option) })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (options: ConfigOptions = {}): Layer.Layer<WorkOSConfig, ConfigError.ConfigError> =>
  Layer.effect(
    WorkOSConfig,
    Effect.gen(function*() {
      const values = yield* Config.all({
        apiKey: options.apiKey ?? Config.option(Config.redacted("WORKOS_API_KEY")),
        clientId: options.clientId ?? Config.option(Config.string("WORKOS_CLIENT_ID")),
        baseUrl: options.baseUrl ?? Config.withDefault(Config.string("WORKOS_BASE_URL"), defaultBaseUrl),
        timeout: options.timeout ?? Config.withDefault(Config.duration("WORKOS_TIMEOUT"), defaultTimeout)
      })
      if (Option.isNone(values.apiKey) && Option.isNone(values.clientId)) {
        return yield* Effect.fail(ConfigError.MissingData(
          ["WORKOS_API_KEY"],
          "Expected WORKOS_API_KEY (secret key) or WORKOS_CLIENT_ID (public client) to be set"
        ))
      }
      return yield* make({
        apiKey: Option.getOrUndefined(values.apiKey),
        clientId: Option.getOrUndefined(values.clientId),
        baseUrl: values.baseUrl,
        timeout: values.timeout,
        retry: options.retry,
        userAgentSuffix: options.userAgentSuffix,
        rateLimits: options.rateLimits
      })
    })
  )

/**
 * The one-line setup: configuration from the environment plus the platform's `fetch`
 * client.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users, WorkOSConfig } from "effect-workos"
 *
 * const program = Users.get("user_123").pipe(Effect.provide(WorkOSConfig.layerFetch))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerFetch: Layer.Layer<WorkOSConfig | HttpClient.HttpClient, ConfigError.ConfigError> = Layer.merge(
  layerConfig(),
  FetchHttpClient.layer
)

/**
 * Per-call overrides, see {@link withRequestOptions}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestOptions {
  readonly retry?: RetryPolicy | RetryPolicyOptions | "none" | undefined
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The per-call override the pipeline reads; empty unless {@link withRequestOptions} set it.
 *
 * @since 0.1.0
 * @category tags
 */
export class CurrentRequestOptions extends Context.Reference<CurrentRequestOptions>()(
  "effect-workos/WorkOSConfig/CurrentRequestOptions",
  {
    defaultValue: (): {
      readonly retry: Option.Option<RetryPolicy>
      readonly timeout: Option.Option<Duration.Duration>
    } => ({ retry: Option.none(), timeout: Option.none() })
  }
) {}

const resolveRequestOptions = (options: RequestOptions): CurrentRequestOptions["Type"] => ({
  retry: options.retry === undefined
    ? Option.none()
    : Option.some(
      options.retry === "none" || !isRetryPolicy(options.retry) ? retryPolicy(options.retry) : options.retry
    ),
  timeout: options.timeout === undefined ? Option.none() : Option.some(Duration.decode(options.timeout))
})

/**
 * Override the retry policy or the per-attempt timeout for the calls inside an effect
 * or a stream.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users, WorkOSConfig } from "effect-workos"
 *
 * // Fail fast on a login path: no retries, 5 seconds per attempt.
 * const user = Users.get("user_123").pipe(
 *   WorkOSConfig.withRequestOptions({ retry: "none", timeout: "5 seconds" })
 * )
 * ```
 *
 * @since 0.1.0
 * @category combinators
 */
export const withRequestOptions: {
  (
    options: RequestOptions
  ): <Self extends Effect.Effect<any, any, any> | Stream.Stream<any, any, any>>(self: Self) => Self
  <Self extends Effect.Effect<any, any, any> | Stream.Stream<any, any, any>>(self: Self, options: RequestOptions): Self
} = dual(
  2,
  <Self extends Effect.Effect<any, any, any> | Stream.Stream<any, any, any>>(
    self: Self,
    options: RequestOptions
  ): Self => {
    const resolved = resolveRequestOptions(options)
    // Both branches only add a service to the context, so the type is unchanged.
    return (Stream.StreamTypeId in self
      ? Stream.provideService(self as Stream.Stream<unknown, unknown, unknown>, CurrentRequestOptions, resolved)
      : Effect.provideService(
        self as Effect.Effect<unknown, unknown, unknown>,
        CurrentRequestOptions,
        resolved
      )) as Self
  }
)

/**
 * What every endpoint requires: the configuration and an `HttpClient`. Every module's
 * functions name this one type (`Users.Requirements` and `Authentication.Requirements`
 * are the same type).
 *
 * @since 0.2.0
 * @category models
 */
export type Requirements = WorkOSConfig | HttpClient.HttpClient
