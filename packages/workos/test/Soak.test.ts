/**
 * A fault soak over real loopback HTTP: the emulator behind a proxy that spoils about one
 * request in five (429 with Retry-After, 5xx with HTML, a reset before the request is
 * forwarded, a reset halfway through the response body, a stall past the timeout). Streaming
 * every user yields each exactly once; creates are never made twice; nothing is a defect.
 * Modest sizes, no timing asserts.
 */
import { FetchHttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Chunk, Effect, Exit, Layer, Option, Stream } from "effect"
import { Emulator } from "effect-workos-emulator"
import * as http from "node:http"
import { Users, WorkOSConfig, type WorkOSError } from "../src/index.js"
import { serve } from "./utils/loopback.js"

type Fault = "429" | "5xx" | "reset-before" | "reset-during" | "stall" | "none"

/** A deterministic stream of faults (mulberry32), about 20 % of requests spoiled. */
const faults = (seed: number) => {
  let state = seed
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return (): Fault => {
    const r = next()
    return r < 0.05
      ? "429"
      : r < 0.10
      ? "5xx"
      : r < 0.14
      ? "reset-before"
      : r < 0.17
      ? "reset-during"
      : r < 0.20
      ? "stall"
      : "none"
  }
}

/** A proxy to `target` that spoils requests; counts what it did. */
const faultProxy = (target: URL, seed: number) => {
  const pick = faults(seed)
  const counts = new Map<Fault, number>()
  return Effect.map(
    serve((req, res) => {
      const fault = pick()
      counts.set(fault, (counts.get(fault) ?? 0) + 1)
      if (fault === "stall") return
      if (fault === "reset-before") return req.socket.destroy()
      if (fault === "429") {
        res.writeHead(429, { "retry-after": "1", "content-type": "application/json" })
        return res.end(JSON.stringify({ message: "Too many requests" }))
      }
      if (fault === "5xx") {
        res.writeHead(502, { "content-type": "text/html" })
        return res.end("<html><body><h1>502 Bad Gateway</h1></body></html>")
      }
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        const upstream = http.request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            const body: Array<Buffer> = []
            answer.on("data", (chunk: Buffer) => body.push(chunk))
            answer.on("end", () => {
              const whole = Buffer.concat(body)
              const { connection: _c, "transfer-encoding": _t, ...headers } = answer.headers
              res.writeHead(answer.statusCode ?? 502, { ...headers, "content-length": String(whole.length) })
              if (fault === "reset-during") {
                // The upstream acted; the client gets half a body, then a reset.
                res.write(whole.subarray(0, Math.floor(whole.length / 2)))
                return setTimeout(() => req.socket.destroy(), 5)
              }
              res.end(whole)
            })
          }
        )
        upstream.on("error", () => req.socket.destroy())
        upstream.end(Buffer.concat(chunks))
      })
    }),
    (url) => ({ url, counts })
  )
}

const users = 5_000

describe("fault soak over loopback HTTP", () => {
  it.live(
    `streams ${users} users through ~20 % faults, each exactly once, and never creates twice`,
    () =>
      Effect.gen(function*() {
        const emulator = yield* Effect.acquireRelease(
          Effect.promise(() =>
            Emulator.listen({ users: Array.from({ length: users }, (_, i) => ({ email: `user${i}@example.com` })) })
          ),
          (server) => Effect.promise(server.close)
        )
        const proxy = yield* faultProxy(new URL(emulator.url), 7)
        const WorkOS = Layer.merge(
          WorkOSConfig.layer({
            apiKey: emulator.emulator.apiKey,
            clientId: emulator.emulator.clientId,
            baseUrl: proxy.url,
            timeout: "400 millis",
            retry: { maxRetries: 12, baseDelay: "2 millis", maxDelay: "20 millis", maxRetryAfter: "20 millis" }
          }),
          FetchHttpClient.layer
        )

        // Every user exactly once: resume from the failed page's cursor if retries run out.
        const seen: Array<string> = []
        let resumes = 0
        const drain = (after: string | undefined): Effect.Effect<void, WorkOSError.ListFailure, Users.Requirements> =>
          Users.list(after === undefined ? {} : { after }).pipe(
            Stream.runForEach((user) => Effect.sync(() => seen.push(user.email))),
            Effect.catchAll((error) =>
              resumes++ < 50 && error.resumeCursor !== undefined
                ? drain(error.resumeCursor ?? undefined)
                : Effect.fail(error)
            )
          )
        const listed = yield* Effect.exit(drain(undefined).pipe(Effect.provide(WorkOS)))
        assert.isTrue(Exit.isSuccess(listed), Exit.isFailure(listed) ? Cause.pretty(listed.cause) : "")
        assert.strictEqual(seen.length, users)
        assert.strictEqual(new Set(seen).size, users)

        // Creates: a failure that may have reached WorkOS is reconciled by looking the email
        // up, never by sending the create again blindly.
        const creates = 200
        let defects = 0
        let ambiguous = 0
        const createOnce = (email: string): Effect.Effect<void, never, Users.Requirements> =>
          Users.create({ email }).pipe(
            Effect.asVoid,
            Effect.catchAllCause((cause) => {
              if (Option.isNone(Cause.failureOption(cause)) || !Cause.isFailType(cause)) {
                defects++
                return Effect.void
              }
              const error = Cause.failureOption(cause).pipe(Option.getOrThrow)
              const mayHaveArrived = error.message.includes("may have reached WorkOS")
              if (mayHaveArrived) ambiguous++
              // Look before sending again (the lookup is a safe read, retried by the SDK).
              return Users.listPage({ email }).pipe(
                Effect.flatMap((page) => page.data.length > 0 ? Effect.void : createOnce(email)),
                Effect.catchAll(() => createOnce(email))
              )
            })
          )
        yield* Effect.forEach(
          Array.from({ length: creates }, (_, i) => `new${i}@example.com`),
          createOnce,
          { concurrency: 8 }
        ).pipe(Effect.provide(WorkOS))
        assert.strictEqual(defects, 0)
        const created = yield* Stream.runCollect(Users.list()).pipe(
          Effect.provide(Layer.merge(
            WorkOSConfig.layer({ apiKey: emulator.emulator.apiKey, baseUrl: emulator.url }),
            FetchHttpClient.layer
          ))
        )
        const emails = Chunk.toArray(created).map((u) => u.email).filter((e) => e.startsWith("new"))
        assert.strictEqual(emails.length, creates, "every create exactly once")
        assert.strictEqual(new Set(emails).size, creates)
        // The proxy really did spoil requests, of every kind, and some creates were ambiguous.
        for (const fault of ["429", "5xx", "reset-before", "reset-during", "stall"] as const) {
          assert.isAbove(proxy.counts.get(fault) ?? 0, 0, fault)
        }
        assert.isAbove(ambiguous, 0)
        yield* Effect.log(
          `soak: ${seen.length} users listed, ${resumes} resumes, ${creates} creates (${ambiguous} ambiguous), faults ${
            JSON.stringify(Object.fromEntries(proxy.counts))
          }`
        )
      }).pipe(Effect.scoped),
    120_000
  )
})
