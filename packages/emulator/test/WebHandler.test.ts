/**
 * The emulator as a web handler: the same app `listen` serves, called with `Request`s.
 */
import { describe, expect, it } from "vitest"
import { Emulator } from "../src/index.js"

describe("Emulator.webHandler", () => {
  it("answers the API, the control plane and faults as the served emulator does", async () => {
    const emulator = Emulator.makeAt({ users: [{ email: "ada@example.com" }] }, Date.now())
    const handler = Emulator.webHandler(emulator)
    const auth = { authorization: `Bearer ${emulator.apiKey}` }
    const users = await handler(new Request("http://emulator.test/user_management/users", { headers: auth }))
    expect(users.status).toBe(200)
    expect(users.headers.get("content-type")).toBe("application/json")
    expect(((await users.json()) as { data: Array<{ email: string }> }).data.map((u) => u.email)).toEqual([
      "ada@example.com"
    ])
    const created = await handler(
      new Request("http://emulator.test/user_management/users", {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ email: "grace@example.com" })
      })
    )
    expect(created.status).toBe(201)
    expect(emulator.userId("grace@example.com")).toBeDefined()
    emulator.failNext({
      path: "/user_management/users",
      status: 503,
      body: "<h1>down</h1>",
      headers: { "content-type": "text/html" }
    })
    const failed = await handler(new Request("http://emulator.test/user_management/users", { headers: auth }))
    expect(failed.status).toBe(503)
    expect(failed.headers.get("content-type")).toBe("text/html")
    expect(await failed.text()).toBe("<h1>down</h1>")
    expect((await handler(new Request("http://emulator.test/__emulator/health"))).status).toBe(200)
    expect((await handler(new Request("http://emulator.test/nowhere"))).status).toBe(404)
  })
})
