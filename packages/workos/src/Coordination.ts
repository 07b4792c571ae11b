/**
 * What server replicas share: one session refresh per refresh token, and one rate-limit
 * window. The default is in-process (each replica on its own), which is all a single
 * process needs and costs nothing. `effect-workos-redis` provides a `Coordination` backed
 * by Redis; provide it to the layers of `SealedSession` and `WorkOSConfig`.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"

/**
 * How replicas coordinate. Implementations must never fail for their own reasons: when the
 * shared store is unavailable they fall back to in-process behaviour (and say so in logs
 * and metrics), because a store outage must not sign anyone out or stop requests.
 *
 * @since 0.2.0
 * @category models
 */
export interface CoordinationService {
  /**
   * Run `refresh` once across replicas for `key` (a hash of the refresh token, never the
   * token), and give every caller its result: the new sealed session cookie. Callers on
   * other replicas wait for the one running it. `undefined`: in-process only.
   */
  readonly refreshOnce?:
    | (<E>(key: string, refresh: Effect.Effect<string, E>) => Effect.Effect<string, E>)
    | undefined
  /**
   * Take a slot of a sliding window shared by replicas: at most `limit` grants in any
   * `windowMillis`. Answers `0` or the grant's id (a string) when granted, the milliseconds
   * to wait before asking again, or `"local"` when the shared window cannot be reached
   * (the caller uses its own). `undefined`: in-process only.
   */
  readonly acquireSlot?:
    | ((family: "reads" | "writes", limit: number, windowMillis: number) => Effect.Effect<number | string | "local">)
    | undefined
  /**
   * Count the grant `id` (answered by `acquireSlot` with the same family, limit and window)
   * from now: its request's response has arrived, so the request reached the server no
   * later than now. A grant that is never settled counts from when it was granted. Called
   * in the background; a failure leaves the grant as it was. `undefined`: grants count
   * from when they were granted.
   *
   * @since 0.2.0
   */
  readonly settleSlot?:
    | ((family: "reads" | "writes", limit: number, windowMillis: number, id: string) => Effect.Effect<void>)
    | undefined
}

/**
 * The coordination in use. Defaults to in-process.
 *
 * @since 0.2.0
 * @category tags
 */
export class Coordination extends Context.Reference<Coordination>()("effect-workos/Coordination", {
  defaultValue: (): CoordinationService => ({})
}) {}
