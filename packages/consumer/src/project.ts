/**
 * What the consumer suite does outside the test cases: build and pack the tarballs, make a
 * fresh npm project that installs them, run commands, and serve the packed emulator.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { promisify } from "node:util"

const execFileAsync = promisify(execFile)

/** The monorepo root. */
export const root = path.resolve(import.meta.dirname, "../../..")
const consumerDir = path.resolve(import.meta.dirname, "..")
const fixtures = path.join(consumerDir, "fixtures")

/** A binary from this package's devDependencies (runtimes and checkers ship in registry packages). */
export const bin = (name: string): string => path.join(consumerDir, "node_modules", ".bin", name)

/** The peers users are told to install, at the versions the README names. */
export const peers = ["effect@~3.22.4", "@effect/platform@~0.97.1"]

export interface RunResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Run a command to its end; never throws on a non-zero exit (the caller asserts). */
export const run = async (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: Record<string, string>; readonly timeoutMs?: number }
): Promise<RunResult> => {
  try {
    const { stderr, stdout } = await execFileAsync(command, [...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string }
    return {
      code: typeof failure.code === "number" ? failure.code : null,
      stdout: failure.stdout ?? "",
      stderr: failure.stderr ?? String(error)
    }
  }
}

const must = async (...args: Parameters<typeof run>): Promise<RunResult> => {
  const result = await run(...args)
  if (result.code !== 0) {
    throw new Error(`${args[0]} ${args[1].join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`)
  }
  return result
}

export interface Tarballs {
  readonly dir: string
  readonly sdk: string
  readonly emulator: string
  readonly cli: string
}

/** Build the packages from source and pack each `dist/` with npm, as a release does. */
export const buildAndPack = async (): Promise<Tarballs> => {
  await must(process.execPath, [
    "--import",
    "tsx",
    "packages/release/src/build.ts",
    "packages/workos",
    "packages/emulator",
    "packages/cli"
  ], {
    cwd: root,
    timeoutMs: 300_000
  })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "effect-workos-tarballs-"))
  const pack = async (pkg: string) => {
    const { stdout } = await must("npm", ["pack", "--json", "--pack-destination", dir, path.join(root, pkg, "dist")], {
      cwd: root
    })
    const [info] = JSON.parse(stdout) as Array<{ filename: string }>
    return path.join(dir, info!.filename)
  }
  return {
    dir,
    sdk: await pack("packages/workos"),
    emulator: await pack("packages/emulator"),
    cli: await pack("packages/cli")
  }
}

/**
 * A fresh project outside the workspace that installs the tarballs and the peers with
 * plain npm, with the smoke program as an ES module (`esm/`) and as CommonJS (`cjs/`).
 */
export const makeProject = async (tarballs: Tarballs): Promise<string> => {
  const dir = emptyProject()
  for (const format of ["esm", "cjs"]) {
    fs.mkdirSync(path.join(dir, format))
    for (const file of ["smoke.ts", "main.ts"]) fs.copyFileSync(path.join(fixtures, file), path.join(dir, format, file))
  }
  fs.copyFileSync(path.join(fixtures, "worker.ts"), path.join(dir, "esm", "worker.ts"))
  fs.writeFileSync(path.join(dir, "cjs", "package.json"), JSON.stringify({ type: "commonjs" }))
  const typescript = JSON.parse(fs.readFileSync(path.join(consumerDir, "node_modules/typescript/package.json"), "utf8"))
  await npmInstall(dir, [
    tarballs.sdk,
    tarballs.emulator,
    ...peers,
    `typescript@${typescript.version}`,
    "@types/node@^20.19.0"
  ])
  return dir
}

/** An empty folder with the `package.json` of `npm init`: what a newcomer starts from. */
export const emptyProject = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "effect-workos-consumer-"))
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }))
  return dir
}

/** `npm install` as a user runs it (install scripts off: nothing here needs one). */
export const npmInstall = async (dir: string, specs: ReadonlyArray<string>): Promise<void> => {
  await must("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", ...specs], {
    cwd: dir,
    timeoutMs: 300_000
  })
}

/** A port free on loopback right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

/** A process started in the background, stopped by its PID. */
export interface Background {
  readonly process: ChildProcess
  readonly output: () => string
  readonly stop: () => Promise<void>
}

export const background = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly ready: RegExp | undefined; readonly timeoutMs?: number }
): Promise<Background> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done()
        child.once("exit", () => done())
        process.kill(child.pid!, "SIGTERM")
      })
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${command} was not ready in time:\n${output}`))
    }, options.timeoutMs ?? 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (options.ready === undefined || options.ready.test(output)) {
        clearTimeout(timer)
        child.stdout!.off("data", onData)
        child.stderr!.off("data", onData)
        child.stdout!.on("data", (more: Buffer) => (output += more.toString()))
        child.stderr!.on("data", (more: Buffer) => (output += more.toString()))
        resolve({ process: child, output: () => output, stop })
      }
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", onData)
    // Without a line to wait for, the caller polls the process itself.
    if (options.ready === undefined) onData(Buffer.alloc(0))
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`))
    })
  })

export interface EmulatorProcess extends Background {
  readonly env: Record<string, string>
}

/** The packed emulator's own bin on a free loopback port, with the variables it prints. */
export const startEmulator = async (project: string): Promise<EmulatorProcess> => {
  const server = await background(
    path.join(project, "node_modules", ".bin", "effect-workos-emulator"),
    ["--port", "0"],
    { cwd: project, ready: /WORKOS_CLIENT_ID=(\S+)/ }
  )
  const env: Record<string, string> = {}
  for (const [, key, value] of server.output().matchAll(/(WORKOS_\w+)=(\S+)/g)) env[key!] = value!
  return { ...server, env }
}
