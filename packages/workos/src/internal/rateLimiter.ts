/**
 * The client-side request limiter behind `WorkOSConfig`'s `rateLimits`: a sliding-window
 * log per family (reads, writes), shared by every call and stream that uses the config.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { CoordinationService } from "../Coordination.js"
import type { RequestLimiter } from "../WorkOSConfig.js"

/**
 * At most `limit` requests counted in any `windowMillis`: a ring of the last `limit`
 * stamps. A request is stamped when granted and again, later, when its response arrives
 * ({@link settle}); a slot is reused once its stamp has left the window.
 *
 * @internal
 */
export class SlidingWindow {
  private readonly stamps: Array<number> = []
  private oldest = 0
  /** The slot of the last grant, for {@link settle}. */
  lastSlot = 0

  constructor(readonly limit: number, readonly windowMillis: number) {}

  /** Grant now and return 0, or return how many milliseconds until a slot frees up. */
  tryAcquire(now: number): number {
    if (this.stamps.length < this.limit) {
      this.lastSlot = this.stamps.push(now) - 1
      return 0
    }
    const readyAt = this.stamps[this.oldest]! + this.windowMillis
    if (now < readyAt) return readyAt - now
    this.stamps[this.oldest] = now
    this.lastSlot = this.oldest
    this.oldest = (this.oldest + 1) % this.limit
    return 0
  }

  /**
   * The request granted `slot` got its response at `now`: count it from then. (Slots are
   * reused in grant order; a later stamp only makes the wait for it longer, never shorter.)
   */
  settle(slot: number, now: number): void {
    if (now > this.stamps[slot]!) this.stamps[slot] = now
  }
}

/**
 * The server counts a request when it arrives: after the grant, before the response. The
 * pipeline stamps the slot again when the response arrives, so a slow arrival (a cold
 * connection, a loaded machine) is covered. The margin covers the rest: the server's own
 * clock and exactly where in handling a request it counts it.
 *
 * @internal
 */
export const safetyMargin = (windowMillis: number) => Math.ceil(windowMillis * 0.01) + 25

/**
 * Replicas send from different processes (often different machines) and a shared grant is
 * stamped on the shared store's clock, then settled in the background a moment after its
 * response: a shared window keeps a larger margin.
 *
 * @internal
 */
export const sharedSafetyMargin = (windowMillis: number) => Math.ceil(windowMillis * 0.05) + 25

/** @internal */
export const makeLimiter = (
  limits: {
    readonly reads?: { readonly limit: number; readonly window: Duration.Duration } | undefined
    readonly writes?: { readonly limit: number; readonly window: Duration.Duration } | undefined
  },
  coordination: CoordinationService = {}
): RequestLimiter => {
  const windowOf = (limit: { readonly limit: number; readonly window: Duration.Duration } | undefined) => {
    if (limit === undefined) return undefined
    const millis = Duration.toMillis(limit.window)
    return new SlidingWindow(limit.limit, millis + safetyMargin(millis))
  }
  const reads = windowOf(limits.reads)
  const writes = windowOf(limits.writes)
  const sharedWindow = (limit: { readonly window: Duration.Duration } | undefined) => {
    const millis = limit === undefined ? 0 : Duration.toMillis(limit.window)
    return millis + sharedSafetyMargin(millis)
  }
  const sharedWindows = { reads: sharedWindow(limits.reads), writes: sharedWindow(limits.writes) }
  const acquireLocal = (window: SlidingWindow): Effect.Effect<Effect.Effect<void>> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const wait = window.tryAcquire(now)
      if (wait !== 0) return Effect.zipRight(Effect.sleep(Duration.millis(wait)), acquireLocal(window))
      const slot = window.lastSlot
      return Effect.succeed(Effect.map(Clock.currentTimeMillis, (arrived) => window.settle(slot, arrived)))
    })
  // With a shared coordination, the window is counted across replicas; when it cannot be
  // reached, this process's own window paces it. A grant with an id is settled in the
  // background: the caller does not wait for the shared store.
  const acquireShared = (
    family: "reads" | "writes",
    window: SlidingWindow
  ): Effect.Effect<void | Effect.Effect<void>> =>
    Effect.flatMap(coordination.acquireSlot!(family, window.limit, sharedWindows[family]), (wait) => {
      if (wait === "local") return acquireLocal(window)
      if (typeof wait === "string") {
        const settleSlot = coordination.settleSlot
        return settleSlot === undefined
          ? Effect.void
          : Effect.succeed(
            Effect.asVoid(Effect.forkDaemon(settleSlot(family, window.limit, sharedWindows[family], wait)))
          )
      }
      return wait === 0
        ? Effect.void
        : Effect.zipRight(Effect.sleep(Duration.millis(wait)), acquireShared(family, window))
    })
  return {
    acquire: (method, path) => {
      // WorkOS documents these limits for the User Management API only.
      if (!path.startsWith("/user_management/")) return Effect.void
      const family = method === "GET" ? "reads" : "writes"
      const window = family === "reads" ? reads : writes
      if (window === undefined) return Effect.void
      return coordination.acquireSlot === undefined ? acquireLocal(window) : acquireShared(family, window)
    }
  }
}
