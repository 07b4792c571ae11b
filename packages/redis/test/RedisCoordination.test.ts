/**
 * Replicas in one process (separate session services and rate limiters, separate Redis
 * clients) against a real `redis-server` and the emulator. The cross-process tests, with
 * the docs' example server, are in docs/examples/scaling.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import { type Duration, Effect, Fiber, Layer, Logger, Metric, Redacted, Stream } from "effect"
import { Authentication, Coordination, SealedSession, Users, WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import { RedisCoordination, TestRedis } from "../src/index.js"

const redisRequired = Effect.runSync(TestRedis.required)

if (!redisRequired) {
  // eslint-disable-next-line no-console -- the notice is the point: what was skipped and why
  console.warn("redis-server not found: the Redis tests are skipped (apt-get install -y redis-server)")
}

const cookiePassword = Redacted.make("a-very-long-cookie-password-for-tests-123")
const password = "correct horse battery"

const setup = (options: Emulator.Options = {}) =>
  Effect.gen(function*() {
    const emulator = Emulator.makeAt({
      users: [{ email: "ann@example.com", password }],
      ...options
    }, Date.now())
    const WorkOS = Layer.merge(
      Emulator.layerFrom(emulator),
      WorkOSConfig.layer({
        apiKey: emulator.apiKey,
        clientId: emulator.clientId,
        baseUrl: emulator.baseUrl,
        retry: "none"
      })
    )
    const refreshes = () => emulator.count("POST", "/user_management/authenticate") - 1
    const response = yield* Authentication.withPassword({ email: "ann@example.com", password }).pipe(
      Effect.provide(WorkOS)
    )
    const cookie = yield* SealedSession.seal(SealedSession.fromAuthentication(response), cookiePassword)
    return { emulator, WorkOS, cookie, refreshes }
  })

/** A replica's session service, with its own Redis client (closed with the test's scope) when given a URL. */
const replica = (WorkOS: Layer.Layer<any, any>, redisUrl?: string, lockTtl: Duration.DurationInput = "10 seconds") =>
  Effect.gen(function*() {
    const make = SealedSession.make({ cookiePassword }).pipe(Effect.provide(WorkOS))
    if (redisUrl === undefined) return yield* make
    const coordination = yield* RedisCoordination.make({ url: redisUrl, lockTtl, pollInterval: "10 millis" })
    return yield* Effect.provideService(make, Coordination.Coordination, coordination)
  })

const refreshAll = (managers: ReadonlyArray<SealedSession.SessionManagerService>, cookie: string, each: number) =>
  Effect.all(
    managers.flatMap((manager) => Array.from({ length: each }, () => Effect.either(manager.refresh(cookie)))),
    { concurrency: "unbounded" }
  )

describe.runIf(redisRequired)("refresh across replicas", () => {
  it.scopedLive("without Redis, two replicas refresh twice and half the requests are signed out", () =>
    Effect.gen(function*() {
      const { WorkOS, cookie, refreshes } = yield* setup()
      const managers = [yield* replica(WorkOS), yield* replica(WorkOS)]
      const results = yield* refreshAll(managers, cookie, 50)
      assert.isAtLeast(refreshes(), 2)
      const signedOut = results.filter((r) => r._tag === "Left" && r.left._tag === "SessionRefreshTerminal")
      assert.strictEqual(signedOut.length, 50)
      assert.strictEqual(results.filter((r) => r._tag === "Right").length, 50)
    }))

  it.scopedLive("with Redis, 3 replicas × 50 concurrent refreshes of one cookie: 1 refresh, 150 same cookies", () =>
    Effect.gen(function*() {
      const redis = yield* TestRedis.make()
      const { WorkOS, cookie, refreshes } = yield* setup()
      const managers = [
        yield* replica(WorkOS, redis.url),
        yield* replica(WorkOS, redis.url),
        yield* replica(WorkOS, redis.url)
      ]
      const results = yield* refreshAll(managers, cookie, 50)
      assert.strictEqual(refreshes(), 1)
      const cookies = new Set(results.map((r) => r._tag === "Right" ? r.right.cookie : r.left._tag))
      assert.strictEqual(cookies.size, 1)
      assert.match([...cookies][0]!, /^Fe26\.2\*/)
      // The session each replica answers with is the refreshed one.
      const sessions = results.map((r) => r._tag === "Right" ? r.right.session.userId : "")
      assert.isTrue(sessions.every((id) => id.startsWith("user_")))
    }))

  it.scopedLive("Redis holds only a hash of the session as key and the sealed cookie as value", () =>
    Effect.gen(function*() {
      const redis = yield* TestRedis.make()
      const { WorkOS, cookie } = yield* setup()
      const manager = yield* replica(WorkOS, redis.url)
      const opened = yield* SealedSession.unseal(cookie, cookiePassword)
      const refreshed = yield* manager.refresh(cookie)
      const { Redis } = yield* Effect.promise(() => import("ioredis"))
      const client = new Redis(redis.url)
      const keys = yield* Effect.promise(() => client.keys("*"))
      const values = yield* Effect.promise(() => Promise.all(keys.map((k) => client.get(k))))
      client.disconnect()
      assert.strictEqual(keys.length, 1)
      assert.match(keys[0]!, /^effect-workos:refresh:[0-9a-f]{64}$/)
      assert.deepStrictEqual(values, [refreshed.cookie])
      const everything = keys.join() + values.join()
      assert.notInclude(everything, Redacted.value(opened.refreshToken))
      assert.notInclude(everything, Redacted.value(opened.accessToken))
    }))

  it.scopedLive("a replica that read before the holder published and locked after it released takes the published cookie", () =>
    Effect.gen(function*() {
      const redis = yield* TestRedis.make()
      const { Redis } = yield* Effect.promise(() => import("ioredis"))
      const real = new Redis(redis.url)
      yield* Effect.addFinalizer(() => Effect.sync(() => real.disconnect()))
      yield* Effect.promise(() => real.ping())
      // Its first read happens "before" the publish: it sees nothing, though the cookie is there.
      let reads = 0
      const late = new Proxy(real, {
        get: (target, key, receiver) =>
          key === "get"
            ? (k: string) => (reads++ === 0 ? Promise.resolve(null) : target.get(k))
            : Reflect.get(target, key, receiver)
      })
      const coordination = yield* RedisCoordination.make({ client: late })
      yield* Effect.promise(() => real.set("effect-workos:refresh:k", "Fe26.2**published"))
      let refreshed = 0
      const cookie = yield* coordination.refreshOnce!("k", Effect.sync(() => `Fe26.2**mine${++refreshed}`))
      assert.strictEqual(cookie, "Fe26.2**published")
      assert.strictEqual(refreshed, 0)
      assert.strictEqual(yield* Effect.promise(() => real.exists("effect-workos:refresh:k:lock")), 0)
    }))

  it.scopedLive("when the lock holder dies mid-refresh, another replica completes it after the lock lapses", () =>
    Effect.gen(function*() {
      const redis = yield* TestRedis.make()
      const { WorkOS, cookie, emulator, refreshes } = yield* setup()
      const holder = yield* replica(WorkOS, redis.url, "1 second")
      const other = yield* replica(WorkOS, redis.url, "1 second")
      // The holder's refresh never gets an answer: it holds the lock and then "dies".
      emulator.failNext({ path: "/user_management/authenticate", stall: true })
      const stuck = yield* Effect.fork(holder.refresh(cookie))
      yield* Effect.sleep("100 millis")
      const started = Date.now()
      const completed = yield* other.refresh(cookie)
      assert.isAtLeast(Date.now() - started, 700)
      assert.match(completed.cookie, /^Fe26\.2\*/)
      // Two refresh requests arrived: the stalled one (never answered) and the one that completed.
      assert.strictEqual(emulator.requests.filter((r) => r.path === "/user_management/authenticate").length - 1, 2)
      assert.strictEqual(refreshes(), 1)
      yield* Fiber.interrupt(stuck)
    }))

  it.scopedLive("with Redis down, refreshes fall back to in-process (warning, metric); when it is back, they are coordinated again", () =>
    Effect.gen(function*() {
      const redis = yield* TestRedis.make()
      const { WorkOS, cookie, refreshes } = yield* setup()
      const managers = [yield* replica(WorkOS, redis.url), yield* replica(WorkOS, redis.url)]
      yield* redis.stop
      const warnings: Array<string> = []
      const logger = Logger.replace(
        Logger.defaultLogger,
        Logger.make(({ logLevel, message }) => {
          if (logLevel._tag === "Warning") warnings.push(String(message))
        })
      )
      const before = yield* Metric.value(Metric.tagged(RedisCoordination.fallbacks, "operation", "refresh"))
      const down = yield* managers[0]!.refresh(cookie).pipe(Effect.provide(logger))
      assert.match(down.cookie, /^Fe26\.2\*/)
      assert.strictEqual(refreshes(), 1)
      assert.isTrue(warnings.some((w) => w.includes("Redis is unavailable")))
      const after = yield* Metric.value(Metric.tagged(RedisCoordination.fallbacks, "operation", "refresh"))
      assert.isAbove(after.count, before.count)

      yield* redis.start
      // The clients reconnect on their own; a new cookie is refreshed once across both.
      yield* Effect.sleep("1500 millis")
      const next = yield* SealedSession.seal(
        yield* SealedSession.unseal(down.cookie, cookiePassword),
        cookiePassword
      )
      const results = yield* refreshAll(managers, next, 20)
      assert.strictEqual(refreshes(), 2)
      assert.isTrue(results.every((r) => r._tag === "Right"))
    }))
})

describe.runIf(redisRequired)("rate limits across replicas", () => {
  const limits = { reads: { limit: 20, window: "1 second" } } as const
  const stream = (WorkOS: Layer.Layer<any>, redisUrl: string | undefined, seconds: number) => {
    const config = WorkOSConfig.layer({
      apiKey: "sk_test_emulator",
      baseUrl: "https://api.workos.com",
      rateLimits: limits,
      retry: "none"
    })
    // A replica's config counts its window in Redis when given the Redis coordination.
    const configured = redisUrl === undefined
      ? config
      : config.pipe(Layer.provide(RedisCoordination.layer({ url: redisUrl })))
    return Users.list({ limit: 1 }).pipe(
      Stream.interruptWhen(Effect.sleep(`${seconds} seconds`)),
      Stream.runCount,
      Effect.provide(Layer.merge(WorkOS, configured)),
      Effect.either
    )
  }

  it.scopedLive("three replicas share one window: no 429, at least 90% of the allowed rate", () =>
    Effect.gen(function*() {
      const redis = yield* TestRedis.make()
      const emulator = Emulator.makeAt({
        users: Array.from({ length: 500 }, (_, i) => ({ email: `u${i}@example.com` })),
        rateLimits: { reads: { limit: 20, windowMillis: 1_000 } }
      }, Date.now())
      const results = yield* Effect.all(
        [1, 2, 3].map(() => stream(Emulator.layerFrom(emulator), redis.url, 3)),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(emulator.statusCount(429), 0)
      assert.isTrue(results.every((r) => r._tag === "Right"))
      const served = emulator.count("GET", "/user_management/users")
      // 3 seconds at 20 per second is 60; the windows' safety margin costs a little.
      assert.isAtLeast(served, 54)
      assert.isAtMost(served, 61)
    }))

  it.scopedLive("a grant answers its id, and settling it counts it from then", () =>
    Effect.gen(function*() {
      const redis = yield* TestRedis.make()
      const coordination = yield* RedisCoordination.make({ url: redis.url })
      const first = yield* coordination.acquireSlot!("reads", 1, 1_000)
      assert.isString(first)
      const waited = yield* coordination.acquireSlot!("reads", 1, 1_000)
      assert.isTrue(typeof waited === "number" && waited > 0 && waited <= 1_000)
      yield* Effect.sleep("300 millis")
      const unsettled = yield* coordination.acquireSlot!("reads", 1, 1_000)
      assert.isTrue(typeof unsettled === "number" && unsettled <= 700, `counted from the grant: ${unsettled}`)
      yield* coordination.settleSlot!("reads", 1, 1_000, first as string)
      const settled = yield* coordination.acquireSlot!("reads", 1, 1_000)
      assert.isTrue(typeof settled === "number" && settled > 900, `counted from the settle: ${settled}`)
      // An id the window does not hold (it has left it) is not added back.
      yield* coordination.settleSlot!("reads", 2, 1_000, "gone")
      assert.isString(yield* coordination.acquireSlot!("reads", 2, 1_000))
      assert.isString(yield* coordination.acquireSlot!("reads", 2, 1_000))
    }))

  it.scopedLive("three replicas each with their own window draw 429s", () =>
    Effect.gen(function*() {
      const emulator = Emulator.makeAt({
        users: Array.from({ length: 500 }, (_, i) => ({ email: `u${i}@example.com` })),
        rateLimits: { reads: { limit: 20, windowMillis: 1_000 } }
      }, Date.now())
      yield* Effect.all([1, 2, 3].map(() => stream(Emulator.layerFrom(emulator), undefined, 2)), {
        concurrency: "unbounded"
      })
      assert.isAbove(emulator.statusCount(429), 0)
    }))
})
