/**
 * The transports of the emulator's app: over a socket (`NodeHttpServer`), as a web
 * handler, and in process as an `HttpClient`. They differ only in what a dropped
 * connection means.
 *
 * @internal
 */
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as http from "node:http"
import type { App } from "./app.js"

/**
 * The whole app: the control plane under `/__emulator/` (when there is one), the API
 * everywhere else.
 *
 * @internal
 */
export const app = (api: App, control: App | undefined): App =>
  control === undefined ?
    api :
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
      new URL(request.url, "http://emulator").pathname.startsWith("/__emulator/") ? control : api)

/**
 * Served over a socket: `latency` milliseconds are added to every answer and a dropped
 * request loses its connection.
 *
 * @internal
 */
export const served = (app: App, latency = 0) =>
  app.pipe(
    Effect.tap(() => latency > 0 ? Effect.sleep(latency) : Effect.void),
    Effect.catchTag("Dropped", () =>
      Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
        const source = request.source
        if (source instanceof http.IncomingMessage) source.socket.destroy()
        return Effect.interrupt
      }))
  )

/**
 * As a web handler's app: `latency` is added, and a dropped request answers nothing (a
 * web handler has no connection to drop).
 *
 * @internal
 */
export const handled = (app: App, latency = 0) =>
  app.pipe(
    Effect.tap(() => latency > 0 ? Effect.sleep(latency) : Effect.void),
    Effect.catchTag("Dropped", () => Effect.never)
  )

const requestBody = (body: HttpBody.HttpBody): BodyInit | undefined => {
  switch (body._tag) {
    case "Uint8Array":
      return body.body as Uint8Array<ArrayBuffer>
    case "Raw":
      return typeof body.body === "string" ? body.body : JSON.stringify(body.body)
    default:
      return undefined
  }
}

/**
 * An `HttpClient` that runs the app on the caller's fiber (so the caller's `Clock` is the
 * emulator's time). A dropped request fails like a reset connection.
 *
 * @internal
 */
export const client = (app: App): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    app.pipe(
      Effect.provideService(
        HttpServerRequest.HttpServerRequest,
        HttpServerRequest.fromWeb(
          new Request(url, {
            method: request.method,
            headers: request.headers,
            body: request.method === "GET" || request.method === "HEAD" ? null : requestBody(request.body) ?? null
          })
        )
      ),
      Effect.map((response) => HttpClientResponse.fromWeb(request, HttpServerResponse.toWeb(response))),
      Effect.catchTag("Dropped", () =>
        Effect.fail(
          new HttpClientError.RequestError({
            request,
            reason: "Transport",
            cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
          })
        ))
    )
  )
