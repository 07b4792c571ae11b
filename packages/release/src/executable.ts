/**
 * A TypeScript entry point bundled with everything it imports into one ES module, for
 * tests that start it as a child process. `node <bundle>` starts in about 0.3 s where
 * `node --import tsx <entry>` takes about 3 s of CPU (tsx's loader hooks see each of the
 * thousand-odd modules of effect, the platform and the SDK), and a test suite starts
 * dozens of them.
 *
 * The bundle is the same program: esbuild resolves the workspace's `exports` to the
 * sources, as tsx does. What users install (the compiled tarballs) is tested by the
 * consumer suite.
 *
 * @since 0.2.0
 */
import * as esbuild from "esbuild"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

let dir: string | undefined
const built = new Map<string, Promise<string>>()

const bundle = async (entry: string): Promise<string> => {
  if (dir === undefined) {
    const made = fs.mkdtempSync(path.join(os.tmpdir(), "effect-workos-executable-"))
    dir = made
    process.once("exit", () => fs.rmSync(made, { recursive: true, force: true }))
  }
  const outfile = path.join(dir, `${built.size}-${path.basename(entry).replace(/\.ts$/, "")}.mjs`)
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "silent",
    // CommonJS dependencies (ioredis, bcryptjs) call `require`, which an ES module lacks.
    banner: {
      js: "import { createRequire as __effectWorkosRequire } from \"node:module\";\n" +
        "const require = __effectWorkosRequire(import.meta.url);"
    }
  })
  return outfile
}

/**
 * The path of `entry` bundled into one `.mjs` file (built once per process; removed when
 * the process exits). Run it with `node <path> ...args`.
 *
 * @since 0.2.0
 */
export const executable = (entry: string): Promise<string> => {
  const absolute = path.resolve(entry)
  let pending = built.get(absolute)
  if (pending === undefined) {
    pending = bundle(absolute)
    built.set(absolute, pending)
  }
  return pending
}
