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
   * `windowMillis`. Answers `0` when granted, the milliseconds to wait before asking again,
   * or `"local"` when the shared window cannot be reached (the caller uses its own).
   * `undefined`: in-process only.
   */
  readonly acquireSlot?:
    | ((family: "reads" | "writes", limit: number, windowMillis: number) => Effect.Effect<number | "local">)
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
