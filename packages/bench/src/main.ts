/**
 * `pnpm bench`: every scenario against one emulator per scenario, served over loopback
 * HTTP from its own process; every run of every contestant in a fresh process; the
 * contestants' order rotated from run to run.
 *
 *   pnpm bench            full sizes, writes docs/benchmarks.md and docs/benchmarks.svg
 *   pnpm bench --quick    tiny sizes, one run each, writes nothing (the CI smoke test)
 *   pnpm bench --only s1,s4 --runs 3   (prints only; add --write to replace those scenarios in the docs)
 */
import * as esbuild from "esbuild"
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { bundle, type BundleSize } from "./bundle.js"
import { buildPackages, installedPlugin, linkInstalled } from "./installed.js"
import { machine, renderMarkdown, renderTable, type Report } from "./report.js"
import { type Scenario, scenarios } from "./scenarios.js"
import type { Measurement, ServerInfo, ServerSpec, Task } from "./spec.js"

const here = path.dirname(fileURLToPath(import.meta.url))
const packageDir = path.resolve(here, "..")
const repoRoot = path.resolve(packageDir, "../..")

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    runs: { type: "string" },
    write: { type: "boolean" },
    render: { type: "boolean", default: false }
  }
})
const quick = values.quick
const only = values.only?.split(",").map((s) => s.trim())
const write = values.write ?? (!quick && only === undefined)

const dist = path.join(packageDir, "dist")

/**
 * The server and the worker run as plain JavaScript bundled by esbuild, as an app would
 * ship: no TypeScript loader or source-map hooks in the measured processes.
 */
const build = async () => {
  buildPackages()
  // esbuild names split chunks by content hash: clear the last build's, or they pile up.
  if (fs.existsSync(dist)) {
    for (const name of fs.readdirSync(dist)) if (name.endsWith(".mjs")) fs.rmSync(path.join(dist, name))
  }
  linkInstalled(dist)
  await esbuild.build({
    entryPoints: [path.join(here, "server.ts"), path.join(here, "worker.ts")],
    outdir: dist,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Bundled CommonJS dependencies call `require`; give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [installedPlugin(dist)],
    logLevel: "warning"
  })
  // Scenario 8's scripts as deployed without a bundler (Node imports the packages from
  // dist/node_modules) and with one (esbuild, one file, as a serverless build makes).
  const cold = { format: "esm", platform: "node", target: "node20", logLevel: "warning" } as const
  await esbuild.build({ ...cold, entryPoints: [path.join(here, "cold", "*.ts")], outdir: path.join(dist, "cold") })
  for (const name of ["effect-workos", "workos-node"]) {
    await esbuild.build({
      ...cold,
      entryPoints: [path.join(here, "cold", `${name}.ts`)],
      outfile: path.join(dist, "cold", `${name}-bundled.js`),
      bundle: true,
      minify: true,
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      plugins: [installedPlugin(dist)]
    })
  }
}

const node = (script: string, args: ReadonlyArray<string>, flags: ReadonlyArray<string>): ChildProcess =>
  spawn(process.execPath, [...flags, path.join(dist, script.replace(/\.ts$/, ".mjs")), ...args], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "inherit"]
  })

const firstLine = (child: ChildProcess, prefix = ""): Promise<string> =>
  new Promise((resolve, reject) => {
    let buffer = ""
    const onData = (data: Buffer) => {
      buffer += data.toString("utf8")
      for (const line of buffer.split("\n").slice(0, -1)) {
        if (line.startsWith(prefix)) {
          child.stdout!.off("data", onData)
          resolve(line.slice(prefix.length))
          return
        }
      }
    }
    child.stdout!.on("data", onData)
    child.on("exit", (code) => reject(new Error(`${child.spawnargs.join(" ")} exited with ${code}`)))
  })

const startServer = async (spec: ServerSpec): Promise<{ info: ServerInfo; stop: () => Promise<void> }> => {
  const child = node("server.ts", [JSON.stringify(spec)], ["--max-old-space-size=8192"])
  const info: ServerInfo = JSON.parse(await firstLine(child))
  return {
    info,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit")
        child.once("exit", () => resolve())
        child.kill("SIGTERM")
      })
  }
}

const runWorker = async (task: Task, maxOldSpaceMb = 4096): Promise<Measurement> => {
  const child = node("worker.ts", [JSON.stringify(task)], ["--expose-gc", `--max-old-space-size=${maxOldSpaceMb}`])
  const line = await firstLine(child, "RESULT ")
  await new Promise((resolve) => child.once("exit", resolve))
  return JSON.parse(line)
}

/**
 * Scenario 9: workers run at once against one server; their figures combined. Server counters
 * are each worker's delta over its own run, which covers the others' (they overlap): the
 * largest is the total.
 */
const combine = (parts: ReadonlyArray<Measurement>): Measurement => ({
  wallMs: Math.max(...parts.map((m) => m.wallMs)),
  cpuMs: parts.reduce((n, m) => n + m.cpuMs, 0),
  items: parts.reduce((n, m) => n + m.items, 0),
  requests: parts.reduce((n, m) => n + m.requests, 0),
  peakRss: Math.max(...parts.map((m) => m.peakRss)),
  peakHeap: Math.max(...parts.map((m) => m.peakHeap)),
  heapGrowth: Math.max(...parts.map((m) => m.heapGrowth)),
  heapRetained: Math.max(...parts.map((m) => m.heapRetained)),
  heapSeries: [],
  server: {
    jwks: Math.max(...parts.map((m) => m.server.jwks)),
    rateLimited: Math.max(...parts.map((m) => m.server.rateLimited)),
    requests: Math.max(...parts.map((m) => m.server.requests))
  },
  failures: parts.reduce((n, m) => n + m.failures, 0),
  note: parts.map((m) => m.note).filter((n) => n !== undefined).join("; ") || undefined
})

/** Scenario 9: a throwaway redis-server (Debian's), stopped by its PID. */
const startRedis = async () => {
  const { TestRedis } = await import("effect-workos-redis")
  const { Effect, Exit, Scope } = await import("effect")
  const scope = Effect.runSync(Scope.make())
  const redis = await Effect.runPromise(Scope.extend(TestRedis.make(), scope))
  return { url: redis.url, stop: () => Effect.runPromise(Scope.close(scope, Exit.void)) }
}

/** Scenario 8: a fresh process from spawn to exit, importing the package and making one call. */
const runCold = async (task: Task): Promise<Measurement> => {
  const t0 = performance.now()
  const child = spawn(process.execPath, [path.join(dist, "cold", `${task.contestant}.js`)], {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      WORKOS_BASE_URL: task.server.url,
      WORKOS_API_KEY: task.server.apiKey,
      WORKOS_CLIENT_ID: task.server.clientId
    }
  })
  const line = await firstLine(child, "RESULT ")
  const exit = await new Promise<number | null>((resolve) => child.once("exit", resolve))
  const wallMs = performance.now() - t0
  const result: { readyMs: number; callMs: number; items: number; cpuMs: number } = JSON.parse(line)
  return {
    wallMs,
    cpuMs: result.cpuMs,
    items: result.items,
    requests: 1,
    peakRss: 0,
    peakHeap: 0,
    heapGrowth: 0,
    heapRetained: 0,
    heapSeries: [],
    server: { jwks: 0, rateLimited: 0, requests: 1 },
    failures: exit === 0 && result.items === 1 ? 0 : 1,
    cold: { readyMs: result.readyMs, callMs: result.callMs }
  }
}

const runScenario = async (scenario: Scenario) => {
  const size = quick ? "quick" : "full"
  const runs = values.runs !== undefined ? Number(values.runs) : scenario.runs[size]
  const spec = scenario.server(size)
  const params = scenario.params(size)
  const results = new Map<string, Array<Measurement>>(scenario.contestants.map((c) => [c.id, []]))
  process.stderr.write(`${scenario.id}: ${scenario.title} (${runs} run${runs === 1 ? "" : "s"})\n`)
  let shared = scenario.serverPerRun ? undefined : await startServer(spec)
  const redis = scenario.redis ? await startRedis() : undefined
  try {
    for (let run = 0; run < runs; run++) {
      // Rotate the order so no contestant always runs first (or last) against the server.
      const order = scenario.contestants.map((_, i) => scenario.contestants[(i + run) % scenario.contestants.length]!)
      for (const contestant of order) {
        const server = shared ?? (await startServer(spec))
        try {
          const task: Task = {
            scenario: scenario.id,
            contestant: contestant.id,
            server: server.info,
            passwordUser: spec.passwordUser,
            params,
            ...(redis === undefined ? {} : { redisUrl: redis.url })
          }
          const measurement = scenario.processes !== undefined
            ? combine(
              await Promise.all(
                Array.from({ length: scenario.processes }, () => runWorker(task, contestant.maxOldSpaceMb))
              )
            )
            : scenario.cold
            ? await runCold(task)
            : await runWorker(task, contestant.maxOldSpaceMb)
          results.get(contestant.id)!.push(measurement)
          process.stderr.write(
            `  run ${run + 1} ${contestant.label.padEnd(34)} ${measurement.wallMs.toFixed(0).padStart(7)} ms` +
              `${measurement.failures > 0 ? `  FAILED: ${measurement.note}` : ""}\n`
          )
        } finally {
          if (shared === undefined) await server.stop()
        }
      }
    }
  } finally {
    await shared?.stop()
    shared = undefined
    await redis?.stop()
  }
  return { scenario, runs, params, spec, results }
}

/** Every measurement of a full run, so the report can be rendered again (`--render`). */
interface Saved {
  readonly machine: string
  readonly date: string
  readonly runs: ReadonlyArray<{
    readonly id: string
    readonly runs: number
    readonly params: Readonly<Record<string, number>>
    readonly spec: ServerSpec
    readonly results: Readonly<Record<string, ReadonlyArray<Measurement>>>
  }>
  readonly bundles: Readonly<Record<string, BundleSize>> | undefined
}

const savedPath = path.join(repoRoot, "docs/benchmarks.json")

const main = async () => {
  const started = Date.now()
  let saved: Saved
  if (values.render) {
    saved = JSON.parse(fs.readFileSync(savedPath, "utf8"))
  } else {
    await build()
    const runs: Array<Saved["runs"][number]> = []
    for (const scenario of scenarios) {
      if (only !== undefined && !only.includes(scenario.id)) continue
      const run = await runScenario(scenario)
      runs.push({
        id: scenario.id,
        runs: run.runs,
        params: run.params,
        spec: run.spec,
        results: Object.fromEntries(run.results)
      })
    }
    let bundles: Record<string, BundleSize> | undefined
    if (only === undefined || only.includes("s6")) {
      process.stderr.write("s6: bundle size\n")
      bundles = {}
      for (const entry of ["effect-workos", "workos-node", "baseline", "baseline-schema-jose"]) {
        bundles[entry] = await bundle(entry, dist)
      }
    }
    saved = { machine: machine(), date: new Date().toISOString().slice(0, 10), runs, bundles }
    // `--only s2 --write`: replace those scenarios in the saved run, keep the others.
    if (write && only !== undefined && fs.existsSync(savedPath)) {
      const previous: Saved = JSON.parse(fs.readFileSync(savedPath, "utf8"))
      saved = {
        ...saved,
        runs: scenarios.flatMap((s) => {
          const run = runs.find((r) => r.id === s.id) ?? previous.runs.find((r) => r.id === s.id)
          return run === undefined ? [] : [run]
        }),
        bundles: bundles ?? previous.bundles
      }
    }
  }
  const report: Report = { quick, sections: [], bundles: saved.bundles, machine: saved.machine, date: saved.date }
  for (const run of saved.runs) {
    const scenario = scenarios.find((s) => s.id === run.id)!
    report.sections.push(
      scenario.summarize({ ...run, scenario, results: new Map(Object.entries(run.results)) })
    )
  }
  process.stdout.write(renderTable(report))
  process.stdout.write(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)\n`)
  if (write && !values.render) fs.writeFileSync(savedPath, JSON.stringify(saved, null, 1) + "\n")
  if (write || values.render) {
    // The analysis is written by hand (packages/bench/NOTES.md) and kept next to the figures.
    const notes = fs.readFileSync(path.join(packageDir, "NOTES.md"), "utf8")
    const { markdown, svg } = renderMarkdown(report, notes)
    fs.writeFileSync(path.join(repoRoot, "docs/benchmarks.md"), markdown)
    fs.writeFileSync(path.join(repoRoot, "docs/benchmarks.svg"), svg)
    process.stdout.write("wrote docs/benchmarks.md, docs/benchmarks.svg and docs/benchmarks.json\n")
  }
}

await main()
