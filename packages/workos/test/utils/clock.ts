import { type Duration, Effect, Fiber, TestClock } from "effect"

/** Let real I/O (the fake's promises) make progress while the test clock stands still. */
export const realTick = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 2)))

/** Give real I/O a few turns. */
export const realTicks = (n: number) => Effect.repeatN(realTick, n - 1)

/** Poll a condition on real time, a bounded number of times. */
export const waitUntil = (condition: () => boolean, maxTicks = 1000) =>
  Effect.gen(function*() {
    for (let i = 0; i < maxTicks && !condition(); i++) yield* realTick
    if (!condition()) return yield* Effect.dieMessage("waitUntil: condition not met")
  })

/** Run an effect that sleeps on the test clock, advancing it step by step (bounded). */
export const runWithClock = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  step: Duration.DurationInput = "500 millis",
  maxSteps = 2000
) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(self)
    for (let i = 0; i < maxSteps; i++) {
      const done = yield* Fiber.poll(fiber)
      if (done._tag === "Some") break
      yield* realTick
      yield* TestClock.adjust(step)
    }
    return yield* Fiber.join(fiber)
  })
