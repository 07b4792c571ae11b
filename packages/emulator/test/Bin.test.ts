/**
 * The emulator's executable as a user runs it: one-line errors with exit code 1, the
 * environment to use printed on start, `--snapshot` and `--no-control`.
 */
import { executable } from "effect-workos-release/executable"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { Emulator } from "../src/index.js"

const bin = path.resolve(import.meta.dirname, "../src/bin.ts")
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-bin-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const file = (name: string, content: unknown) => {
  const out = path.join(dir, name)
  fs.writeFileSync(out, typeof content === "string" ? content : JSON.stringify(content))
  return out
}

/** Run the bin (bundled once by esbuild: it starts in 0.3 s, not tsx's 3 s) to its end (for the failures). */
const run = async (args: ReadonlyArray<string>) => {
  const bundled = await executable(bin)
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bundled, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })
}

/** Start the bin, wait for its banner, and stop it by its PID afterwards. */
const start = async <A>(args: ReadonlyArray<string>, use: (banner: string) => Promise<A>): Promise<A> => {
  const child = spawn(process.execPath, [await executable(bin), ...args], { stdio: ["ignore", "pipe", "pipe"] })
  try {
    const banner = await new Promise<string>((resolve, reject) => {
      let out = ""
      child.stdout.on("data", (chunk) => {
        out += chunk
        if (out.includes("WORKOS_CLIENT_ID=")) resolve(out)
      })
      child.on("close", (code) => reject(new Error(`exited with ${code}`)))
    })
    return await use(banner)
  } finally {
    process.kill(child.pid!, "SIGTERM")
  }
}

const failsWith = async (args: ReadonlyArray<string>, line: string | RegExp) => {
  const result = await run(args)
  expect(result.code).toBe(1)
  expect(result.stdout).toBe("")
  const lines = result.stderr.trimEnd().split("\n")
  expect(lines).toHaveLength(1)
  if (typeof line === "string") expect(lines[0]).toBe(`effect-workos-emulator: ${line}`)
  else expect(lines[0]).toMatch(line)
}

describe("effect-workos-emulator (the executable)", () => {
  it("a bad flag, a bad number, a missing or malformed file: one line naming it, exit code 1", async () => {
    const missing = path.join(dir, "missing.json")
    const notJson = file("not.json", "{ users: ")
    const typo = file("typo.json", { users: [{ email: "a@example.com" }, { email: "b@example.com", firstname: "B" }] })
    const wrongType = file("wrong.json", { organizations: [{ name: 7 }] })
    const snapshot = file("snapshot.json", { format: "effect-workos-emulator/snapshot", version: 2 })
    await Promise.all([
      failsWith(["--bogus"], /^effect-workos-emulator: Unknown option '--bogus'.* \(see --help\)$/),
      failsWith(["--port", "http"], `--port: expected an integer from 0 to 65535, got "http"`),
      failsWith(["--seed-file", missing], `--seed-file ${missing}: no such file`),
      failsWith(["--seed-file", notJson], new RegExp(`^effect-workos-emulator: --seed-file ${notJson}: not JSON \\(`)),
      failsWith(
        ["--seed-file", typo],
        new RegExp(`^effect-workos-emulator: --seed-file ${typo}: users\\[1\\]\\.firstname: is unexpected`)
      ),
      failsWith(
        ["--seed-file", wrongType],
        `--seed-file ${wrongType}: organizations[0].name: Expected string, actual 7`
      ),
      failsWith(["--snapshot", snapshot, "--port", "0"], `--snapshot ${snapshot}: version: expected 1`)
    ])
  }, 30_000)

  it("a busy port: one line, exit code 1", async () => {
    const busy = net.createServer()
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve))
    const port = (busy.address() as net.AddressInfo).port
    try {
      await failsWith(["--port", String(port)], `Port ${port} on 127.0.0.1 is in use`)
    } finally {
      busy.close()
    }
  }, 30_000)

  it("prints the environment to use; starts from a snapshot; --no-control turns the control plane off", async () => {
    const source = Emulator.makeAt({ users: [{ email: "from-snapshot@example.com" }] }, Date.now())
    const snapshot = file("good.json", source.snapshot())
    await start(["--port", "0", "--snapshot", snapshot, "--no-control"], async (banner) => {
      const env = Object.fromEntries([...banner.matchAll(/^ {2}(WORKOS_\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]))
      expect(env).toMatchObject({ WORKOS_API_KEY: "sk_test_emulator", WORKOS_CLIENT_ID: "client_emulator" })
      expect(banner).not.toContain("Control plane")
      const users = await fetch(`${env.WORKOS_BASE_URL}/user_management/users`, {
        headers: { authorization: `Bearer ${env.WORKOS_API_KEY}` }
      })
      expect(((await users.json()) as { data: Array<{ email: string }> }).data.map((u) => u.email)).toEqual([
        "from-snapshot@example.com"
      ])
      expect((await fetch(`${env.WORKOS_BASE_URL}/__emulator/health`)).status).toBe(404)
    })
    await start(["--port", "0"], async (banner) => {
      const url = /WORKOS_BASE_URL=(.*)/.exec(banner)![1]!
      expect(banner).toContain(`Control plane: ${url}/__emulator/`)
      expect((await fetch(`${url}/__emulator/health`)).status).toBe(200)
    })
  }, 30_000)
})
