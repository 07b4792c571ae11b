import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import { DeviceAuthorization } from "../src/index.js"
import { emulated } from "./utils/emulated.js"

const TestWorkOS = emulated({ users: [{ email: "tv@example.com" }] })
const userId = Effect.map(Emulator.Emulator, (e) => e.userId("tv@example.com")!)
const realTick = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 2)))

/** Advance the test clock in steps, letting the poll's requests complete in between. */
const advance = (seconds: number, step = 1) =>
  Effect.gen(function*() {
    for (let elapsed = 0; elapsed < seconds; elapsed += step) {
      yield* realTick
      yield* TestClock.adjust(`${step} seconds`)
    }
    yield* realTick
  })

describe("device authorization", () => {
  it.effect("start, poll through authorization_pending, succeed once approved", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const started = yield* DeviceAuthorization.start()
      assert.match(started.userCode, /^[A-Z]{4}-[A-Z]{4}$/)
      assert.strictEqual(started.interval, 5)
      const fiber = yield* Effect.fork(DeviceAuthorization.poll(started))
      yield* advance(12)
      assert.strictEqual(emulator.count("POST", "/user_management/authenticate"), 2, "polled every 5 s")
      emulator.approveDevice(started.userCode, yield* userId)
      yield* advance(6)
      const res = yield* Fiber.join(fiber)
      assert.strictEqual(res.user.email, "tv@example.com")
      const statuses = emulator.exchanges.filter((e) => e.template === "/user_management/authenticate").map((e) =>
        e.status
      )
      assert.deepStrictEqual(statuses, [400, 400, 200])
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a denied request ends with DeviceAccessDenied", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const started = yield* DeviceAuthorization.start()
      emulator.denyDevice(started.userCode)
      const fiber = yield* Effect.fork(DeviceAuthorization.poll(started))
      yield* advance(6)
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag, "DeviceAccessDenied")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("an unapproved code ends with DeviceCodeExpired", () =>
    Effect.gen(function*() {
      const started = yield* DeviceAuthorization.start()
      const fiber = yield* Effect.fork(DeviceAuthorization.poll(started))
      yield* advance(305, 5)
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag, "DeviceCodeExpired")
      // It names the call that gave up, like every other error.
      assert.strictEqual(error.method, "POST")
      assert.strictEqual(error.path, "/user_management/authenticate")
      assert.strictEqual(error.code, "expired_token")
      assert.strictEqual(error.message, "The device code expired before the user approved it")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("slow_down adds 5 seconds to the interval", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const started = yield* DeviceAuthorization.start()
      // Make the first poll answer slow_down.
      emulator.failNext({
        path: "/user_management/authenticate",
        status: 400,
        body: { error: "slow_down", error_description: "Slow down" }
      })
      const fiber = yield* Effect.fork(DeviceAuthorization.poll(started))
      yield* advance(6)
      assert.strictEqual(emulator.requests.filter((r) => r.path === "/user_management/authenticate").length, 1)
      yield* advance(8)
      assert.strictEqual(
        emulator.requests.filter((r) => r.path === "/user_management/authenticate").length,
        1,
        "waits 10 s now"
      )
      yield* advance(3)
      assert.strictEqual(emulator.requests.filter((r) => r.path === "/user_management/authenticate").length, 2)
      yield* Fiber.interrupt(fiber)
    }).pipe(Effect.provide(TestWorkOS)))
})
