/**
 * Scenario 6: esbuild-minified, gzipped bundles of the same minimal app.
 */
import * as esbuild from "esbuild"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as zlib from "node:zlib"
import { installedPlugin } from "./installed.js"

const here = path.dirname(fileURLToPath(import.meta.url))

export interface BundleSize {
  readonly entry: string
  readonly minified: number
  readonly gzipped: number
  /** Minified bytes by package (before gzip), from esbuild's metafile. */
  readonly byPackage: Readonly<Record<string, number>>
}

const packageOf = (file: string): string => {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(file)
  if (match) return match[1]!
  if (/(^|\/)workos\/(src|dist)\//.test(file)) return "effect-workos"
  return "app"
}

/** Bundle one app; `installed` is a folder whose node_modules holds the built packages. */
export const bundle = async (entry: string, installed: string): Promise<BundleSize> => {
  const result = await esbuild.build({
    entryPoints: [path.join(here, "bundle", `${entry}.ts`)],
    bundle: true,
    minify: true,
    treeShaking: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    metafile: true,
    plugins: [installedPlugin(installed)],
    logLevel: "silent"
  })
  const code = result.outputFiles[0]!.contents
  const byPackage: Record<string, number> = {}
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(info.inputs)) {
      const name = packageOf(input)
      byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput
    }
    void file
  }
  return {
    entry,
    minified: code.byteLength,
    gzipped: zlib.gzipSync(code, { level: 9 }).byteLength,
    byPackage
  }
}
