/**
 * The emulator as an `@effect/platform` `HttpApp`: one app, served over a socket by
 * `NodeHttpServer` (see `listen`) or run as a web handler (`Request` → `Response`). Time
 * comes from the `Clock` of the fiber that answers.
 *
 * @internal
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as http from "node:http"
import type { EmulatorRequest, EmulatorResponse } from "./core.js"

/** What answers a request: the emulator's dispatcher. @internal */
export interface Dispatcher {
  dispatch(
    request: EmulatorRequest,
    now: number
  ): Promise<EmulatorResponse | { readonly stall: true } | { readonly drop: true }>
}

/** An answer's body as text, and whether it is JSON (a string is sent as it is). */
const bodyText = (body: unknown): { readonly text: string; readonly json: boolean } | undefined =>
  body === undefined
    ? undefined
    : typeof body === "string"
    ? { text: body, json: false }
    : { text: JSON.stringify(body), json: true }

/**
 * The app: each request goes to the dispatcher at the `Clock`'s time, `latency`
 * milliseconds are added to every answer, a stalled request never answers, and a dropped
 * one loses its connection (over a socket; a web handler can only fail).
 *
 * @internal
 */
export const app = (emulator: Dispatcher, latency = 0) =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const url = new URL(request.url, "http://emulator")
    const body = yield* Effect.orElseSucceed(request.text, () => "")
    const now = yield* Clock.currentTimeMillis
    const outcome = yield* Effect.promise(() =>
      emulator.dispatch({
        method: request.method,
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body
      }, now)
    )
    if (latency > 0) yield* Effect.sleep(latency)
    if ("stall" in outcome) return yield* Effect.never
    if ("drop" in outcome) {
      const source = request.source
      if (source instanceof http.IncomingMessage) source.socket.destroy()
      return yield* Effect.interrupt
    }
    const text = bodyText(outcome.body)
    return text === undefined
      ? HttpServerResponse.empty({ status: outcome.status, headers: outcome.headers ?? {} })
      : HttpServerResponse.text(text.text, {
        status: outcome.status,
        headers: outcome.headers ?? {},
        contentType: text.json ? "application/json" : outcome.headers?.["content-type"] ?? "text/plain"
      })
  })
