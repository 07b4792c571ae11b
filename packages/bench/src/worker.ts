/**
 * One measured run of one contestant, in a fresh process (so memory figures are its own).
 * Run with `--expose-gc`. Prints one line: `RESULT <json Measurement>`.
 */
import * as v8 from "node:v8"
import type { Contestant } from "./contestants/types.js"
import type { Measurement, Task } from "./spec.js"

const task: Task = JSON.parse(process.argv[2]!)
const [family, variant = "default"] = task.contestant.split(":") as [string, string | undefined]

const gc = (): void => {
  const collect = (globalThis as { gc?: () => void }).gc
  if (collect === undefined) throw new Error("run the worker with --expose-gc")
  collect()
  collect()
}

const stats = async () => {
  const response = await fetch(`${task.server.admin}/stats`)
  return (await response.json()) as { jwks: number; rateLimited: number; listUsers: number; getUser: number }
}

const modules: Record<string, () => Promise<{ make: Contestant }>> = {
  effect: () => import("./contestants/effect.js"),
  node: () => import("./contestants/node.js"),
  fetch: () => import("./contestants/fetch.js"),
  platform: () => import("./contestants/platform.js"),
  jose: () => import("./contestants/jose.js")
}

const { make } = await modules[family]!()
const prepared = await make(task, variant)
await prepared.warmup?.()

gc()
const baseline = process.memoryUsage().heapUsed
let peakHeap = baseline
let peakRss = process.memoryUsage().rss
const sample = () => {
  const heap = v8.getHeapStatistics().used_heap_size
  if (heap > peakHeap) peakHeap = heap
  return heap
}
const sampler = setInterval(() => {
  sample()
  const rss = process.memoryUsage.rss()
  if (rss > peakRss) peakRss = rss
}, 10)

// Heap at each tenth of the expected items (scenario 2's constant-memory chart).
const expected = task.params.users ?? 0
const heapSeries: Array<number> = []
const progress = (items: number) => {
  const heap = sample()
  while (expected > 0 && items >= ((heapSeries.length + 1) * expected) / 10) heapSeries.push(heap - baseline)
}

const before = await stats()
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const outcome = await prepared.run(progress)
const wallMs = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
clearInterval(sampler)
sample()
const after = await stats()
gc()
const retained = process.memoryUsage().heapUsed - baseline
await prepared.close?.()

const measurement: Measurement = {
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  items: outcome.items,
  requests: outcome.requests,
  peakRss: Math.max(peakRss, process.resourceUsage().maxRSS * 1024),
  peakHeap,
  heapGrowth: peakHeap - baseline,
  heapRetained: retained,
  heapSeries,
  server: {
    jwks: after.jwks - before.jwks,
    rateLimited: after.rateLimited - before.rateLimited,
    requests: after.listUsers + after.getUser - before.listUsers - before.getUser
  },
  failures: outcome.failures ?? 0,
  note: outcome.note
}
process.stdout.write(`RESULT ${JSON.stringify(measurement)}\n`)
process.exit(0)
