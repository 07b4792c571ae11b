/**
 * The benchmarks measure what users install: the packages built into `dist/` by
 * `packages/release`, resolved through their published `exports`, not the workspace's
 * TypeScript sources.
 */
import type * as esbuild from "esbuild"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, "../../..")
const built = {
  "effect-workos": path.join(repoRoot, "packages/workos/dist"),
  "effect-workos-emulator": path.join(repoRoot, "packages/emulator/dist"),
  "effect-workos-redis": path.join(repoRoot, "packages/redis/dist")
} as const

/** Build the packages' `dist/` (as a release does). */
export const buildPackages = (): void => {
  execFileSync(
    process.execPath,
    ["--import", "tsx", "packages/release/src/build.ts", "packages/workos", "packages/emulator", "packages/redis"],
    { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] }
  )
}

/**
 * A `node_modules` under `dir` whose `effect-workos` packages are the
 * built packages, as an install lays them out (Node and esbuild follow the links to the
 * real paths, where the packages' own dependencies resolve).
 */
export const linkInstalled = (dir: string): string => {
  const modules = path.join(dir, "node_modules")
  fs.mkdirSync(modules, { recursive: true })
  for (const [name, target] of Object.entries(built)) {
    const link = path.join(modules, name)
    fs.rmSync(link, { force: true, recursive: true })
    fs.symlinkSync(target, link, "dir")
  }
  return dir
}

/** Resolve the packages by name from `dir`'s `node_modules` (see {@link linkInstalled}). */
export const installedPlugin = (dir: string): esbuild.Plugin => ({
  name: "installed-packages",
  setup(build) {
    build.onResolve(
      { filter: /^effect-workos(-emulator|-redis)?(\/|$)/ },
      (args) =>
        args.pluginData === "installed" ? undefined : build.resolve(args.path, {
          kind: args.kind,
          resolveDir: dir,
          pluginData: "installed"
        })
    )
  }
})
