/**
 * Build a publishable package into `<package>/dist`, laid out as `@effect/platform` 0.97
 * publishes (`dist/esm`, `dist/cjs`, `dist/dts`, the `src/` the maps point into), then
 * `npm pack <package>/dist` is the tarball users install.
 *
 * Usage: `tsx packages/release/src/build.ts packages/workos packages/emulator`
 *
 * What differs from `@effect/build-utils pack-v3` and why:
 * - types per condition: ESM declarations in `dist/dts` (with `"type": "module"`) for
 *   `import`, the same declarations beside the CommonJS files in `dist/cjs` for `require`.
 *   With one `types` for both, as pack-v3 writes, `@arethetypeswrong/cli` reports
 *   "Masquerading as CJS" for every ESM import under node16 (it does for @effect/platform).
 * - `workspace:` ranges become the sibling package's real range, so the tarball installs
 *   with any package manager, not only pnpm.
 * - `bin`, `engines`, `keywords`, `bugs` and `files` carry over.
 *
 * What it does as Effect's own packages do: the ESM files get `/* @__PURE__ *\/`
 * annotations on their top-level calls (`babel-plugin-annotate-pure-calls`, the plugin
 * Effect's builds run), so that a bundler drops the schemas, errors and layers an app does
 * not use from a module it does use. Without them, every `Schema.Class(...)` and
 * `Layer.merge(...)` at a module's top level is a call a bundler must keep.
 *
 * @since 0.1.0
 */
import * as babel from "@babel/core"
import * as esbuild from "esbuild"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"

const require = createRequire(import.meta.url)
const root = path.resolve(import.meta.dirname, "../../..")

interface Manifest {
  readonly name: string
  readonly version: string
  readonly bin?: Record<string, string>
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
  readonly [key: string]: unknown
}

const readJson = <A>(file: string): A => JSON.parse(fs.readFileSync(file, "utf8")) as A
const writeJson = (file: string, value: unknown) => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + "\n")
}

/** The versions of the workspace's packages, to turn `workspace:` ranges into real ones. */
const workspaceVersions = (): ReadonlyMap<string, string> =>
  new Map(
    fs.readdirSync(path.join(root, "packages")).flatMap((dir) => {
      const file = path.join(root, "packages", dir, "package.json")
      if (!fs.existsSync(file)) return []
      const manifest = readJson<Manifest>(file)
      return [[manifest.name, manifest.version] as const]
    })
  )

/** `workspace:^` → `^1.2.3`, `workspace:~` → `~1.2.3`, `workspace:*` → `1.2.3`, as pnpm publishes them. */
const resolveRanges = (
  ranges: Record<string, string> | undefined,
  versions: ReadonlyMap<string, string>
): Record<string, string> | undefined => {
  if (ranges === undefined) return undefined
  return Object.fromEntries(
    Object.entries(ranges).map(([name, range]) => {
      if (!range.startsWith("workspace:")) return [name, range]
      const version = versions.get(name)
      if (version === undefined) throw new Error(`${name}: ${range} names no workspace package`)
      const spec = range.slice("workspace:".length)
      return [name, spec === "*" ? version : spec === "^" || spec === "~" ? spec + version : spec]
    })
  )
}

const run = (args: ReadonlyArray<string>) =>
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), ...args], { cwd: root, stdio: "inherit" })

const listTs = (dir: string): Array<string> =>
  fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => path.join(dir, file))
    .sort()

/** The public modules: `src/*.ts` but the barrel and the bin. */
const publicModules = (pkg: string, bins: ReadonlyArray<string>): Array<string> =>
  fs.readdirSync(path.join(pkg, "src"))
    .filter((file) => file.endsWith(".ts") && file !== "index.ts" && !bins.includes(file))
    .map((file) => file.slice(0, -3))
    .sort()

/**
 * Annotate the top-level calls of every ESM file in `dir` as pure, in place. The source
 * maps are carried through: babel reads each file's map (tsc's, into `src/`) and writes
 * the composed one in its place.
 */
const annotatePureCalls = async (dir: string) => {
  const plugin = require.resolve("babel-plugin-annotate-pure-calls")
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js"))) {
    const filename = path.join(dir, file)
    // babel reads the input map from the file's sourceMappingURL comment by default.
    const result = await babel.transformFileAsync(filename, {
      babelrc: false,
      configFile: false,
      sourceType: "module",
      plugins: [plugin],
      sourceMaps: true
    })
    if (result?.code == null || result.map == null) throw new Error(`babel produced nothing for ${filename}`)
    const mapFile = `${path.basename(file)}.map`
    fs.writeFileSync(filename, `${result.code}\n//# sourceMappingURL=${mapFile}\n`)
    // tsc's maps name their sources without their content (src/ ships beside them).
    const { sourcesContent: _, ...map } = result.map
    fs.writeFileSync(`${filename}.map`, JSON.stringify({ ...map, file: path.basename(file) }))
  }
}

const copyDir = (from: string, to: string) => fs.cpSync(from, to, { recursive: true })

const exportsOf = (entry: string) => ({
  import: { types: `./dist/dts/${entry}.d.ts`, default: `./dist/esm/${entry}.js` },
  require: { types: `./dist/cjs/${entry}.d.ts`, default: `./dist/cjs/${entry}.js` },
  default: `./dist/esm/${entry}.js`
})

/** Fields copied as they are from the workspace manifest. */
const carried = [
  "name",
  "version",
  "description",
  "keywords",
  "homepage",
  "bugs",
  "license",
  "author",
  "repository",
  "engines",
  "peerDependenciesMeta"
] as const

const build = async (pkg: string, versions: ReadonlyMap<string, string>) => {
  const manifest = readJson<Manifest>(path.join(pkg, "package.json"))
  const buildDir = path.join(pkg, "build")
  const dist = path.join(pkg, "dist")
  // build/tsc is `pnpm check`'s output: left alone, or tsc -b would think it up to date.
  for (const dir of ["esm", "cjs", "dts"]) fs.rmSync(path.join(buildDir, dir), { recursive: true, force: true })
  fs.rmSync(dist, { recursive: true, force: true })
  fs.rmSync(path.join(pkg, ".tsbuildinfo", "build.tsbuildinfo"), { force: true })

  // ESM and declarations (with maps into src/) from tsc.
  run(["-b", path.join(pkg, "tsconfig.build.json")])
  await annotatePureCalls(path.join(buildDir, "esm"))
  const binFiles = Object.values(manifest.bin ?? {}).map((file) => path.basename(file).replace(/\.js$/, ".ts"))
  // CommonJS from the same sources: every module is self-contained (`isolatedModules`).
  // A bin runs as ESM only (it may use top-level await).
  await esbuild.build({
    entryPoints: listTs(path.join(pkg, "src")).filter((file) =>
      !binFiles.includes(path.relative(path.join(pkg, "src"), file))
    ),
    outdir: path.join(buildDir, "cjs"),
    outbase: path.join(pkg, "src"),
    format: "cjs",
    platform: "neutral",
    target: "es2022",
    sourcemap: true,
    sourcesContent: false,
    logLevel: "warning"
  })

  const modules = publicModules(pkg, binFiles)
  copyDir(path.join(buildDir, "esm"), path.join(dist, "dist", "esm"))
  copyDir(path.join(buildDir, "cjs"), path.join(dist, "dist", "cjs"))
  copyDir(path.join(buildDir, "dts"), path.join(dist, "dist", "dts"))
  // The declarations again beside the CommonJS files, read there as CommonJS declarations
  // (a bin has no CommonJS build, so none for it).
  copyDir(path.join(buildDir, "dts"), path.join(dist, "dist", "cjs"))
  for (const file of binFiles) {
    for (const ext of [".d.ts", ".d.ts.map"]) fs.rmSync(path.join(dist, "dist", "cjs", file.replace(/\.ts$/, ext)))
  }
  copyDir(path.join(pkg, "src"), path.join(dist, "src"))
  writeJson(path.join(dist, "dist", "esm", "package.json"), { type: "module", sideEffects: [] })
  writeJson(path.join(dist, "dist", "dts", "package.json"), { type: "module" })
  writeJson(path.join(dist, "dist", "cjs", "package.json"), { type: "commonjs", sideEffects: [] })

  for (const file of ["README.md", "CHANGELOG.md", "LICENSE"]) {
    if (!fs.existsSync(path.join(pkg, file))) throw new Error(`${manifest.name} has no ${file}`)
    fs.copyFileSync(path.join(pkg, file), path.join(dist, file))
  }

  // Proxy folders, as build-utils writes them, for resolvers that predate `exports`.
  for (const entry of modules) {
    writeJson(path.join(dist, entry, "package.json"), {
      main: `../dist/cjs/${entry}.js`,
      module: `../dist/esm/${entry}.js`,
      types: `../dist/cjs/${entry}.d.ts`,
      sideEffects: []
    })
  }

  const bin = manifest.bin === undefined ? undefined : Object.fromEntries(
    Object.entries(manifest.bin).map(([name, file]) => {
      const compiled = `dist/esm/${path.basename(file).replace(/\.ts$/, ".js")}`
      fs.chmodSync(path.join(dist, compiled), 0o755)
      return [name, `./${compiled}`]
    })
  )
  const out: Record<string, unknown> = {}
  for (const key of carried) if (manifest[key] !== undefined) out[key] = manifest[key]
  Object.assign(out, {
    // The root holds only CommonJS; dist/esm and dist/dts say "module" in their own package.json.
    type: "commonjs",
    sideEffects: [],
    main: "./dist/cjs/index.js",
    module: "./dist/esm/index.js",
    types: "./dist/cjs/index.d.ts",
    ...(bin === undefined ? {} : { bin }),
    exports: {
      "./package.json": "./package.json",
      ".": exportsOf("index"),
      ...Object.fromEntries(modules.map((entry) => [`./${entry}`, exportsOf(entry)]))
    },
    typesVersions: { "*": Object.fromEntries(modules.map((entry) => [entry, [`./dist/cjs/${entry}.d.ts`]])) },
    files: ["dist", "src", ...modules, "README.md", "CHANGELOG.md", "LICENSE"],
    dependencies: resolveRanges(manifest.dependencies, versions),
    peerDependencies: resolveRanges(manifest.peerDependencies, versions)
  })
  writeJson(path.join(dist, "package.json"), out)
  process.stdout.write(`built ${manifest.name}@${manifest.version} → ${path.relative(root, dist)}\n`)
}

const packages = process.argv.slice(2)
if (packages.length === 0) {
  process.stderr.write("usage: build.ts <package dir>...\n")
  process.exit(2)
}
const versions = workspaceVersions()
for (const pkg of packages) await build(path.resolve(pkg), versions)
