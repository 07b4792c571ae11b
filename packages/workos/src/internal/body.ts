/**
 * A response's body as text, read from the transport's own response where the platform
 * keeps one.
 *
 * The platform's `response.text` memoizes the body. Each read wraps it in
 * `Effect.cached` and runs that once with `Effect.runSync`: a fiber, a deferred, the
 * caller's fiber refs diffed before and after the read and the patch applied back. Over
 * loopback on `layerUndici` that is about 100 µs a call, a third of the transport's own
 * CPU, and the memo holds each text where V8 promotes it to old space. The pipeline reads
 * every body exactly once, so it gains nothing from the memo.
 *
 * The responses of clients built with `HttpClient.make` (`FetchHttpClient` and
 * `NodeHttpClient.layerUndici` both are) keep what they wrap in fields: `original`, the
 * `controller` that aborts the request, and `original.source`, a web `Response` or
 * undici's response whose `body` reads as text. Where exactly those are there and the
 * body is unread, it is read from the source, and an interruption aborts the request as
 * the platform's `text` does. Any other response (another client, a future platform that
 * keeps them elsewhere, a body a middleware has started reading) is read with `text`.
 *
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"

/** What a web `Response` and undici's body have in common. */
interface Body {
  readonly bodyUsed: boolean
  text(): Promise<string>
}

const unread = (value: unknown): value is Body =>
  typeof value === "object" && value !== null && (value as Body).bodyUsed === false &&
  typeof (value as Body).text === "function"

/** The unread body behind a platform response, and the controller that aborts its request. */
const sourceOf = (
  response: HttpClientResponse.HttpClientResponse
): { readonly body: Body; readonly controller: AbortController } | undefined => {
  const { controller, original } = response as { readonly controller?: unknown; readonly original?: unknown }
  if (!(controller instanceof AbortController) || typeof original !== "object" || original === null) return undefined
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
  return unread(body) ? { body, controller } : undefined
}

/** @internal */
export const bodyText = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<string, HttpClientError.ResponseError> => {
  const found = sourceOf(response)
  if (found === undefined) return response.text
  return Effect.async<string, HttpClientError.ResponseError>((resume) => {
    found.body.text().then(
      (text) => resume(Effect.succeed(text)),
      (cause: unknown) =>
        resume(
          Effect.fail(
            new HttpClientError.ResponseError({ request: response.request, response, reason: "Decode", cause })
          )
        )
    )
    return Effect.sync(() => found.controller.abort())
  })
}
