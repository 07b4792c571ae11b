/**
 * The terminal table and `docs/benchmarks.md` (with its SVG chart of the ratios).
 */
import * as os from "node:os"
import type { BundleSize } from "./bundle.js"
import type { Section, Target } from "./scenarios.js"
import { kb, num } from "./stats.js"

export interface Report {
  readonly quick: boolean
  readonly sections: Array<Section>
  readonly bundles: Readonly<Record<string, BundleSize>> | undefined
  /** Where and when the figures were measured. */
  readonly machine: string
  readonly date: string
}

const bundleTarget = 15

const bundleSection = (sizes: Readonly<Record<string, BundleSize>>): Section => {
  const ours = sizes["effect-workos"]!
  const baseline = sizes["baseline"]!
  const floor = sizes["baseline-schema-jose"]!
  const marginal = kb(ours.gzipped - baseline.gzipped)
  const own = kb(ours.gzipped - floor.gzipped)
  const labels: Record<string, string> = {
    "effect-workos": "effect-workos app",
    "workos-node": "@workos-inc/node app",
    baseline: "bare effect + @effect/platform HttpClient",
    "baseline-schema-jose": "bare effect + HttpClient + Schema + jose"
  }
  return {
    id: "6",
    title: "Bundle size",
    setup:
      "esbuild (minify, tree-shaking, ESM, platform node), then gzip -9. The app gets a user, signs in with a password and verifies the access token; the baselines make the same calls by hand. `by package` is minified bytes before gzip.",
    columns: ["bundle", "minified KB", "gzipped KB", "by package (minified KB)"],
    rows: Object.entries(sizes).map(([entry, size]) => [
      labels[entry] ?? entry,
      num(kb(size.minified), 1),
      num(kb(size.gzipped), 1),
      Object.entries(size.byPackage).sort((a, b) => b[1] - a[1]).map(([name, bytes]) => `${name} ${num(kb(bytes), 1)}`)
        .join(", ")
    ]),
    targets: [
      {
        label: "marginal cost over bare effect + HttpClient (gzipped)",
        measured: `${num(marginal, 1)} KB`,
        goal: `≤ ${bundleTarget} KB`,
        met: marginal <= bundleTarget,
        chart: { value: bundleTarget / marginal, goal: 1 }
      },
      {
        label: "of which the SDK's own code and the effect modules it adds (over + Schema + jose)",
        measured: `${num(own, 1)} KB`,
        goal: "(no target)",
        met: true
      },
      {
        label: "effect-workos app vs @workos-inc/node app (gzipped)",
        measured: `${num(ours.gzipped / sizes["workos-node"]!.gzipped, 2)}×`,
        goal: "(no target)",
        met: true
      }
    ]
  }
}

const allSections = (report: Report): ReadonlyArray<Section> => {
  const sections = [...report.sections]
  if (report.bundles !== undefined) sections.push(bundleSection(report.bundles))
  return sections.sort((a, b) => Number(a.id) - Number(b.id))
}

const pad = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)))
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n")
}

const verdict = (t: Target) => t.goal === "(no target)" ? "" : t.met ? "met" : "MISSED"

export const renderTable = (report: Report): string =>
  (report.quick ? "\nQuick run: sizes too small to judge the targets; it only proves every scenario runs.\n" : "") +
  allSections(report).map((s) =>
    `\n${s.id}. ${s.title}\n${pad([s.columns, ...s.rows])}\n` +
    s.targets.map((t) => `  → ${t.label}: ${t.measured} (target ${t.goal})${report.quick ? "" : ` ${verdict(t)}`}`)
      .join("\n") +
    (s.extra ? `\n  ${s.extra}` : "") + "\n"
  ).join("")

export const machine = () => {
  const cpus = os.cpus()
  return `${cpus[0]?.model ?? "unknown CPU"} (${cpus.length} logical CPUs), ${
    num(os.totalmem() / 2 ** 30, 0)
  } GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`
}

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** Horizontal bars: measured ÷ target-direction ratio, with the target as a tick. Bigger is better. */
const chart = (sections: ReadonlyArray<Section>): string => {
  const bars = sections.flatMap((s) =>
    s.targets.filter((t) => t.chart !== undefined).map((t) => ({ label: `${s.id}. ${t.label}`, ...t.chart!, t }))
  )
  // Room for the longest label at 12 px sans-serif (about 6.6 px a character).
  const left = Math.ceil(Math.max(...bars.map((b) => b.label.length)) * 6.6) + 20
  const width = left + 470
  const barHeight = 22
  const top = 40
  const height = top + bars.length * (barHeight + 12) + 30
  const scaleMax = Math.max(2, ...bars.map((b) => Math.min(b.value, 4)), ...bars.map((b) => b.goal)) * 1.05
  const x = (v: number) => left + (Math.min(v, 4) / scaleMax) * (width - left - 60)
  const rows = bars.map((b, i) => {
    const y = top + i * (barHeight + 12)
    const colour = b.value >= b.goal ? "#2f855a" : "#c53030"
    return [
      `<text x="${left - 10}" y="${y + 15}" text-anchor="end" font-size="12">${escapeXml(b.label)}</text>`,
      `<rect x="${left}" y="${y}" width="${x(b.value) - left}" height="${barHeight}" fill="${colour}" />`,
      `<line x1="${x(b.goal)}" x2="${x(b.goal)}" y1="${y - 4}" y2="${
        y + barHeight + 4
      }" stroke="#1a202c" stroke-width="2" stroke-dasharray="3,2" />`,
      `<text x="${Math.max(x(b.value), x(b.goal)) + 6}" y="${y + 15}" font-size="12">${escapeXml(b.t.measured)}</text>`
    ].join("\n  ")
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
  <rect width="100%" height="100%" fill="white" />
  <text x="10" y="22" font-size="14" font-weight="bold">Each bar is a measured ratio, oriented so longer is better; the dashed line is the target</text>
  ${rows.join("\n  ")}
  <line x1="${left}" x2="${left}" y1="${top - 8}" y2="${height - 24}" stroke="#4a5568" />
</svg>
`
}

export const renderMarkdown = (
  report: Report,
  notes: string
): { readonly markdown: string; readonly svg: string } => {
  const sections = allSections(report)
  const table = (rows: ReadonlyArray<ReadonlyArray<string>>) =>
    [
      `| ${rows[0]!.join(" | ")} |`,
      `|${rows[0]!.map(() => " --- ").join("|")}|`,
      ...rows.slice(1).map((r) => `| ${r.join(" | ")} |`)
    ].join("\n")
  const targets = sections.flatMap((s) =>
    s.targets.filter((t) => t.goal !== "(no target)").map((
      t
    ) => [`${s.id}. ${t.label}`, t.goal, t.measured, verdict(t)])
  )
  const markdown = `# Benchmarks

Generated by \`npx -y pnpm@10 bench\` (packages/bench) on ${report.date}. Do not edit by hand:
the figures come from [benchmarks.json](./benchmarks.json), the analysis from
\`packages/bench/NOTES.md\`.

**Machine:** ${report.machine}.

**How:** every scenario runs this SDK, the official \`@workos-inc/node\` and a raw \`fetch\` loop
(the physical limit for a client) against the same emulator, served over loopback HTTP from a
separate process. Every run of every contestant is a fresh process (\`--expose-gc\`), after a short
warm-up; the order of contestants rotates from run to run. Figures are the median, with the range
over runs in parentheses.

**Reproduce:** \`npx -y pnpm@10 install && npx -y pnpm@10 bench\` (about 10 minutes; \`--only s1,s4 --write\`
re-measures some scenarios, \`--runs N\` overrides the run count, \`--quick\` is the smoke run CI makes).

Targets are written here, not asserted in tests.

![ratios](./benchmarks.svg)

## Targets

${table([["scenario", "target", "measured", ""], ...targets])}

${notes.trim()}

${
    sections.map((s) =>
      `## ${s.id}. ${s.title}

${s.setup}

${table([s.columns, ...s.rows])}

${s.targets.map((t) => `- ${t.label}: **${t.measured}** (target ${t.goal}) ${verdict(t)}`).join("\n")}${
        s.extra ? `\n\n${s.extra}` : ""
      }
`
    ).join("\n")
  }`
  return { markdown, svg: chart(sections) }
}
