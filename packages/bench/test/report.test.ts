/**
 * The benchmark's own arithmetic: medians and spreads, how each target is judged, and
 * what the report prints. (The measuring itself runs in CI as `pnpm bench --quick`.)
 */
import { assert, describe, it } from "vitest"
import { renderMarkdown, renderTable, type Report } from "../src/report.js"
import { scenarios } from "../src/scenarios.js"
import type { Measurement } from "../src/spec.js"
import { median, spread } from "../src/stats.js"

const measurement = (fields: Partial<Measurement>): Measurement => ({
  wallMs: 1000,
  cpuMs: 1000,
  items: 0,
  requests: 0,
  peakRss: 0,
  peakHeap: 0,
  heapGrowth: 0,
  heapRetained: 0,
  heapSeries: [],
  server: { jwks: 0, rateLimited: 0, requests: 0 },
  failures: 0,
  ...fields
})

const summarize = (id: string, results: Record<string, ReadonlyArray<Partial<Measurement>>>) => {
  const scenario = scenarios.find((s) => s.id === id)!
  const params = scenario.params("full")
  return scenario.summarize({
    scenario,
    runs: 1,
    params,
    spec: scenario.server("full"),
    results: new Map(Object.entries(results).map(([k, v]) => [k, v.map(measurement)]))
  })
}

describe("stats", () => {
  it("median of odd and even counts; spread shows the range", () => {
    assert.strictEqual(median([3, 1, 2]), 2)
    assert.strictEqual(median([4, 1, 3, 2]), 2.5)
    assert.strictEqual(spread([10, 30, 20]), "20.0 (10.0–30.0)")
    assert.strictEqual(spread([250]), "250")
  })
})

describe("targets", () => {
  it("scenario 1 compares effect-workos's median wall time with raw fetch's", () => {
    const section = summarize("s1", {
      "effect:default": [{ wallMs: 1100 }, { wallMs: 1150 }, { wallMs: 5000 }],
      "fetch:default": [{ wallMs: 1000 }]
    })
    assert.strictEqual(section.targets[0]!.measured, "1.15×")
    assert.isTrue(section.targets[0]!.met, "the median ignores the one slow run")
  })

  it("scenario 2 judges the worst run's heap growth", () => {
    const mb = 1024 * 1024
    const section = summarize("s2", { "effect:default": [{ heapGrowth: 10 * mb }, { heapGrowth: 70 * mb }] })
    assert.strictEqual(section.targets[0]!.measured, "70.0 MB")
    assert.isFalse(section.targets[0]!.met)
  })

  it("scenario 7's share counts the first window's burst as allowed", () => {
    // 200 per 2 s: in 4 s a sliding window allows 200 + 100/s × 4 s = 600 requests.
    const section = summarize("s7", {
      "effect:default": [{ requests: 540, wallMs: 4000 }],
      "effect:ratelimit": [{ requests: 600, wallMs: 4000 }]
    })
    assert.strictEqual(section.targets[0]!.measured, "100 %, 0")
    assert.isTrue(section.targets[0]!.met)
    const failed = summarize("s7", { "effect:ratelimit": [{ requests: 600, wallMs: 4000, failures: 1 }] })
    assert.isFalse(failed.targets[0]!.met, "a failed call misses the target whatever the rate")
  })
})

describe("report", () => {
  const report = (quick: boolean): Report => ({
    quick,
    sections: [summarize("s3", {
      "effect:default": [{ wallMs: 4000, requests: 100 }],
      "effect:prefetch1": [{ wallMs: 2000, requests: 100 }]
    })],
    bundles: undefined,
    machine: "test machine",
    date: "2026-11-23"
  })

  it("the markdown has the machine, the targets table, the notes and a chart", () => {
    const { markdown, svg } = renderMarkdown(report(false), "## What the numbers say\n\nNotes.")
    assert.include(markdown, "**Machine:** test machine.")
    assert.include(markdown, "| 3. effect-workos with prefetch vs without | ≥ 1.6× | 2.00× | met |")
    assert.include(markdown, "## What the numbers say")
    assert.include(svg, "<svg")
    assert.include(svg, "2.00×")
  })

  it("a quick run prints no verdicts", () => {
    assert.include(renderTable(report(false)), "(target ≥ 1.6×) met")
    const quick = renderTable(report(true))
    assert.include(quick, "Quick run")
    assert.notInclude(quick, " met")
  })
})
