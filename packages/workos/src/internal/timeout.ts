/**
 * A per-attempt timeout that costs one forked fiber instead of two.
 *
 * None at all would need the transport to take a deadline, and neither platform client
 * does: both pass the request their own `AbortController`'s signal, after (so over) any
 * options given through `FetchHttpClient.RequestInit` or `NodeHttpClient`'s undici options,
 * and the undici client sets its own timeouts off ("leave timeouts to Effect.timeout"). So
 * the timeout stays on the Effect side, where it also covers any other `HttpClient`.
 *
 * `Effect.timeoutFail` races the effect against `Effect.sleep`, forking both and waiting
 * for the loser to stop: about 40 µs per call, a fifth of a loopback request's CPU. On the
 * live clock this forks only the effect and arms a plain timer; under any other `Clock`
 * (`TestClock` in tests, a custom clock) it is `Effect.timeoutFail` itself, so virtual
 * time keeps working.
 *
 * Unlike `Effect.timeoutFail`, it does not join the attempt's fiber refs back into the
 * caller (`fiber.inheritAll`). The attempt is the transport's request and the body read,
 * which set no fiber ref the caller reads, and the join copies and diffs every fiber ref:
 * about 20 µs a call over loopback, measured in one process against the same timeout with
 * the join.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)

/** @internal */
export const timeoutFail = <A, E, R, E2>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2, R> =>
  Effect.clockWith((clock) => {
    const millis = Duration.toMillis(duration)
    // setTimeout cannot arm timers beyond ~24.8 days; leave those to Effect.
    if (clock !== liveClock || millis > 2_147_483_647) return Effect.timeoutFail(self, { duration, onTimeout })
    // The attempt's fiber ends with its exit as a value, never with a failure: a failed
    // fiber is logged by Effect as an unhandled error (at Debug), with the raw platform
    // error and so the full URL, before the caller maps it to a scrubbed error.
    //
    // It hands that exit over in `outcome`, cleared once read, and itself ends with
    // nothing. Measured (--trace-gc-nvp, 1,000 pages of 100 users over loopback): a
    // forked fiber that ends with the response text gets the text promoted to old space
    // by V8's minor collections, about 40 KB a page; one that ends with nothing does not.
    // Promoted garbage is what a long stream's heap peak is made of (packages/bench/NOTES.md).
    let outcome: Exit.Exit<A, E> | undefined
    const attempt = Effect.map(Effect.exit(self), (exit) => {
      outcome = exit
    })
    return Effect.flatMap(Effect.fork(attempt), (fiber) =>
      Effect.async<A, E | E2>((resume) => {
        let settled = false
        const timer = setTimeout(() => {
          if (settled) return
          settled = true
          resume(Effect.zipRight(Fiber.interrupt(fiber), Effect.fail(onTimeout())))
        }, millis)
        fiber.addObserver((ended) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          const exit = outcome
          outcome = undefined
          // Without an outcome the attempt was interrupted from outside: pass that on.
          resume(exit ?? Effect.flatMap(ended, () => Effect.interrupt))
        })
        // The caller was interrupted: stop the timer and the attempt.
        return Effect.suspend(() => {
          settled = true
          clearTimeout(timer)
          return Fiber.interrupt(fiber)
        })
      }))
  })
