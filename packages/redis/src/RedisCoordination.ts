/**
 * effect-workos's `Coordination` on Redis: replicas of a server refresh each session once
 * and share one rate-limit window.
 *
 * - **Refresh.** The replica that takes a per-session lock (`SET NX PX`, keyed by a SHA-256
 *   of the refresh token, never the token) refreshes and publishes the new sealed cookie
 *   (encrypted with your cookie password) under a key that lives no longer than the grace
 *   window; the others poll for it and answer with the same cookie. If the lock holder
 *   dies, the lock expires and another replica refreshes.
 * - **Rate limits.** `WorkOSConfig`'s `rateLimits` window (at most `limit` requests in any
 *   window) is counted in a Redis sorted set by an atomic script on Redis's clock.
 * - **Failure.** Every command has a timeout. When Redis is down or slow, each replica falls
 *   back to in-process behaviour, logs a warning (at most every 10 seconds) and counts the
 *   fallback in the `effect_workos_coordination_fallbacks` metric; requests keep being
 *   served. When Redis is back, coordination resumes on its own.
 *
 * @since 0.1.0
 */
import { Coordination, type CoordinationService } from "effect-workos/Coordination"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import type * as Scope from "effect/Scope"
import { Redis } from "ioredis"

/**
 * Options of {@link make} and {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** A `redis://` URL. Ignored when `client` is given. */
  readonly url?: string | undefined
  /** A client you own (it is not closed with the layer). */
  readonly client?: Redis | undefined
  /** Prefix of every key, to share a Redis between apps. Default `effect-workos:`. */
  readonly keyPrefix?: string | undefined
  /**
   * How long a replica holds the refresh lock: longer than a refresh takes (including the
   * SDK's retries). Another replica takes over after it when the holder died. Default 10 s.
   */
  readonly lockTtl?: Duration.DurationInput | undefined
  /** How long a refreshed cookie is shared: at most the session's grace window. Default 30 s. */
  readonly resultTtl?: Duration.DurationInput | undefined
  /** The longest any Redis command may take before the replica falls back. Default 500 ms. */
  readonly commandTimeout?: Duration.DurationInput | undefined
  /** How often a waiting replica looks for the refreshed cookie. Default 25 ms. */
  readonly pollInterval?: Duration.DurationInput | undefined
}

class RedisUnavailable extends Data.TaggedError("RedisUnavailable")<{ readonly operation: string }> {}

/**
 * How many times a replica fell back to in-process behaviour, by `operation` (`refresh`,
 * `rate_limit`).
 *
 * @since 0.1.0
 * @category metrics
 */
export const fallbacks = Metric.counter("effect_workos_coordination_fallbacks", {
  description: "Coordination fell back to in-process because Redis was unavailable"
})

const releaseScript =
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`

// A sliding-window log on Redis's clock: the same semantics as the SDK's in-process window.
const slotScript = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`

// A grant's response has arrived: count it from now (if it is still in the window).
const settleScript = `
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
if redis.call('ZADD', KEYS[1], 'XX', 'CH', now, ARGV[1]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`

const randomId = () => crypto.randomUUID()

/**
 * Build the Redis coordination. With `url`, the client is created here and closed with the
 * scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<CoordinationService, never, Scope.Scope> =>
  Effect.gen(function*() {
    const client = options.client ?? (yield* Effect.acquireRelease(
      Effect.sync(() => {
        const redis = new Redis(options.url ?? "redis://127.0.0.1:6379", {
          // Fail fast while disconnected (the caller falls back), reconnect in the background.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          connectTimeout: 1_000,
          retryStrategy: (times) => Math.min(50 * times, 1_000)
        })
        // Connection errors surface as failed commands; the event would otherwise be unhandled.
        redis.on("error", () => {})
        return redis
      }).pipe(
        // Commands fail fast while disconnected, so wait (briefly) for the first connection;
        // a Redis that is down at start means in-process fallback until it is up.
        Effect.tap((redis) =>
          Effect.async<void>((resume) => {
            const ready = () => resume(Effect.void)
            redis.once("ready", ready)
            return Effect.sync(() => redis.off("ready", ready))
          }).pipe(Effect.timeout("2 seconds"), Effect.ignore)
        )
      ),
      (redis) => Effect.sync(() => redis.disconnect())
    ))
    const prefix = options.keyPrefix ?? "effect-workos:"
    const lockTtl = Duration.toMillis(Duration.decode(options.lockTtl ?? "10 seconds"))
    const resultTtl = Duration.toMillis(Duration.decode(options.resultTtl ?? "30 seconds"))
    const commandTimeout = Duration.decode(options.commandTimeout ?? "500 millis")
    const pollInterval = Duration.decode(options.pollInterval ?? "25 millis")
    let lastWarning = Number.NEGATIVE_INFINITY

    const command = <A>(operation: string, run: (redis: Redis) => Promise<A>): Effect.Effect<A, RedisUnavailable> =>
      Effect.tryPromise({ try: () => run(client), catch: () => new RedisUnavailable({ operation }) }).pipe(
        Effect.timeoutFail({ duration: commandTimeout, onTimeout: () => new RedisUnavailable({ operation }) })
      )

    const fellBack = (operation: "refresh" | "rate_limit") =>
      Effect.gen(function*() {
        yield* Metric.increment(Metric.tagged(fallbacks, "operation", operation))
        const now = yield* Clock.currentTimeMillis
        if (now - lastWarning < 10_000) return
        lastWarning = now
        yield* Effect.logWarning(
          `Redis is unavailable: ${
            operation === "refresh" ? "session refreshes" : "rate limits"
          } are coordinated in this process only until it is back`
        )
      })

    const refreshOnce = <E>(key: string, refresh: Effect.Effect<string, E>): Effect.Effect<string, E> => {
      const resultKey = `${prefix}refresh:${key}`
      const lockKey = `${resultKey}:lock`
      const local = Effect.zipRight(fellBack("refresh"), refresh)
      const attempt = (deadline: number): Effect.Effect<string, E | RedisUnavailable> =>
        Effect.gen(function*() {
          const shared = yield* command("get", (redis) => redis.get(resultKey))
          if (shared !== null) return shared
          const owner = randomId()
          const locked = yield* command("lock", (redis) => redis.set(lockKey, owner, "PX", lockTtl, "NX"))
          if (locked === "OK") {
            // The previous holder may have published and released between our read and our
            // lock: read again, or its spent token would be refreshed a second time.
            const published = yield* command("get", (redis) => redis.get(resultKey))
            if (published !== null) {
              yield* command("unlock", (redis) => redis.eval(releaseScript, 1, lockKey, owner)).pipe(Effect.ignore)
              return published
            }
            const exit = yield* Effect.exit(refresh)
            if (Exit.isSuccess(exit)) {
              yield* command("publish", (redis) => redis.set(resultKey, exit.value, "PX", resultTtl)).pipe(
                Effect.catchAll(() => fellBack("refresh"))
              )
            }
            yield* command("unlock", (redis) => redis.eval(releaseScript, 1, lockKey, owner)).pipe(Effect.ignore)
            return yield* exit
          }
          // Another replica is refreshing: wait for its cookie, or for its lock to lapse.
          if ((yield* Clock.currentTimeMillis) > deadline) return yield* refresh
          yield* Effect.sleep(pollInterval)
          return yield* attempt(deadline)
        })
      return Effect.flatMap(
        Clock.currentTimeMillis,
        (now) =>
          attempt(now + lockTtl + 5_000).pipe(
            Effect.catchIf(
              (error): error is RedisUnavailable => error instanceof RedisUnavailable,
              () => local
            )
          ) as Effect.Effect<string, E>
      )
    }

    let counter = 0
    const slotKey = (family: "reads" | "writes", limit: number, windowMillis: number) =>
      `${prefix}ratelimit:${family}:${limit}:${windowMillis}`
    // Granted: the grant's id, which settleSlot stamps again when the response arrives.
    const acquireSlot = (family: "reads" | "writes", limit: number, windowMillis: number) => {
      const id = `${randomId()}:${counter++}`
      return command(
        "rate_limit",
        (redis) =>
          redis.eval(slotScript, 1, slotKey(family, limit, windowMillis), limit, windowMillis, id) as Promise<number>
      ).pipe(
        Effect.map((wait): number | string => Number(wait) === 0 ? id : Number(wait)),
        Effect.catchAll(() => Effect.as(fellBack("rate_limit"), "local" as const))
      )
    }
    // Best effort: if Redis cannot be reached, the grant keeps its first stamp.
    const settleSlot = (family: "reads" | "writes", limit: number, windowMillis: number, id: string) =>
      command(
        "rate_limit",
        (redis) => redis.eval(settleScript, 1, slotKey(family, limit, windowMillis), id, windowMillis)
      ).pipe(
        Effect.ignore
      )

    return { refreshOnce, acquireSlot, settleSlot } satisfies CoordinationService
  })

/**
 * The Redis coordination as effect-workos's `Coordination`. Provide it to the layers of
 * `SealedSession` and `WorkOSConfig`.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { SealedSession, WorkOSConfig } from "effect-workos"
 * import { RedisCoordination } from "effect-workos-redis"
 *
 * const Coordinated = RedisCoordination.layer({ url: "redis://127.0.0.1:6379" })
 * const WorkOSLive = WorkOSConfig.layerConfig({ rateLimits: "documented" }).pipe(Layer.provide(Coordinated))
 * const SessionsLive = SealedSession.layerConfig().pipe(Layer.provide(Coordinated))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Coordination> => Layer.scoped(Coordination, make(options))

/**
 * The Redis coordination from configuration: `REDIS_URL` (default
 * `redis://127.0.0.1:6379`), `WORKOS_REDIS_KEY_PREFIX` (default `effect-workos:`) and
 * `WORKOS_REDIS_LOCK_TTL` (a duration such as `10 seconds`, the default).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<Options, "url" | "client" | "keyPrefix"> = {}
): Layer.Layer<Coordination, ConfigError.ConfigError> =>
  Layer.scoped(
    Coordination,
    Effect.flatMap(
      Config.all({
        url: Config.string("REDIS_URL").pipe(Config.withDefault("redis://127.0.0.1:6379")),
        keyPrefix: Config.string("WORKOS_REDIS_KEY_PREFIX").pipe(Config.withDefault("effect-workos:")),
        lockTtl: Config.duration("WORKOS_REDIS_LOCK_TTL").pipe(Config.withDefault(options.lockTtl ?? "10 seconds"))
      }),
      (config) => make({ ...options, ...config })
    )
  )
