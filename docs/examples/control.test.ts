/**
 * The emulator's control plane from outside its process: plain HTTP and the API key, as a
 * browser test, the official Node SDK or another language would drive it.
 */
import { Emulator } from "effect-workos-emulator"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

let server: Awaited<ReturnType<typeof Emulator.listen>>
beforeAll(async () => {
  server = await Emulator.listen({ apiKey: "sk_test_emulator" })
})
afterAll(() => server.close())

// --- client
// A control-plane client: any HTTP client with the emulator's API key.
const emulator = (base: string, apiKey: string) => {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/__emulator/${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return response.status === 204 ? undefined : response.json()
  }
  return {
    seed: (seed: unknown) => call("POST", "seed", seed),
    // The newest message to `to` (waiting up to 5 s for one): its code, token and link.
    waitForEmail: (to: string) => call("GET", `outbox/wait?to=${encodeURIComponent(to)}&timeout=5000`),
    fail: (fault: unknown) => call("POST", "faults", fault),
    reset: () => call("POST", "reset"),
    snapshot: () => call("GET", "snapshot"),
    restore: (snapshot: unknown) => call("PUT", "snapshot", snapshot),
    advanceClock: (millis: number) => call("POST", "clock/advance", { millis })
  }
}
// --- end

/** What the app under test would do: a request to the API (here without an SDK). */
const api = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: "Bearer sk_test_emulator", "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })

describe("the control plane", () => {
  it("seed, read an emailed code, script a fault, snapshot and reset", async () => {
    // --- use
    const control = emulator(server.url, "sk_test_emulator")
    const { users: [adaId] } = await control.seed({
      organizations: [{ id: "org_acme", name: "Acme" }],
      users: [{ email: "ada@example.com", memberships: [{ organization: "org_acme" }] }]
    })

    // The app sends a magic code; the test reads it from the outbox.
    await api("POST", "/user_management/magic_auth", { email: "ada@example.com" })
    const { code } = await control.waitForEmail("ada@example.com")

    // The next request for Ada answers 503 once.
    await control.fail({ method: "GET", path: `/user_management/users/${adaId}`, status: 503 })

    // Save the state, and come back to it (or to the seed) between tests.
    const saved = await control.snapshot()
    await control.restore(saved)
    await control.reset()
    // --- end
    expect(code).toMatch(/^\d{6}$/)
    expect(saved.tables.users).toHaveLength(1)
    expect((await api("GET", "/user_management/users")).status).toBe(200)
    expect(((await (await api("GET", "/user_management/users")).json()) as { data: Array<unknown> }).data).toEqual([])
  })
})
