/**
 * What the emulator keeps about its traffic: the queued faults, the rate-limit windows,
 * the request and exchange logs and their counters.
 *
 * @internal
 */
import type { Exchange, Fault, RateLimit, ReceivedRequest } from "../Emulator.js"
import type { EmulatorResponse } from "./core.js"

/** @internal */
export type Limits = { readonly reads?: RateLimit | undefined; readonly writes?: RateLimit | undefined }

/** @internal */
export class Traffic {
  private faults: Array<Fault & { remaining: number }> = []
  private readonly windows = new Map<"reads" | "writes", Array<number>>()
  readonly exchanges: Array<Exchange> = []
  readonly requests: Array<ReceivedRequest> = []
  private readonly counts = new Map<string, number>()
  private readonly statuses = new Map<number, number>()

  constructor(private readonly limits: Limits, private readonly history: number | undefined) {}

  /** Keep a received request (trimmed to the `history` option). */
  received(request: ReceivedRequest): void {
    this.remember(this.requests, request)
  }

  /** Keep an answered exchange and count it by template and by status. */
  answered(exchange: Exchange): void {
    this.remember(this.exchanges, exchange)
    const key = `${exchange.method} ${exchange.template}`
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
    this.statuses.set(exchange.status, (this.statuses.get(exchange.status) ?? 0) + 1)
  }

  count(method: string, template: string): number {
    return this.counts.get(`${method} ${template}`) ?? 0
  }

  statusCount(status: number): number {
    return this.statuses.get(status) ?? 0
  }

  queueFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 })
  }

  /** The first queued fault that matches the request, used up by one. */
  takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) =>
      f.remaining > 0 && (f.method === undefined || f.method === method) &&
      (f.path === undefined || (typeof f.path === "string" ? f.path === path : f.path.test(path)))
    )
    if (fault !== undefined) fault.remaining--
    return fault
  }

  pendingFaults(): ReadonlyArray<Fault & { readonly remaining: number }> {
    return this.faults.filter((f) => f.remaining > 0)
  }

  clearFaults(): void {
    this.faults = []
  }

  /** A 429 when the kind's window is full; otherwise the request is counted in it. */
  rateLimited(kind: "reads" | "writes", now: number): EmulatorResponse | undefined {
    const limit = this.limits[kind]
    if (!limit) return undefined
    const window = (this.windows.get(kind) ?? []).filter((t) => t > now - limit.windowMillis)
    this.windows.set(kind, window)
    if (window.length >= limit.limit) {
      const retryAfter = Math.max(1, Math.ceil((window[0]! + limit.windowMillis - now) / 1000))
      return {
        status: 429,
        headers: { "retry-after": String(retryAfter) },
        body: { code: "rate_limit_exceeded", message: "Rate limit exceeded." }
      }
    }
    window.push(now)
    return undefined
  }

  /** Forget every fault, log, counter and window. */
  clear(): void {
    this.faults = []
    this.requests.splice(0)
    this.exchanges.splice(0)
    this.counts.clear()
    this.statuses.clear()
    this.windows.clear()
  }

  private remember<A>(log: Array<A>, entry: A): void {
    log.push(entry)
    const keep = this.history
    // Trim in batches, so keeping the last N costs O(1) per request on average.
    if (keep !== undefined && log.length > Math.max(2 * keep, 64)) log.splice(0, log.length - keep)
  }
}
