/**
 * effect-workos-redis: one session refresh and one rate limit across server replicas.
 *
 * @since 0.1.0
 */

/**
 * effect-workos's `Coordination` on Redis: one session refresh and one rate-limit window
 * across server replicas, with an in-process fallback when Redis is unavailable.
 *
 * @since 0.1.0
 */
export * as RedisCoordination from "./RedisCoordination.js"

/**
 * A throwaway `redis-server` on a free loopback port, for tests and local development.
 *
 * @since 0.1.0
 */
export * as TestRedis from "./TestRedis.js"
