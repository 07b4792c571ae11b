/**
 * Client-side rate limits (`WorkOSConfig` `rateLimits`): a sliding window shared by every
 * call, checked on the test clock against the emulator's counts.
 */
import { HttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer, Option, Stream, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import { AccessToken, Coordination, Users, WorkOSConfig } from "../src/index.js"
import { SlidingWindow } from "../src/internal/rateLimiter.js"
import { realTicks } from "./utils/clock.js"
import { apiKey, baseUrl, layer as testLayer, TestWorkOS } from "./utils/TestWorkOS.js"

const gets = (fake: TestWorkOS) => fake.emulator.count("GET", "/user_management/users/{id}")

describe("SlidingWindow", () => {
  it("grants `limit` in any window and tells how long to wait", () => {
    const window = new SlidingWindow(3, 1000)
    assert.deepStrictEqual([0, 100, 200].map((t) => window.tryAcquire(t)), [0, 0, 0])
    assert.strictEqual(window.tryAcquire(300), 700, "the slot of t=0 frees at t=1000")
    assert.strictEqual(window.tryAcquire(1000), 0)
    assert.strictEqual(window.tryAcquire(1050), 50, "then the slot of t=100")
    assert.strictEqual(window.tryAcquire(1100), 0)
    assert.strictEqual(window.tryAcquire(1200), 0)
    assert.strictEqual(window.tryAcquire(1201), 799)
  })

  it("a settled slot counts from its response; settling never moves a stamp earlier", () => {
    const window = new SlidingWindow(2, 1000)
    assert.strictEqual(window.tryAcquire(100), 0)
    const first = window.lastSlot
    assert.strictEqual(window.tryAcquire(200), 0)
    const second = window.lastSlot
    assert.notStrictEqual(first, second)
    window.settle(first, 50)
    window.settle(second, 600)
    assert.strictEqual(window.tryAcquire(1060), 40, "the first kept its grant time, 100")
    assert.strictEqual(window.tryAcquire(1100), 0)
    assert.strictEqual(window.lastSlot, first)
    assert.strictEqual(window.tryAcquire(1200), 400, "the second counts from its response at 600")
    assert.strictEqual(window.tryAcquire(1600), 0)
    assert.strictEqual(window.lastSlot, second)
  })
})

describe("rateLimits", () => {
  it.effect("reads wait for a free slot instead of going out", () => {
    const fake = new TestWorkOS()
    const [user] = fake.seedUsers(1)
    const layer = testLayer(fake, { rateLimits: { reads: { limit: 2, window: "1 second" } } })
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.all([1, 2, 3, 4, 5].map(() => Users.get(user!.id))))
      yield* realTicks(5)
      assert.strictEqual(gets(fake), 2, "two in the first window")
      // The window plus its safety margin (1% + 25 ms) has not passed yet.
      yield* TestClock.adjust("1 second")
      yield* realTicks(5)
      assert.strictEqual(gets(fake), 2)
      yield* TestClock.adjust("40 millis")
      yield* realTicks(5)
      assert.strictEqual(gets(fake), 4)
      yield* TestClock.adjust("1100 millis")
      const users = yield* Fiber.join(fiber)
      assert.strictEqual(users.length, 5)
      assert.strictEqual(gets(fake), 5)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a stream's pages share the window with other calls; writes have their own", () => {
    const fake = new TestWorkOS()
    const [user] = fake.seedUsers(30)
    const layer = testLayer(fake, {
      rateLimits: { reads: { limit: 2, window: "10 seconds" }, writes: { limit: 1, window: "10 seconds" } }
    })
    return Effect.gen(function*() {
      const listing = yield* Effect.fork(Stream.runCount(Users.list({ limit: 10 })))
      yield* realTicks(5)
      assert.strictEqual(fake.emulator.count("GET", "/user_management/users"), 2)
      // A write is not held up by the reads.
      yield* Users.update(user!.id, { firstName: "Writer" })
      const second = yield* Effect.fork(Users.update(user!.id, { firstName: "Again" }))
      yield* realTicks(5)
      assert.strictEqual(fake.emulator.count("PUT", "/user_management/users/{id}"), 1)
      yield* TestClock.adjust("10200 millis")
      assert.strictEqual(yield* Fiber.join(listing), 30)
      yield* Fiber.join(second)
      assert.strictEqual(fake.emulator.count("PUT", "/user_management/users/{id}"), 2)
    }).pipe(Effect.provide(layer))
  })

  it.effect("only /user_management/* is limited: the JWKS is fetched without waiting", () => {
    const fake = new TestWorkOS()
    const layer = testLayer(fake, { rateLimits: { reads: { limit: 1, window: "1 hour" } } })
    return Effect.gen(function*() {
      yield* Effect.exit(Users.get("user_missing"))
      const keys = yield* Effect.fork(
        AccessToken.verify("not.a.jwt").pipe(
          Effect.provide(AccessToken.layer({ clientId: "client_test" })),
          Effect.exit
        )
      )
      yield* realTicks(20)
      const done = yield* Fiber.poll(keys)
      assert.isTrue(done._tag === "Some", "finished without the clock moving")
      const exit = yield* Fiber.join(keys)
      assert.isTrue(Exit.isFailure(exit), "a malformed token, after the JWKS fetch")
      assert.strictEqual(fake.emulator.count("GET", "/sso/jwks/{clientId}"), 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a shared window asks for its limit over the window plus 5 % and 25 ms, and waits as told", () =>
    Effect.gen(function*() {
      const asked: Array<readonly [string, number, number]> = []
      let answers = [250, 0]
      const coordination = {
        acquireSlot: (family: "reads" | "writes", limit: number, windowMillis: number) =>
          Effect.sync(() => {
            asked.push([family, limit, windowMillis])
            const [next = 0, ...rest] = answers
            answers = rest
            return next
          })
      }
      const { rateLimiter } = yield* WorkOSConfig.make({
        apiKey: "sk_test",
        rateLimits: { reads: { limit: 7, window: "10 seconds" }, writes: { limit: 3, window: "1 second" } }
      }).pipe(Effect.provideService(Coordination.Coordination, coordination))
      const acquired = yield* Effect.fork(rateLimiter!.acquire("GET", "/user_management/users"))
      yield* TestClock.adjust("249 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(acquired)), "waits the 250 ms the window asked for")
      yield* TestClock.adjust("1 millis")
      yield* Fiber.join(acquired)
      // Every method but GET is a write, asked for in the writes window.
      for (const method of ["POST", "PUT", "DELETE"] as const) {
        yield* rateLimiter!.acquire(method, "/user_management/users")
      }
      assert.deepStrictEqual(asked, [
        ["reads", 7, 10_525],
        ["reads", 7, 10_525],
        ["writes", 3, 1_075],
        ["writes", 3, 1_075],
        ["writes", 3, 1_075]
      ])
    }))

  it.effect("a request counts from its response: a slow one holds its slot for longer", () => {
    const fake = new TestWorkOS()
    const [user] = fake.seedUsers(1)
    const inner = Emulator.httpClient(fake.emulator)
    const slow = HttpClient.make((request) => Effect.zipRight(Effect.sleep("500 millis"), inner.execute(request)))
    const layer = Layer.mergeAll(
      WorkOSConfig.layer({ apiKey, baseUrl, rateLimits: { reads: { limit: 1, window: "1 second" } } }),
      Layer.succeed(HttpClient.HttpClient, slow)
    )
    return Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.all([Users.get(user!.id), Users.get(user!.id)]))
      // The first is granted at 0 and answered at 500; the window is 1 s plus 35 ms of margin.
      // Counted from its grant, the second would go at 1035 and arrive at 1535.
      yield* TestClock.adjust("2034 millis")
      yield* realTicks(5)
      assert.strictEqual(gets(fake), 1, "granted at 500 + 1035, so it arrives at 2035")
      yield* TestClock.adjust("1 millis")
      yield* realTicks(5)
      assert.strictEqual(gets(fake), 2)
      assert.strictEqual((yield* Fiber.join(fiber)).length, 2)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a shared grant with an id is settled once its response has arrived", () => {
    const fake = new TestWorkOS()
    const [user] = fake.seedUsers(1)
    const settled: Array<readonly [string, number, number, string]> = []
    let grants = 0
    const coordination = {
      acquireSlot: () => Effect.sync(() => `grant-${++grants}`),
      settleSlot: (family: "reads" | "writes", limit: number, windowMillis: number, id: string) =>
        Effect.sync(() => {
          settled.push([family, limit, windowMillis, id])
        })
    }
    const layer = Layer.mergeAll(
      WorkOSConfig.layer({ apiKey, baseUrl, rateLimits: { reads: { limit: 5, window: "1 second" } } }).pipe(
        Layer.provide(Layer.succeed(Coordination.Coordination, coordination))
      ),
      Layer.succeed(HttpClient.HttpClient, Emulator.httpClient(fake.emulator))
    )
    return Effect.gen(function*() {
      yield* Users.get(user!.id)
      yield* Users.get(user!.id)
      yield* realTicks(5)
      assert.deepStrictEqual(settled, [["reads", 5, 1_075, "grant-1"], ["reads", 5, 1_075, "grant-2"]])
    }).pipe(Effect.provide(layer))
  })

  it.effect("\"documented\" lets 1,000 reads and 500 writes through in 10 s and holds the next", () =>
    Effect.gen(function*() {
      const { rateLimiter } = yield* WorkOSConfig.make({ apiKey: "sk_test", rateLimits: "documented" })
      assert.isDefined(rateLimiter)
      if (rateLimiter === undefined) return
      for (
        const [method, path, limit] of [["GET", "/user_management/users", 1000], [
          "POST",
          "/user_management/users",
          500
        ]] as const
      ) {
        for (let i = 0; i < limit; i++) yield* rateLimiter.acquire(method, path)
        const next = yield* Effect.fork(rateLimiter.acquire(method, path))
        yield* TestClock.adjust("9 seconds")
        assert.isTrue(Option.isNone(yield* Fiber.poll(next)), `${method}: the one over the limit waits`)
        yield* TestClock.adjust("2 seconds")
        yield* Fiber.join(next)
      }
    }))

  it.effect("\"documented\" is 1,000 reads and 500 writes per 10 s; bad limits fail the layer", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(WorkOSConfig.documentedRateLimits, {
        reads: { limit: 1000, window: "10 seconds" },
        writes: { limit: 500, window: "10 seconds" }
      })
      const config = yield* WorkOSConfig.make({ apiKey: "sk_test", rateLimits: "documented" })
      assert.isDefined(config.rateLimiter)
      assert.isUndefined((yield* WorkOSConfig.make({ apiKey: "sk_test" })).rateLimiter)
      for (
        const bad of [{ limit: 0, window: "1 second" }, { limit: 1.5, window: "1 second" }, { limit: 5, window: 0 }]
      ) {
        const error = yield* Effect.flip(
          Layer.build(WorkOSConfig.layer({ apiKey: "sk_test", rateLimits: { reads: bad as WorkOSConfig.RateLimit } }))
        )
        assert.strictEqual(error._op, "InvalidData")
        assert.deepStrictEqual(error._op === "InvalidData" && error.path, ["rateLimits", "reads"])
      }
    }).pipe(Effect.scoped))
})
