import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { Progress } from "effect-workos-cli"

const capture = (isTTY: boolean) => {
  const writes: Array<string> = []
  return { writes, output: { isTTY, write: (text: string) => writes.push(text) } }
}

describe("Progress.render", () => {
  it("shows the count and the rate without a total", () => {
    assert.strictEqual(
      Progress.render({ label: "exported", done: 12500, initial: 0, total: undefined, elapsedMs: 2500 }),
      "exported 12,500 · 5,000 rows/s"
    )
  })

  it("shows the percentage and the time left with a total; the rate leaves out resumed rows", () => {
    assert.strictEqual(
      Progress.render({ label: "imported", done: 2500, initial: 0, total: 10000, elapsedMs: 5000 }),
      "imported 2,500 / 10,000 (25.0%) · 500 rows/s · ETA 0:15"
    )
    assert.strictEqual(
      Progress.render({ label: "imported", done: 6000, initial: 5000, total: 1_000_000, elapsedMs: 1000 }),
      "imported 6,000 / 1,000,000 (0.6%) · 1,000 rows/s · ETA 16:34"
    )
    assert.strictEqual(
      Progress.render({ label: "imported", done: 10, initial: 0, total: 10, elapsedMs: 1000 }),
      "imported 10 / 10 (100.0%) · 10 rows/s"
    )
    assert.strictEqual(
      Progress.render({ label: "imported", done: 0, initial: 0, total: 0, elapsedMs: 0 }),
      "imported 0 / 0 (100.0%) · 0 rows/s"
    )
  })
})

describe("Progress.make", () => {
  it.effect("plain: one line per interval on the Clock, and the final state when the scope closes", () =>
    Effect.gen(function*() {
      const { output, writes } = capture(false)
      yield* Effect.scoped(Effect.gen(function*() {
        const progress = yield* Progress.make({ label: "exported", mode: "auto", interval: "5 seconds", output })
        progress.advance(100)
        yield* TestClock.adjust("4 seconds")
        assert.deepStrictEqual(writes, [])
        yield* TestClock.adjust("1 second")
        assert.deepStrictEqual(writes, ["exported 100 · 20 rows/s\n"])
        progress.advance(100)
        yield* TestClock.adjust("5 seconds")
        assert.strictEqual(writes.length, 2)
        assert.strictEqual(progress.done(), 200)
      }))
      assert.deepStrictEqual(writes.at(-1), "exported 200 · 20 rows/s\n")
      assert.strictEqual(writes.length, 3)
    }))

  it.effect("bar: redraws one line in place on a terminal and ends it with a newline", () =>
    Effect.gen(function*() {
      const { output, writes } = capture(true)
      yield* Effect.scoped(Effect.gen(function*() {
        const progress = yield* Progress.make({ label: "imported", mode: "auto", output, total: 4 })
        progress.advance(1)
        yield* TestClock.adjust("100 millis")
        progress.setTotal(8)
      }))
      assert.deepStrictEqual(writes, [
        "\r\x1b[2Kimported 1 / 4 (25.0%) · 10 rows/s · ETA 0:00",
        "\r\x1b[2Kimported 1 / 8 (12.5%) · 10 rows/s · ETA 0:01",
        "\n"
      ])
    }))

  it.effect("none: counts and draws nothing", () =>
    Effect.gen(function*() {
      const { output, writes } = capture(true)
      yield* Effect.scoped(Effect.gen(function*() {
        const progress = yield* Progress.make({ label: "x", mode: "none", output, initial: 5 })
        progress.advance(2)
        assert.strictEqual(progress.done(), 7)
        yield* TestClock.adjust("1 minute")
      }))
      assert.deepStrictEqual(writes, [])
    }))
})
