#!/usr/bin/env node
/**
 * Serve the emulator over HTTP: `npx -y pnpm@10 emulator --port 4010`.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import { parseArgs } from "node:util"
import { listen, type Options } from "./Emulator.js"

const { values } = parseArgs({
  // `pnpm emulator -- --port 1` passes a literal "--" through.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string" },
    "seed-file": { type: "string" },
    "api-key": { type: "string" },
    "client-id": { type: "string" },
    "rate-limits": { type: "boolean", default: false },
    latency: { type: "string", default: "0" },
    history: { type: "string", default: "1000" },
    help: { type: "boolean", short: "h", default: false }
  }
})

if (values.help) {
  process.stdout.write(`effect-workos-emulator: an in-memory WorkOS User Management API

  --port N            port to listen on (default 4010; 0 picks a free one)
  --host H            interface (default 127.0.0.1)
  --seed S            seed for deterministic ids and codes
  --seed-file F       JSON file with { "users": [...], "organizations": [...] } (see SeedUser)
  --api-key K         API key clients must send (default sk_test_emulator)
  --client-id C       client id (default client_emulator)
  --rate-limits       enforce WorkOS's documented AuthKit rate limits
  --latency MS        answer every request MS milliseconds late (default 0)
  --history N         keep the last N requests in memory (default 1000)
`)
  process.exit(0)
}

const seed: Pick<Options, "users" | "organizations"> = values["seed-file"]
  ? JSON.parse(fs.readFileSync(values["seed-file"], "utf8"))
  : {}

const server = await listen({
  ...seed,
  port: Number(values.port),
  host: values.host,
  seed: values.seed,
  apiKey: values["api-key"],
  clientId: values["client-id"],
  rateLimits: values["rate-limits"],
  latency: Number(values.latency),
  history: Number(values.history)
})

process.stdout.write(
  `WorkOS emulator listening on ${server.url}\n` +
    `  WORKOS_BASE_URL=${server.url}\n  WORKOS_API_KEY=${server.emulator.apiKey}\n  WORKOS_CLIENT_ID=${server.emulator.clientId}\n`
)

const stop = () => {
  server.close().then(() => process.exit(0))
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
