/**
 * The control plane over a real socket, as a test in another process drives it: only
 * HTTP, the API key, and JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Emulator } from "../src/index.js"

const apiKey = "sk_test_control"
let server: Awaited<ReturnType<typeof Emulator.listen>>

beforeAll(async () => {
  server = await Emulator.listen({
    apiKey,
    organizations: [{ id: "org_acme", name: "Acme" }],
    users: [{
      email: "ada@example.com",
      password: "correct horse battery",
      memberships: [{ organization: "org_acme" }]
    }]
  })
})
afterAll(() => server.close())

const call = async (
  method: string,
  path: string,
  options: { readonly body?: unknown; readonly key?: string | null } = {}
): Promise<{ readonly status: number; readonly body: any; readonly headers: Headers }> => {
  const key = options.key === undefined ? apiKey : options.key
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...(options.body === undefined ? {} : { "content-type": "application/json" })
    },
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) })
  })
  const text = await response.text()
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text), headers: response.headers }
}

const emails = async () =>
  (await call("GET", "/user_management/users?order=asc")).body.data.map((u: { email: string }) => u.email)

describe.sequential("the control plane, over HTTP", () => {
  it("health is open; every other route needs the API key", async () => {
    expect(await call("GET", "/__emulator/health", { key: null })).toMatchObject({
      status: 200,
      body: { status: "ok" }
    })
    for (
      const [method, path] of [["GET", "/__emulator/outbox"], ["POST", "/__emulator/reset"], [
        "GET",
        "/__emulator/snapshot"
      ]]
    ) {
      expect((await call(method!, path!, { key: null })).status).toBe(401)
      expect((await call(method!, path!, { key: "sk_wrong" })).body.code).toBe("unauthorized")
    }
    const wrongMethod = await call("DELETE", "/__emulator/outbox")
    expect(wrongMethod.status).toBe(405)
    expect(wrongMethod.headers.get("allow")).toBe("GET")
    expect((await call("GET", "/__emulator/nothing")).status).toBe(404)
    expect((await call("GET", "/__emulator/constructor")).status).toBe(404)
    expect((await call("GET", "/__emulator/__proto__")).status).toBe(404)
  })

  it("seed creates organizations then users, and answers their ids; a bad field is named and nothing is created", async () => {
    await call("POST", "/__emulator/reset")
    const seeded = await call("POST", "/__emulator/seed", {
      body: {
        organizations: [{ name: "Globex" }],
        users: [{ email: "bob@example.com", memberships: [{ organization: "Globex", role: "admin" }] }]
      }
    })
    expect(seeded.status).toBe(201)
    expect(seeded.body.organizations).toHaveLength(1)
    const bob = await call("GET", `/user_management/users/${seeded.body.users[0]}`)
    expect(bob.body.email).toBe("bob@example.com")
    const memberships = await call("GET", `/user_management/organization_memberships?user_id=${bob.body.id}`)
    expect(memberships.body.data[0]).toMatchObject({
      organization_id: seeded.body.organizations[0],
      role: { slug: "admin" }
    })

    const typo = await call("POST", "/__emulator/seed", {
      body: { users: [{ email: "c@example.com" }, { email: "d@example.com", emailVerfied: true }] }
    })
    expect(typo.status).toBe(422)
    expect(typo.body.message).toMatch(/^users\[1\]\.emailVerfied: /)
    const wrongType = await call("POST", "/__emulator/seed", { body: { users: [{ email: 42 }] } })
    expect(wrongType.body.message).toMatch(/^users\[0\]\.email: Expected string, actual 42/)
    expect(await emails()).toEqual(["ada@example.com", "bob@example.com"])
    expect((await call("POST", "/__emulator/seed", { body: "{ not json" })).body.code).toBe("invalid_json")
  })

  it("outbox: lists by recipient and kind, waits for a message to come, and times out", async () => {
    await call("POST", "/__emulator/reset")
    await call("POST", "/user_management/magic_auth", { body: { email: "ada@example.com" } })
    const listed = await call("GET", "/__emulator/outbox?to=ADA@example.com&kind=magic_auth")
    expect(listed.body.data).toHaveLength(1)
    expect(listed.body.data[0]).toMatchObject({
      kind: "magic_auth",
      to: "ada@example.com",
      code: expect.stringMatching(/^\d{6}$/)
    })
    expect((await call("GET", "/__emulator/outbox?kind=invitation")).body.data).toEqual([])
    expect((await call("GET", "/__emulator/outbox?kind=pigeon")).status).toBe(422)

    // A message already sent answers at once; `after` skips it and waits for the next one.
    const now = await call("GET", "/__emulator/outbox/wait?to=ada@example.com")
    expect(now.body.code).toBe(listed.body.data[0].code)
    const next = call("GET", `/__emulator/outbox/wait?to=ada@example.com&after=${listed.body.next}&timeout=5000`)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await call("POST", "/user_management/password_reset", { body: { email: "ada@example.com" } })
    const waited = await next
    expect(waited.status).toBe(200)
    expect(waited.body).toMatchObject({ kind: "password_reset", token: expect.any(String) })

    const timedOut = await call("GET", "/__emulator/outbox/wait?to=nobody@example.com&timeout=20")
    expect(timedOut.status).toBe(408)
    expect(timedOut.body.code).toBe("outbox_wait_timeout")
    expect((await call("GET", "/__emulator/outbox/wait?timeout=61000")).status).toBe(422)
  })

  it("faults: queued, listed with what is left, served, cleared; a bad fault is refused", async () => {
    await call("POST", "/__emulator/reset")
    const queued = await call("POST", "/__emulator/faults", {
      body: {
        method: "get",
        path_pattern: "^/user_management/users/",
        status: 503,
        times: 2,
        headers: { "retry-after": "1" }
      }
    })
    expect(queued.status).toBe(201)
    expect(queued.body).toMatchObject({
      method: "GET",
      path_pattern: new RegExp("^/user_management/users/").source,
      remaining: 2,
      status: 503
    })
    const first = await call("GET", "/user_management/users/user_x")
    expect(first.status).toBe(503)
    expect(first.headers.get("retry-after")).toBe("1")
    expect((await call("GET", "/__emulator/faults")).body.data).toMatchObject([{ remaining: 1 }])
    expect((await call("GET", "/user_management/users?limit=1")).status).toBe(200)
    await call("DELETE", "/__emulator/faults")
    expect((await call("GET", "/__emulator/faults")).body.data).toEqual([])
    expect((await call("GET", "/user_management/users/user_x")).status).toBe(404)

    expect((await call("POST", "/__emulator/faults", { body: { path_pattern: "(" } })).body.message).toMatch(
      /^path_pattern:/
    )
    expect((await call("POST", "/__emulator/faults", { body: { status: 42 } })).body.message).toMatch(/^status:/)
    expect((await call("POST", "/__emulator/faults", { body: { times: 0 } })).body.message).toMatch(/^times:/)
    expect((await call("POST", "/__emulator/faults", { body: { stal: true } })).body.message).toMatch(
      /^stal: is unexpected, expected: "method" \| "path"/
    )
    const badHeaders = await call("POST", "/__emulator/faults", {
      body: { status: 503, headers: { "retry-after": 1 } }
    })
    expect(badHeaders.status).toBe(422)
    expect(badHeaders.body.message).toMatch(/^headers\.retry-after: Expected string/)
    expect((await call("POST", "/__emulator/webhook_endpoints", { body: { endpoint_url: "ftp://x" } })).body.message)
      .toBe("endpoint_url: expected an http(s) URL")
    expect((await call("GET", "/__emulator/faults")).body.data).toEqual([])
  })

  it("reset: back to the seed, with the same ids, and no faults or logged requests", async () => {
    await call("POST", "/__emulator/reset")
    const seeded = (await call("GET", "/user_management/users")).body.data
    await call("POST", "/user_management/users", { body: { email: "new@example.com" } })
    await call("DELETE", `/user_management/users/${seeded[0].id}`)
    await call("POST", "/__emulator/faults", { body: { path: "/user_management/users", status: 500 } })
    expect(await call("POST", "/__emulator/reset")).toMatchObject({ status: 204 })
    expect((await call("GET", "/user_management/users")).body.data).toEqual(seeded)
    expect((await call("GET", "/__emulator/faults")).body.data).toEqual([])
    expect((await call("GET", "/__emulator/requests")).body.data.map((r: { path: string }) => r.path)).toEqual([
      "/user_management/users"
    ])
  })

  it("snapshot: export, change, import restores; the next ids are the same; a broken snapshot changes nothing", async () => {
    await call("POST", "/__emulator/reset")
    await call("POST", "/user_management/invitations", {
      body: { email: "inv@example.com", organization_id: "org_acme" }
    })
    const snapshot = (await call("GET", "/__emulator/snapshot")).body
    expect(snapshot).toMatchObject({ format: "effect-workos-emulator/snapshot", version: 1 })
    const before = await emails()
    const created = await call("POST", "/user_management/users", { body: { email: "later@example.com" } })
    expect(await call("PUT", "/__emulator/snapshot", { body: snapshot })).toMatchObject({ status: 204 })
    expect(await emails()).toEqual(before)
    expect((await call("GET", "/__emulator/outbox?kind=invitation")).body.data).toHaveLength(1)
    const again = await call("POST", "/user_management/users", { body: { email: "later@example.com" } })
    expect(again.body.id.slice(-16)).toBe(created.body.id.slice(-16))

    const broken = await call("PUT", "/__emulator/snapshot", {
      body: { ...snapshot, tables: { ...snapshot.tables, users: [["user_1", "not a record"]] } }
    })
    expect(broken.status).toBe(422)
    expect(broken.body.message).toBe("tables.users[0]: expected a [key, record] pair")
    expect(await emails()).toEqual([...before, "later@example.com"])

    // Another emulator started from the snapshot holds the same users.
    const other = await Emulator.listen({ apiKey, snapshot })
    try {
      const users = await fetch(`${other.url}/user_management/users?order=asc`, {
        headers: { authorization: `Bearer ${apiKey}` }
      })
      expect(((await users.json()) as { data: Array<{ email: string }> }).data.map((u) => u.email)).toEqual(before)
    } finally {
      await other.close()
    }
  })

  it("the request log hides the API key; the clock moves ahead so codes expire", async () => {
    await call("POST", "/__emulator/reset")
    await call("POST", "/user_management/magic_auth", { body: { email: "ada@example.com" } })
    const logged = (await call("GET", "/__emulator/requests?limit=1")).body.data
    expect(logged).toMatchObject([{
      method: "POST",
      path: "/user_management/magic_auth",
      headers: { authorization: "<redacted>" }
    }])
    expect(JSON.stringify(logged)).not.toContain(apiKey)

    const code = (await call("GET", "/__emulator/outbox/wait?kind=magic_auth")).body.code
    expect((await call("POST", "/__emulator/clock/advance", { body: { millis: 11 * 60_000 } })).status).toBe(200)
    const expired = await call("POST", "/user_management/authenticate", {
      key: null,
      body: {
        client_id: "client_emulator",
        client_secret: apiKey,
        grant_type: "urn:workos:oauth:grant-type:magic-auth:code",
        email: "ada@example.com",
        code
      }
    })
    expect(expired.status).toBe(400)
    expect(JSON.stringify(expired.body)).toMatch(/expired/)
    expect((await call("POST", "/__emulator/clock/advance", { body: { millis: -1 } })).status).toBe(422)
  })

  it("is off with control: false", async () => {
    const quiet = await Emulator.listen({ apiKey, control: false })
    try {
      expect((await fetch(`${quiet.url}/__emulator/health`)).status).toBe(404)
    } finally {
      await quiet.close()
    }
  })
})
