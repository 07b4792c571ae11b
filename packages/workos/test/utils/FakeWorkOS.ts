/**
 * A small stateful fake of the WorkOS users API for the SDK's own tests, until the
 * emulator package replaces it. It is a plain web handler, so the same fake serves the
 * in-process `FetchHttpClient.Fetch` layer and a real loopback server.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import * as WorkOSConfig from "../../src/WorkOSConfig.js"

export const apiKey = "sk_test_fake_secret_key_123"

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Headers
  readonly body: string
}

export interface Fault {
  readonly method?: string
  /** Matched against the decoded path. */
  readonly path?: string | RegExp
  readonly times?: number
  readonly status?: number
  readonly headers?: Record<string, string>
  readonly body?: string
  /** Never answer (until the request is aborted). */
  readonly stall?: boolean
}

type WireUser = Record<string, unknown> & { id: string; email: string }

const json = (status: number, body: unknown, requestId: string) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-request-id": requestId }
  })

export class FakeWorkOS {
  readonly requests: Array<RecordedRequest> = []
  readonly users: Array<WireUser> = []
  /** Overrides the cursor returned by list endpoints, to simulate a broken server. */
  cursorOverride: ((after: string | null) => string | null) | undefined
  private faults: Array<Fault & { remaining: number }> = []
  private nextId = 1
  private requestCount = 0

  seedUsers(count: number, make: (i: number) => Partial<WireUser> = () => ({})): Array<WireUser> {
    const created: Array<WireUser> = []
    for (let i = 0; i < count; i++) {
      created.push(this.insertUser({ email: `user${this.nextId}@example.com`, ...make(i) }))
    }
    return created
  }

  failNext(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 })
  }

  private insertUser(fields: Partial<WireUser> & { email: string }): WireUser {
    const n = this.nextId++
    const timestamp = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString()
    const user: WireUser = {
      object: "user",
      id: `user_${String(n).padStart(8, "0")}`,
      first_name: null,
      last_name: null,
      name: null,
      profile_picture_url: null,
      email_verified: false,
      external_id: null,
      metadata: {},
      last_sign_in_at: null,
      locale: null,
      created_at: timestamp,
      updated_at: timestamp,
      ...fields
    }
    this.users.push(user)
    return user
  }

  readonly handler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url)
    const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text()
    const path = decodeURIComponent(url.pathname)
    this.requests.push({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body
    })
    const requestId = `req_${++this.requestCount}`

    const fault = this.faults.find((f) =>
      f.remaining > 0 && (f.method === undefined || f.method === request.method) &&
      (f.path === undefined || (typeof f.path === "string" ? f.path === path : f.path.test(path)))
    )
    if (fault) {
      fault.remaining--
      if (fault.stall) {
        return new Promise<Response>((_, reject) => {
          request.signal.addEventListener("abort", () => reject(new Error("aborted")))
        })
      }
      return new Response(fault.body ?? "", {
        status: fault.status ?? 500,
        headers: { "x-request-id": requestId, ...fault.headers }
      })
    }

    if (request.headers.get("authorization") !== `Bearer ${apiKey}`) {
      return json(401, { message: "Unauthorized" }, requestId)
    }
    return this.route(request.method, url.pathname, url.searchParams, body, requestId)
  }

  private route(method: string, rawPath: string, query: URLSearchParams, body: string, requestId: string): Response {
    const segments = rawPath.split("/").slice(1).map(decodeURIComponent)
    const notFound = () => json(404, { message: `Could not find ${rawPath}` }, requestId)
    if (segments[0] !== "user_management" || segments[1] !== "users") return notFound()

    if (segments.length === 2 && method === "GET") return this.listUsers(query, requestId)
    if (segments.length === 2 && method === "POST") {
      const input = JSON.parse(body) as Record<string, unknown>
      if (typeof input.email !== "string") {
        return json(422, {
          code: "invalid_request_parameters",
          message: "Validation failed",
          errors: [{ code: "email_required", field: "email" }]
        }, requestId)
      }
      if (this.users.some((u) => u.email === input.email)) {
        return json(400, {
          code: "user_creation_error",
          message: "User already exists",
          errors: [{ code: "email_not_available", message: "taken" }]
        }, requestId)
      }
      const { password: _p, password_hash: _h, password_hash_type: _t, password_salt_position: _s, ...fields } = input
      return json(201, this.insertUser(fields as WireUser), requestId)
    }
    if (segments.length === 4 && segments[2] === "external_id" && method === "GET") {
      const user = this.users.find((u) => u.external_id === segments[3])
      return user ? json(200, user, requestId) : notFound()
    }
    const user = this.users.find((u) => u.id === segments[2])
    if (!user) return notFound()
    if (segments.length === 3) {
      if (method === "GET") return json(200, user, requestId)
      if (method === "PUT") {
        const input = JSON.parse(body) as Record<string, unknown>
        const { password: _p, ...fields } = input
        Object.assign(user, fields, { updated_at: new Date(Date.UTC(2026, 1, 1)).toISOString() })
        return json(200, user, requestId)
      }
      if (method === "DELETE") {
        if (user.metadata && (user.metadata as Record<string, string>).protected === "true") {
          return json(409, { code: "user_deletion_not_allowed", message: "User deletion is not allowed" }, requestId)
        }
        this.users.splice(this.users.indexOf(user), 1)
        return new Response(null, { status: 200, headers: { "x-request-id": requestId } })
      }
    }
    if (segments.length === 4 && segments[3] === "identities" && method === "GET") {
      return json(200, [{ idp_id: "108872335", type: "OAuth", provider: "GithubOAuth" }, {
        idp_id: "x1",
        type: "OAuth",
        provider: "NewOAuth"
      }], requestId)
    }
    return notFound()
  }

  private listUsers(query: URLSearchParams, requestId: string): Response {
    const limit = Number(query.get("limit") ?? "10")
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return json(422, {
        code: "invalid_request_parameters",
        message: "Validation failed",
        errors: [{ code: "limit_out_of_range", field: "limit" }]
      }, requestId)
    }
    const email = query.get("email")
    const organizationId = query.get("organization_id")
    let items = this.users.filter((u) =>
      (email === null || u.email === email) &&
      (organizationId === null || u.organization_id === organizationId)
    )
    if (query.get("order") !== "asc") items = [...items].reverse()
    const after = query.get("after")
    const before = query.get("before")
    let start = 0
    let end = items.length
    if (after !== null) start = items.findIndex((u) => u.id === after) + 1
    if (before !== null) {
      end = items.findIndex((u) => u.id === before)
      start = Math.max(0, end - limit)
    } else {
      end = Math.min(items.length, start + limit)
    }
    const page = items.slice(start, end)
    const nextAfter = end < items.length && page.length > 0 ? page[page.length - 1]!.id : null
    return json(200, {
      object: "list",
      data: page.map(({ organization_id: _o, ...u }) => u),
      list_metadata: {
        before: start > 0 && page.length > 0 ? page[0]!.id : null,
        after: this.cursorOverride ? this.cursorOverride(nextAfter) : nextAfter
      }
    }, requestId)
  }
}

/** The fake as the SDK's `HttpClient`, in process, through the platform's fetch client. */
export const layer = (fake: FakeWorkOS, options: WorkOSConfig.Options = {}) =>
  Layer.mergeAll(
    WorkOSConfig.layer({ apiKey, clientId: "client_test", baseUrl: "https://api.workos.test", ...options }),
    FetchHttpClient.layer.pipe(
      Layer.provide(Layer.succeed(FetchHttpClient.Fetch, (input, init) => fake.handler(new Request(input, init))))
    )
  )

/** Serve the fake over real loopback HTTP. Resolves to the base URL and a close function. */
export const serve = async (fake: FakeWorkOS): Promise<{ url: string; close: () => Promise<void> }> => {
  const server = http.createServer(async (req, res) => {
    const chunks: Array<Buffer> = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(key, value)
    }
    const controller = new AbortController()
    res.on("close", () => controller.abort())
    const method = req.method ?? "GET"
    try {
      const response = await fake.handler(
        new Request(`http://127.0.0.1${req.url}`, {
          method,
          headers,
          signal: controller.signal,
          ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) })
        })
      )
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch {
      res.destroy()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
