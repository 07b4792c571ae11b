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
 * At most `limit` grants in any `windowMillis`: a ring of the last `limit` grant times.
 * A slot is reused once its previous grant has left the window.
 *
 * @internal
 */
export class SlidingWindow {
  private readonly grants: Array<number> = []
  private oldest = 0

  constructor(readonly limit: number, readonly windowMillis: number) {}

  /** Grant now and return 0, or return how many milliseconds until a slot frees up. */
  tryAcquire(now: number): number {
    if (this.grants.length < this.limit) {
      this.grants.push(now)
      return 0
    }
    const readyAt = this.grants[this.oldest]! + this.windowMillis
    if (now < readyAt) return readyAt - now
    this.grants[this.oldest] = now
    this.oldest = (this.oldest + 1) % this.limit
    return 0
  }
}

/**
 * The server counts a request when it arrives, a little after the client sent it, and
 * arrival delays vary; without a margin, reusing a slot exactly one window later can land
 * inside the server's window and cost a 429 (and a whole-second `Retry-After`).
 *
 * @internal
 */
export const safetyMargin = (windowMillis: number) => Math.ceil(windowMillis * 0.01) + 25

/**
 * Replicas send from different processes (often different machines), so the delay between
 * a shared grant and the request's arrival varies more: a shared window keeps a larger margin.
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
  const acquireLocal = (window: SlidingWindow): Effect.Effect<void> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const wait = window.tryAcquire(now)
      return wait === 0 ? Effect.void : Effect.zipRight(Effect.sleep(Duration.millis(wait)), acquireLocal(window))
    })
  // With a shared coordination, the window is counted across replicas; when it cannot be
  // reached, this process's own window paces it.
  const acquireShared = (
    slot: NonNullable<CoordinationService["acquireSlot"]>,
    family: "reads" | "writes",
    window: SlidingWindow
  ): Effect.Effect<void> =>
    Effect.flatMap(slot(family, window.limit, sharedWindows[family]), (wait) =>
      wait === "local"
        ? acquireLocal(window)
        : wait === 0
        ? Effect.void
        : Effect.zipRight(Effect.sleep(Duration.millis(wait)), acquireShared(slot, family, window)))
  return {
    acquire: (method, path) => {
      // WorkOS documents these limits for the User Management API only.
      if (!path.startsWith("/user_management/")) return Effect.void
      const family = method === "GET" ? "reads" : "writes"
      const window = family === "reads" ? reads : writes
      if (window === undefined) return Effect.void
      return coordination.acquireSlot === undefined
        ? acquireLocal(window)
        : acquireShared(coordination.acquireSlot, family, window)
    }
  }
}
