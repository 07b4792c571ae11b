/**
 * A response's body as text, read from the transport's own response where the platform
 * keeps one.
 *
 * The platform's `response.text` memoizes the body. Each read wraps it in
 * `Effect.cached` and runs that once with `Effect.runSync`: a fiber, a deferred, the
 * caller's fiber refs diffed before and after the read and the patch applied back. Over
 * loopback on `layerUndici`, reading the body from the source instead took a `get` and
 * `JSON.parse` from 334 to 236 µs of CPU, and `Users.get` by about 70 µs; and the memo
 * holds each text where V8 promotes it to old space. The pipeline reads every body exactly
 * once, so it gains nothing from the memo.
 *
 * The responses of clients built with `HttpClient.make` (`FetchHttpClient` and
 * `NodeHttpClient.layerUndici` both are) keep what they wrap in fields: `original`, whose
 * `source` is a web `Response` or undici's response whose `body` reads as text, and
 * `applyInterrupt`, which the platform's own `text` runs its read through. Where exactly
 * those are there and the body is unread, the body is read from the source through
 * `applyInterrupt`: as with `text`, an interruption aborts the request, and the response
 * leaves the platform's finalization registry (left in it, each response's controller
 * was aborted when the response was collected: a `DOMException` and an abort event a
 * call, about 8 µs). Any other response (another client, a future platform that keeps
 * them elsewhere, a body a middleware has started reading) is read with `text`.
 *
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import { constVoid } from "effect/Function"

/** What a web `Response` and undici's body have in common. */
interface Body {
  readonly bodyUsed: boolean
  text(): Promise<string>
}

const unread = (value: unknown): value is Body =>
  typeof value === "object" && value !== null && (value as Body).bodyUsed === false &&
  typeof (value as Body).text === "function"

/** What `HttpClient.make` wraps each response in (see above). */
interface Interruptible {
  readonly original: object
  applyInterrupt<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R>
}

/**
 * undici's body is a Node stream. Once it is read, the listeners undici and the platform
 * left on it are detached, and one no-op error handler is put back (as the platform keeps
 * one, so that a late error is never an unhandled `error` event). Measured over loopback
 * (`--trace-gc-nvp`, 1,000 pages of 100 users): with the listeners left on, each page's
 * response stayed reachable through V8's minor collections and was promoted to old
 * space, 62 MB; detached, 22 MB. The stream has ended by then: the listener that matters
 * to undici, which takes the request's abort listener off its signal when the stream
 * closes, guards a signal that ends with the request.
 */
interface NodeBody extends Body {
  removeAllListeners(): unknown
  on(event: "error", listener: () => void): unknown
}

const isNodeBody = (value: Body): value is NodeBody =>
  typeof (value as Partial<NodeBody>).removeAllListeners === "function" &&
  typeof (value as Partial<NodeBody>).on === "function"

/** The unread body behind a platform response, if it shows one. */
const sourceOf = (response: HttpClientResponse.HttpClientResponse): Body | undefined => {
  const { applyInterrupt, original } = response as Partial<Interruptible>
  if (typeof applyInterrupt !== "function" || typeof original !== "object" || original === null) return undefined
  const source: unknown = (original as { readonly source?: unknown }).source
  if (typeof source !== "object" || source === null) return undefined
  // FetchHttpClient: the web `Response` itself. layerUndici: undici's response data,
  // whose `body` reads as text (told by `statusCode`, so that no other object's `body`
  // getter runs).
  const body = typeof Response === "function" && source instanceof Response
    ? source
    : typeof (source as { readonly statusCode?: unknown }).statusCode === "number"
    ? (source as { readonly body?: unknown }).body
    : undefined
  return unread(body) ? body : undefined
}

/** @internal */
export const bodyText = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<string, HttpClientError.ResponseError> => {
  const body = sourceOf(response)
  if (body === undefined) return response.text
  const read = Effect.async<string, HttpClientError.ResponseError>((resume) => {
    body.text().then(
      (text) => {
        if (isNodeBody(body)) {
          body.removeAllListeners()
          body.on("error", constVoid)
        }
        resume(Effect.succeed(text))
      },
      (cause: unknown) =>
        resume(
          Effect.fail(
            new HttpClientError.ResponseError({ request: response.request, response, reason: "Decode", cause })
          )
        )
    )
  })
  return (response as unknown as Interruptible).applyInterrupt(read)
}
