/**
 * What the orchestrator sends to the server and worker processes, and what workers send back.
 */

/** The emulator a scenario runs against. */
export interface ServerSpec {
  readonly users: number
  /** Milliseconds added to every answer. */
  readonly latency: number
  readonly rateLimit?: { readonly limit: number; readonly windowMillis: number } | undefined
  readonly passwordUser: { readonly email: string; readonly password: string }
}

/** A running server, as `server.ts` announces it. */
export interface ServerInfo {
  readonly url: string
  readonly admin: string
  readonly apiKey: string
  readonly clientId: string
}

export type ScenarioId = "s1" | "s2" | "s3" | "s4" | "s5" | "s7" | "s8" | "s9"

/** One measured run of one contestant. */
export interface Task {
  readonly scenario: ScenarioId
  readonly contestant: string
  readonly server: ServerInfo
  readonly passwordUser: ServerSpec["passwordUser"]
  /** Scenario parameters (sizes, caps, delays). */
  readonly params: Readonly<Record<string, number>>
  /** Scenario 9: the Redis the processes share. */
  readonly redisUrl?: string | undefined
}

/** What a worker measured. Times in milliseconds, memory in bytes. */
export interface Measurement {
  readonly wallMs: number
  readonly cpuMs: number
  /** Items processed (users listed, calls made, tokens verified). */
  readonly items: number
  /** Requests made (pages fetched, calls). */
  readonly requests: number
  readonly peakRss: number
  readonly peakHeap: number
  /** Peak heap during the run minus the heap after a full GC before it. */
  readonly heapGrowth: number
  /** Heap after a full GC at the end minus the heap after a full GC before the run. */
  readonly heapRetained: number
  /** Heap used (after the baseline) at each tenth of the run, for scenario 2. */
  readonly heapSeries: ReadonlyArray<number>
  /** Counters read from the server before and after the measured part. */
  readonly server: { readonly jwks: number; readonly rateLimited: number; readonly requests: number }
  readonly failures: number
  readonly note?: string | undefined
  /** Scenario 8: milliseconds from process start to imports done, and the first call. */
  readonly cold?: { readonly readyMs: number; readonly callMs: number } | undefined
}
