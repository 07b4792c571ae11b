#!/usr/bin/env node
/**
 * Estimate the mutation score of the source outside the five core files from a random
 * sample of its lines, in a fraction of a full run's time.
 *
 *   node scripts/mutation-sample.mjs --lines 150 --seed 7   pick lines, run Stryker on them, estimate
 *   node scripts/mutation-sample.mjs --from sample.txt      run a saved list of file:line again
 *   node scripts/mutation-sample.mjs --estimate sample.txt  estimate from the last report only
 *   node scripts/mutation-sample.mjs --lines 100 --static   static mutants too (each reruns the suite)
 *   node scripts/mutation-sample.mjs --from sample.txt --static --timeout-ms 300000
 *
 * Each picked line is mutated with `--ignoreStatic` (with `--static`, static mutants are run
 * too and scored apart). Lines without such mutants (types, module-level schemas) drop out. A line's mutants are one cluster, so the 95 % interval is
 * a bootstrap over lines, not over mutants. Run from packages/workos; the list of lines is
 * written to reports/mutation/sample.txt.
 */
import { spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import process from "node:process"
import { parseArgs } from "node:util"

const print = (line) => process.stdout.write(`${line}\n`)

const { values } = parseArgs({
  options: {
    lines: { type: "string", default: "150" },
    seed: { type: "string", default: "1" },
    from: { type: "string" },
    estimate: { type: "string" },
    static: { type: "boolean", default: false },
    // A static mutant reruns the whole suite. With two workers each run is slower than the
    // dry run Stryker times it against, and with Stryker's 20 s margin survivors came back
    // as timeouts (counted as detected). So static runs get a wide margin.
    "timeout-ms": { type: "string" }
  }
})

const core = new Set([
  "src/internal/http.ts",
  "src/internal/pagination.ts",
  "src/AccessToken.ts",
  "src/SealedSession.ts",
  "src/Server.ts"
])
const report = "reports/mutation/mutation.json"

// mulberry32: a small seeded generator, so a seed always picks the same lines.
const random = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Lines that can hold code: not blank, not a comment, not an import or a type declaration. */
const candidates = () => {
  const out = []
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.posix.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (file.endsWith(".ts") && !core.has(file)) {
        let comment = false
        fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
          const s = line.trim()
          if (comment) {
            if (s.includes("*/")) comment = false
            return
          }
          if (s.startsWith("/*")) {
            if (!s.includes("*/")) comment = true
            return
          }
          if (
            s === "" || s.startsWith("//") || s.startsWith("import ") || s.startsWith("export type") ||
            s.startsWith("export interface") || s.startsWith("readonly ") || /^[})\]]+,?$/.test(s)
          ) return
          out.push(`${file}:${i + 1}`)
        })
      }
    }
  }
  walk("src")
  return out
}

const pick = (n, seed) => {
  const all = candidates()
  const next = random(seed)
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[all[i], all[j]] = [all[j], all[i]]
  }
  return all.slice(0, n).sort()
}

/** The score of one kind of mutant (static or not) over the sampled lines. */
const estimate = (sample, kind = "non-static") => {
  const files = JSON.parse(fs.readFileSync(report, "utf8")).files
  const clusters = []
  const undetected = []
  let timeouts = 0
  for (const key of sample) {
    const [file, line] = key.split(":")
    const mutants = (files[file]?.mutants ?? []).filter((m) =>
      m.location.start.line === Number(line) && m.status !== "Ignored" && Boolean(m.static) === (kind === "static")
    )
    if (mutants.length === 0) continue
    const detected = mutants.filter((m) => m.status === "Killed" || m.status === "Timeout").length
    timeouts += mutants.filter((m) => m.status === "Timeout").length
    clusters.push([detected, mutants.length])
    for (const m of mutants) {
      if (m.status === "Survived" || m.status === "NoCoverage") {
        undetected.push(`${m.status} ${key} ${m.mutatorName} → ${JSON.stringify(m.replacement).slice(0, 60)}`)
      }
    }
  }
  if (clusters.length === 0) return print(`No line of the sample has a ${kind} mutant in the report.`)
  const score = (cs) => cs.reduce((a, c) => a + c[0], 0) / cs.reduce((a, c) => a + c[1], 0)
  const next = random(12345)
  const boots = Array.from(
    { length: 5000 },
    () => score(clusters.map(() => clusters[Math.floor(next() * clusters.length)]))
  ).sort((a, b) => a - b)
  const pct = (x) => `${(x * 100).toFixed(1)} %`
  const mutants = clusters.reduce((a, c) => a + c[1], 0)
  print(
    `${kind}: ${sample.length} lines sampled, ${clusters.length} with such mutants, ${mutants} mutants` +
      ` (${timeouts} timed out, counted as detected)`
  )
  print(`score ${pct(score(clusters))}, 95 % interval ${pct(boots[125])} to ${pct(boots[4874])}`)
  for (const line of undetected) print(line)
}

if (values.estimate !== undefined) {
  const sample = fs.readFileSync(values.estimate, "utf8").trim().split("\n")
  estimate(sample)
  if (values.static) estimate(sample, "static")
} else {
  const sample = values.from !== undefined
    ? fs.readFileSync(values.from, "utf8").trim().split("\n")
    : pick(Number(values.lines), Number(values.seed))
  fs.mkdirSync("reports/mutation", { recursive: true })
  fs.writeFileSync("reports/mutation/sample.txt", sample.join("\n") + "\n")
  const mutate = sample.map((key) => {
    const [file, line] = key.split(":")
    return `${file}:${line}-${line}`
  }).join(",")
  const run = spawnSync("npx", [
    "stryker",
    "run",
    "--mutate",
    mutate,
    "--force",
    ...(values.static ? [] : ["--ignoreStatic"]),
    ...(values.static || values["timeout-ms"] !== undefined
      ? ["--timeoutMS", values["timeout-ms"] ?? "180000"]
      : [])
  ], {
    stdio: "inherit"
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
  estimate(sample)
  if (values.static) estimate(sample, "static")
}
