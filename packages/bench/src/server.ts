/**
 * The emulator the benchmarks run against, in its own process so that serving requests
 * never competes with the client being measured for the same event loop.
 *
 * Started by `main.ts` with a JSON argument (see `ServerSpec`). Prints one JSON line with
 * the API URL and the URL of a small admin endpoint (`GET /stats`) that reads the
 * emulator's running counters.
 */
import { Emulator } from "effect-workos-emulator"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import type { ServerSpec } from "./spec.js"

const spec: ServerSpec = JSON.parse(process.argv[2] ?? "{}")

const server = await Emulator.listen({
  seed: "bench",
  history: 16,
  latency: spec.latency,
  ...(spec.rateLimit ? { rateLimits: { reads: spec.rateLimit } } : {}),
  users: [{ email: spec.passwordUser.email, password: spec.passwordUser.password }]
})
const emulator = server.emulator
const now = Date.now()
for (let i = 1; i < spec.users; i++) {
  emulator.createUser({ email: `user${i}@example.com`, firstName: "Bench", lastName: `User ${i}` }, now)
}

const stats = () => ({
  listUsers: emulator.count("GET", "/user_management/users"),
  getUser: emulator.count("GET", "/user_management/users/{id}"),
  jwks: emulator.count("GET", "/sso/jwks/{clientId}"),
  ok: emulator.statusCount(200),
  rateLimited: emulator.statusCount(429)
})

const admin = http.createServer((req, res) => {
  res.writeHead(req.url === "/stats" ? 200 : 404, { "content-type": "application/json" })
  res.end(JSON.stringify(req.url === "/stats" ? stats() : {}))
})
await new Promise<void>((resolve) => admin.listen(0, "127.0.0.1", resolve))
const { port } = admin.address() as AddressInfo

process.stdout.write(
  JSON.stringify({
    url: server.url,
    admin: `http://127.0.0.1:${port}`,
    apiKey: emulator.apiKey,
    clientId: emulator.clientId
  }) + "\n"
)

const stop = () => {
  admin.close()
  server.close().then(() => process.exit(0))
}
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
