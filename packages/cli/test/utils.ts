/**
 * What the CLI's tests share: a temporary directory per test, reading NDJSON back, and the
 * CLI executable run as users run it (with a way to interrupt it mid-run).
 */
import { Effect, Layer } from "effect"
import { WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import { executable } from "effect-workos-release/executable"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export const packageDir = path.resolve(import.meta.dirname, "..")

/** A fresh directory, removed with the scope. */
export const tempDir = Effect.acquireRelease(
  Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "effect-workos-cli-"))),
  (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
)

export const readLines = (file: string): Array<unknown> =>
  fs.readFileSync(file, "utf8").split("\n").filter((line) => line !== "").map((line) => JSON.parse(line))

export interface Run {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * An `onOutput` that sends SIGINT once the plain progress lines (`<label> N`) report at
 * least `rows`; `sent()` says whether it did.
 */
export const interruptAt = (label: string, rows: number) => {
  let sent = false
  const pattern = new RegExp(`${label} ([\\d,]+)`, "g")
  return {
    sent: () => sent,
    onOutput: (output: string, kill: (signal: NodeJS.Signals) => void) => {
      const done = [...output.matchAll(pattern)].map((m) => Number(m[1]!.replaceAll(",", "")))
      if (!sent && done.some((n) => n >= rows)) {
        sent = true
        kill("SIGINT")
      }
    }
  }
}

/**
 * Run `effect-workos …` from the sources (bundled once by esbuild: a child starts in 0.3 s
 * instead of tsx's 3 s) in a child process. `onStderr` sees the error output as it comes
 * and may act on the process (e.g. send SIGINT).
 */
export const cli = (
  args: ReadonlyArray<string>,
  options: {
    readonly env?: Record<string, string> | undefined
    readonly onOutput?: ((output: string, kill: (signal: NodeJS.Signals) => void) => void) | undefined
  } = {}
): Promise<Run> =>
  executable(path.join(packageDir, "src/bin.ts")).then((bin) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], {
        cwd: packageDir,
        // No WorkOS settings leak in from the machine running the tests.
        env: {
          PATH: process.env["PATH"] ?? "",
          ...options.env
        },
        stdio: ["ignore", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      const kill = (signal: NodeJS.Signals) => child.kill(signal)
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString()
      })
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString()
        options.onOutput?.(stderr, kill)
      })
      child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
    })
  )

/** The emulator in process, with a `WorkOSConfig` for it (no retries). */
export const emulated = (options: Emulator.Options = {}) =>
  Layer.merge(
    Emulator.layer(options),
    WorkOSConfig.layer({ ...Emulator.connection(options), retry: "none" }).pipe(Layer.orDie)
  )
