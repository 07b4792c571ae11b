#!/usr/bin/env node
/**
 * Serve the emulator over HTTP: `npx -y pnpm@10 emulator --port 4010`. A bad flag, a busy
 * port or a malformed seed or snapshot file is one line on stderr and exit code 1.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { parseArgs } from "node:util"
import { listen, type ListenOptions, type Server } from "./Emulator.js"
import { decodeSeed } from "./internal/seed.js"

const help = `effect-workos-emulator: an in-memory WorkOS User Management API

  --port N            port to listen on (default 4010; 0 picks a free one)
  --host H            interface (default 127.0.0.1)
  --seed S            seed for deterministic ids and codes
  --seed-file F       JSON file with { "users": [...], "organizations": [...] } (see SeedUser)
  --snapshot F        start from a snapshot (GET /__emulator/snapshot), before the seed file
  --api-key K         API key clients must send (default sk_test_emulator)
  --client-id C       client id (default client_emulator)
  --rate-limits       enforce WorkOS's documented AuthKit rate limits
  --latency MS        answer every request MS milliseconds late (default 0)
  --history N         keep the last N requests in memory (default 1000)
  --no-control        do not serve the control plane under /__emulator/
  -h, --help          this text
`

/** A problem the user can fix: printed as one line, exit code 1. */
class UsageError extends Error {}

const integer = (flag: string, raw: string, max: number): number => {
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value > max) {
    throw new UsageError(`--${flag}: expected an integer from 0 to ${max}, got "${raw}"`)
  }
  return value
}

const readJson = (flag: string, file: string): unknown => {
  let text: string
  try {
    text = fs.readFileSync(file, "utf8")
  } catch (error) {
    throw new UsageError(
      `--${flag} ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error)}`
    )
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--${flag} ${file}: not JSON (${(error as Error).message})`)
  }
}

const options = (argv: ReadonlyArray<string>): (ListenOptions & { readonly snapshotFile?: string }) | "help" => {
  let values
  try {
    values = parseArgs({
      // `pnpm emulator -- --port 1` passes a literal "--" through.
      args: argv.filter((arg) => arg !== "--"),
      allowNegative: true,
      options: {
        port: { type: "string", default: "4010" },
        host: { type: "string", default: "127.0.0.1" },
        seed: { type: "string" },
        "seed-file": { type: "string" },
        snapshot: { type: "string" },
        "api-key": { type: "string" },
        "client-id": { type: "string" },
        "rate-limits": { type: "boolean", default: false },
        latency: { type: "string", default: "0" },
        history: { type: "string", default: "1000" },
        control: { type: "boolean", default: true },
        help: { type: "boolean", short: "h", default: false }
      }
    }).values
  } catch (error) {
    // parseArgs' own messages name the flag; keep their first line.
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (see --help)`)
  }
  if (values.help) return "help"
  let seed = {}
  if (values["seed-file"] !== undefined) {
    const decoded = decodeSeed(readJson("seed-file", values["seed-file"]))
    if (decoded._tag === "Left") throw new UsageError(`--seed-file ${values["seed-file"]}: ${decoded.left}`)
    seed = decoded.right
  }
  return {
    ...seed,
    ...(values.snapshot === undefined
      ? {}
      : { snapshot: readJson("snapshot", values.snapshot) as never, snapshotFile: values.snapshot }),
    port: integer("port", values.port, 65_535),
    host: values.host,
    seed: values.seed,
    apiKey: values["api-key"],
    clientId: values["client-id"],
    rateLimits: values["rate-limits"],
    latency: integer("latency", values.latency, 600_000),
    history: integer("history", values.history, 100_000_000),
    control: values.control
  }
}

const main = async (): Promise<void> => {
  const parsed = options(process.argv.slice(2))
  if (parsed === "help") {
    process.stdout.write(help)
    return
  }
  let server: Server & { readonly close: () => Promise<void> }
  try {
    server = await listen(parsed)
  } catch (error) {
    if (error instanceof Error && (error.name === "ListenError" || error.name === "SnapshotError")) {
      throw new UsageError(
        error.name === "SnapshotError" ? `--snapshot ${parsed.snapshotFile}: ${error.message}` : error.message
      )
    }
    throw error
  }
  process.stdout.write(
    `WorkOS emulator listening on ${server.url}\n` +
      `  WORKOS_BASE_URL=${server.url}\n  WORKOS_API_KEY=${server.emulator.apiKey}\n  WORKOS_CLIENT_ID=${server.emulator.clientId}\n` +
      (parsed.control === false ? "" : `Control plane: ${server.url}/__emulator/ (docs/emulator.md)\n`)
  )
  const stop = () => {
    server.close().then(() => process.exit(0))
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof UsageError
      ? `effect-workos-emulator: ${error.message}\n`
      : `effect-workos-emulator: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`
  )
  process.exit(1)
})
