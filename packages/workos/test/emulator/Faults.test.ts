/**
 * Scripted faults and rate limits, seen through the SDK's pipeline, in process and over
 * real HTTP.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Layer, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import { Users, WorkOSConfig } from "../../src/index.js"
import { layer } from "../utils/emulator.js"

const realTick = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 2)))

describe("fault injection", () => {
  it.effect("the next N matching requests fail with the scripted status, headers and body", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const id = emulator.createUser({ email: "f@example.com" }, 0)
      emulator.failNext({
        method: "GET",
        path: /^\/user_management\/users\//,
        times: 2,
        status: 503,
        headers: { "retry-after": "1" }
      })
      const first = yield* Effect.flip(Users.get(id))
      assert.strictEqual(first._tag, "WorkOSServerError")
      emulator.failNext({ path: `/user_management/users/${id}`, status: 502, body: "<html>Bad gateway</html>" })
      const second = yield* Effect.flip(Users.get(id))
      assert.strictEqual(second._tag, "WorkOSServerError")
      assert.strictEqual(second.status, 503, "the first fault still had one use left")
      const third = yield* Effect.flip(Users.get(id))
      assert.strictEqual(third.status, 502)
      assert.strictEqual((yield* Users.get(id)).email, "f@example.com")
    }).pipe(Effect.provide(layer())))

  it.effect("the SDK retries through scripted 429s, honouring Retry-After", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const id = emulator.createUser({ email: "r@example.com" }, 0)
      emulator.failNext({ status: 429, times: 2, headers: { "retry-after": "5" } })
      const fiber = yield* Effect.fork(
        Users.get(id).pipe(WorkOSConfig.withRequestOptions({ retry: { maxRetries: 3 } }))
      )
      for (let i = 0; i < 30 && emulator.exchanges.length < 3; i++) {
        yield* realTick
        yield* TestClock.adjust("1 second")
      }
      const user = yield* Fiber.join(fiber)
      assert.strictEqual(user.id, id)
      assert.deepStrictEqual(emulator.exchanges.map((e) => e.status), [429, 429, 200])
    }).pipe(Effect.provide(layer())))

  it.effect("a stalled request runs into the SDK's timeout", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      emulator.failNext({ stall: true })
      const fiber = yield* Effect.fork(Users.listPage().pipe(WorkOSConfig.withRequestOptions({ timeout: "2 seconds" })))
      yield* realTick
      yield* TestClock.adjust("3 seconds")
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag, "WorkOSTimeout")
    }).pipe(Effect.provide(layer())))

  it.effect("a dropped connection is a transport error", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      emulator.failNext({ drop: true })
      const error = yield* Effect.flip(Users.listPage())
      assert.strictEqual(error._tag, "WorkOSTransportError")
    }).pipe(Effect.provide(layer())))
})

describe("rate limits", () => {
  it.effect("reads beyond the limit get 429 with Retry-After until the window moves", () =>
    Effect.gen(function*() {
      for (let i = 0; i < 3; i++) yield* Users.listPage()
      const limited = yield* Effect.flip(Users.listPage())
      assert.strictEqual(limited._tag, "WorkOSRateLimited")
      if (limited._tag === "WorkOSRateLimited") assert.isNotNull(limited.retryAfter)
      yield* TestClock.adjust("10 seconds")
      yield* Users.listPage()
    }).pipe(Effect.provide(layer({ rateLimits: { reads: { limit: 3, windowMillis: 10_000 } } }))))
})

describe("over real HTTP", () => {
  it.live("serves the SDK on a loopback port, and drops connections for real", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.serve({ users: [{ email: "http@example.com" }] })
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/)
      const WorkOSLive = Layer.merge(
        WorkOSConfig.layer({ apiKey: server.emulator.apiKey, baseUrl: server.url, retry: "none" }),
        FetchHttpClient.layer
      )
      const page = yield* Users.listPage().pipe(Effect.provide(WorkOSLive))
      assert.deepStrictEqual(page.data.map((u) => u.email), ["http@example.com"])
      server.emulator.failNext({ drop: true })
      const dropped = yield* Effect.flip(Users.listPage().pipe(Effect.provide(WorkOSLive)))
      assert.strictEqual(dropped._tag, "WorkOSTransportError")
      const unauthorized = yield* Effect.flip(
        Users.listPage().pipe(
          Effect.provide(
            Layer.merge(WorkOSConfig.layer({ apiKey: "sk_wrong", baseUrl: server.url }), FetchHttpClient.layer)
          )
        )
      )
      assert.strictEqual(unauthorized._tag, "WorkOSUnauthorized")
    }).pipe(Effect.scoped))

  it.live("latency delays every answer over HTTP", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.serve({ latency: 150 })
      const started = Date.now()
      const response = yield* Effect.promise(() =>
        fetch(`${server.url}/sso/jwks/${server.emulator.clientId}`).then((r) => r.status)
      )
      assert.strictEqual(response, 200)
      assert.isAtLeast(Date.now() - started, 140)
    }).pipe(Effect.scoped))
})
