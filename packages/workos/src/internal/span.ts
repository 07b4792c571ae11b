/**
 * The span of a hot path (every API call, every access-token verification), made only when
 * someone can see it.
 *
 * Effect's built-in tracer, the one in use when no other is set, sends its spans nowhere.
 * Under it a span shows in one place: `Cause.pretty` prints it under a failure ("at
 * WorkOS.Users.get", then the caller's spans). Making it costs about 25 µs a call, a
 * tenth of a loopback request's CPU: the context copy that makes it the current span,
 * the fiber-ref locals, the `NativeSpan` and its random ids. So under that tracer the body
 * runs without a span, its attributes are kept aside, and only a failure makes the span:
 * it gets the attributes and the failure is raised again inside it, where Effect attaches
 * the span to the error as it would have. `Cause.pretty` prints what it printed before.
 *
 * What differs under the built-in tracer: inside the call (a custom `HttpClient`, the rate
 * limiter) `Effect.currentSpan` is the caller's span, not the SDK's; and the span made on
 * failure starts when the call failed. Under any other tracer (OpenTelemetry, a test
 * tracer) this is `Effect.withSpan`, with the span held so the body sets its attributes
 * directly.
 *
 * Only the hot paths use it: a session refresh and device-code polling are rare and long,
 * and keep `Effect.withSpan`.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Effect from "effect/Effect"
import * as Tracer from "effect/Tracer"

/** What the body may do with its span. @internal */
export interface SpanAttributes {
  attribute(key: string, value: unknown): void
}

const builtInTracer = Context.get(DefaultServices.liveServices, Tracer.Tracer)

/** Attributes kept aside for the span a failure makes. */
class Kept implements SpanAttributes {
  readonly entries: Array<readonly [string, unknown]> = []
  attribute(key: string, value: unknown): void {
    this.entries.push([key, value])
  }
}

/**
 * A captured frame would point into the SDK, not at the caller: not worth 7 µs a call.
 * Built only where a span is made, not on a call that succeeds under the built-in tracer.
 */
const withoutTrace = (options: Tracer.SpanOptions): Tracer.SpanOptions => ({ ...options, captureStackTrace: false })

/**
 * `body` inside a span named `name`, as `Effect.withSpan(name, options)` would run it.
 *
 * @internal
 */
export const traced = <A, E, R>(
  name: string,
  options: { readonly kind?: Tracer.SpanKind; readonly attributes?: Record<string, unknown> },
  body: (span: SpanAttributes) => Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> =>
  Effect.tracerWith((tracer) => {
    if (tracer !== builtInTracer) {
      return Effect.useSpan(name, withoutTrace(options), (span) => Effect.withParentSpan(body(span), span))
    }
    const kept = new Kept()
    return Effect.catchAll(body(kept), (error) =>
      Effect.useSpan(name, withoutTrace(options), (span) => {
        for (const [key, value] of kept.entries) span.attribute(key, value)
        // The body's failure may already carry the caller's span (Effect attaches the
        // current span when an error is raised); raise the error itself, so it gets this one.
        return Effect.withParentSpan(Effect.fail(Cause.originalError(error)), span)
      }))
  })
