/**
 * The transports of the emulator's app: over a socket (`NodeHttpServer`), as a web
 * handler, and in process as an `HttpClient`. They differ only in what a dropped
 * connection means.
 *
 * @internal
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Cookies from "@effect/platform/Cookies"
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as HttpServer from "@effect/platform/HttpServer"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as http from "node:http"
import type { App } from "./app.js"
import type { EmulatorRequest, EmulatorResponse } from "./core.js"

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

const requestBody = (body: HttpBody.HttpBody): string | Uint8Array | undefined => {
  switch (body._tag) {
    case "Uint8Array":
      return body.body
    case "Raw":
      return typeof body.body === "string" ? body.body : JSON.stringify(body.body)
    default:
      return undefined
  }
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/**
 * A request as the app receives it (a `GET` or `HEAD` carries no body). It is the part of
 * a web `Request` that `HttpServerRequest.fromWeb` reads; the real `Request` is built only
 * if its body stream is asked for. Building one costs a `ReadableStream` and an
 * `AbortSignal` (undici), which made a fifth of an in-process call's CPU.
 */
const serverRequest = (
  url: string | URL,
  method: string,
  headers: Readonly<Record<string, string>>,
  body: string | Uint8Array | undefined
): HttpServerRequest.HttpServerRequest => {
  const sent = method === "GET" || method === "HEAD" ? undefined : body
  const text = sent === undefined ? "" : typeof sent === "string" ? sent : decoder.decode(sent)
  let web: Request | undefined
  const source = {
    method,
    url: String(url),
    headers,
    text: () => Promise.resolve(text),
    arrayBuffer: () => Promise.resolve(typeof sent === "object" ? sent.slice().buffer : encoder.encode(text).buffer),
    get body() {
      web ??= new Request(url, { method, headers, body: (sent ?? null) as BodyInit | null })
      return web.body
    }
  }
  return HttpServerRequest.fromWeb(source as unknown as Request)
}

/**
 * The app's answer as the `HttpClientResponse` a caller reads. A text or empty body is
 * served from its bytes (the part of a web `Response` that `HttpClientResponse.fromWeb`
 * reads); any other body, or a body stream asked for, goes through a real `Response`.
 */
const clientResponse = (
  request: HttpClientRequest.HttpClientRequest,
  response: HttpServerResponse.HttpServerResponse
): HttpClientResponse.HttpClientResponse => {
  const body = response.body
  if (body._tag !== "Uint8Array" && body._tag !== "Empty") {
    return HttpClientResponse.fromWeb(request, HttpServerResponse.toWeb(response))
  }
  const headers = new globalThis.Headers(response.headers)
  for (const cookie of Cookies.toSetCookieHeaders(response.cookies)) headers.append("set-cookie", cookie)
  const bytes = body._tag === "Empty" ? new Uint8Array(0) : body.body
  let web: Response | undefined
  const real = () =>
    web ??= new Response(bytes.length === 0 ? null : bytes as Uint8Array<ArrayBuffer>, {
      status: response.status,
      headers
    })
  const source = {
    status: response.status,
    headers,
    text: () => Promise.resolve(decoder.decode(bytes)),
    arrayBuffer: () => Promise.resolve(bytes.slice().buffer),
    formData: () => real().formData(),
    get body() {
      return real().body
    }
  }
  return HttpClientResponse.fromWeb(request, source as unknown as Response)
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
        serverRequest(url, request.method, request.headers, requestBody(request.body))
      ),
      Effect.map((response) => clientResponse(request, response)),
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

/** A `Clock` that reads `millis` and sleeps in real time. */
const stoppedClock = (millis: number): Clock.Clock => {
  const real = Clock.make()
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => millis,
    currentTimeMillis: Effect.succeed(millis),
    unsafeCurrentTimeNanos: () => BigInt(millis) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(millis) * 1_000_000n),
    sleep: (duration) => real.sleep(duration)
  }
}

/** What an answer was: a response, or a dropped connection. @internal */
export type Outcome = EmulatorResponse | { readonly drop: true }

/**
 * Run the app for one request with a clock stopped at `at`. A stalled request never
 * settles; a dropped one gives `{ drop: true }`.
 *
 * @internal
 */
export const dispatchAt = (app: App, request: EmulatorRequest, at: number): Promise<Outcome> => {
  const query = request.query.toString()
  const url = `http://emulator${request.path}${query === "" ? "" : `?${query}`}`
  return Effect.runPromise(app.pipe(
    Effect.provideService(
      HttpServerRequest.HttpServerRequest,
      serverRequest(url, request.method, request.headers, request.body)
    ),
    Effect.flatMap((response) => {
      const answer = HttpServerResponse.toWeb(response)
      return Effect.promise(async (): Promise<Outcome> => {
        const text = await answer.text()
        const headers: Record<string, string> = {}
        answer.headers.forEach((value, key) => (headers[key] = value))
        return {
          status: answer.status,
          headers,
          body: text === "" ? undefined : headers["content-type"] === "application/json" ? JSON.parse(text) : text
        }
      })
    }),
    Effect.catchTag("Dropped", () => Effect.succeed<Outcome>({ drop: true })),
    Effect.withClock(stoppedClock(at))
  ))
}

/** A listening socket, its server and the scope that closes it. @internal */
export interface Socket {
  readonly server: HttpServer.HttpServer
  readonly url: string
  readonly scope: Scope.CloseableScope
  readonly node: http.Server
}

/**
 * Listen on `host:port` with `NodeHttpServer`; a one-line reason when it can't (a port in
 * use, no permission).
 *
 * @internal
 */
export const open = async (host: string, port: number): Promise<Socket | string> => {
  const scope = Effect.runSync(Scope.make())
  const node = http.createServer()
  const started = await Effect.runPromiseExit(
    NodeHttpServer.make(() => node, { port, host }).pipe(Scope.extend(scope))
  )
  if (Exit.isSuccess(started)) {
    const address = started.value.address as HttpServer.TcpAddress
    return { server: started.value, url: `http://${host}:${address.port}`, scope, node }
  }
  await Effect.runPromise(Scope.close(scope, Exit.void))
  const error = Cause.failureOption(started.cause)
  const cause = error._tag === "Some" ? error.value.cause : Cause.squash(started.cause)
  const code = (cause as NodeJS.ErrnoException | undefined)?.code
  return code === "EADDRINUSE"
    ? `Port ${port} on ${host} is in use`
    : code === "EACCES"
    ? `No permission to listen on port ${port} on ${host}`
    : `Cannot listen on ${host}:${port}: ${cause instanceof Error ? cause.message : String(cause)}`
}

/** Close a socket: its idle keep-alive connections (they would hold it open), then its scope. @internal */
export const close = async (socket: Socket): Promise<void> => {
  socket.node.closeAllConnections()
  await Effect.runPromise(Scope.close(socket.scope, Exit.void))
}
