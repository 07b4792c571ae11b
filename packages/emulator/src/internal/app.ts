/**
 * The emulator as an `@effect/platform` `HttpApp`. The API's routes and the control
 * plane's are each an `HttpRouter`; the same app is served over a socket by
 * `NodeHttpServer`, run as a web handler, and called in process by the emulator's
 * `HttpClient`. Time comes from the `Clock` of the fiber that answers.
 *
 * @internal
 */
import type * as HttpMethod from "@effect/platform/HttpMethod"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type { Exchange } from "../Emulator.js"
import * as Body from "./body.js"
import { type EmulatorRequest, type EmulatorResponse, HttpError } from "./core.js"
import type { Traffic } from "./traffic.js"
import type { World } from "./world.js"

/** A fault dropped the connection: the transport decides what that means. @internal */
export class Dropped extends Data.TaggedError("Dropped") {}

/** @internal */
export type App = Effect.Effect<HttpServerResponse.HttpServerResponse, Dropped, HttpServerRequest.HttpServerRequest>

/** What the app needs from the emulator. @internal */
export interface Host {
  readonly world: World
  readonly traffic: Traffic
  /** The emulator's time at a `Clock` reading (it adds what `advanceClock` moved). */
  time(clockMillis: number): number
  onExchange(exchange: Exchange): void
}

/**
 * The emulator answering the current request. The routers are built once per process
 * (building one costs tens of milliseconds, and a test suite makes an emulator per test)
 * and every instance provides itself through this tag.
 *
 * @internal
 */
export class CurrentHost extends Context.Tag("effect-workos-emulator/CurrentHost")<CurrentHost, Host>() {}

/** A declared route: method, path (with `{name}` parameters) and what answers it. @internal */
export interface Declared<R> {
  readonly method: string
  readonly template: string
  readonly handler: Effect.Effect<
    HttpServerResponse.HttpServerResponse,
    Dropped,
    R | HttpServerRequest.HttpServerRequest | HttpRouter.RouteContext
  >
}

/**
 * An app from declared routes. A path that is declared for other methods gets
 * `fallback(allowed)` (a 405), any other path `fallback(undefined)` (a 404). The router is
 * exact: case-sensitive, no duplicate-slash folding, and a trailing slash only where
 * `trailingSlash` allows it.
 *
 * @internal
 */
export const routerApp = <R>(
  routes: ReadonlyArray<Declared<R>>,
  fallback: (
    allowed: ReadonlyArray<string> | undefined
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, Dropped, R | HttpServerRequest.HttpServerRequest>,
  options: { readonly trailingSlash?: boolean } = {}
): Effect.Effect<HttpServerResponse.HttpServerResponse, Dropped, R | HttpServerRequest.HttpServerRequest> => {
  const path = (template: string) => template.replace(/\{(\w+)\}/g, ":$1") as `/${string}`
  const methods = new Map<string, Array<string>>()
  for (const route of routes) methods.set(route.template, [...methods.get(route.template) ?? [], route.method])
  const build = <E>(router: HttpRouter.HttpRouter<E, R>) =>
    Effect.runSync(
      HttpRouter.toHttpApp(router).pipe(HttpRouter.withRouterConfig({
        caseSensitive: true,
        ignoreTrailingSlash: options.trailingSlash === true,
        ignoreDuplicateSlashes: false,
        maxParamLength: 4096
      }))
    )
  const declared = build(HttpRouter.fromIterable(
    routes.map((route) =>
      HttpRouter.makeRoute(route.method as HttpMethod.HttpMethod, path(route.template), route.handler)
    )
  ))
  const known = build(HttpRouter.fromIterable(
    Array.from(methods, ([template, allowed]) => HttpRouter.makeRoute("*", path(template), fallback(allowed)))
  ))
  return declared.pipe(
    Effect.catchTag("RouteNotFound", () => known),
    Effect.catchTag("RouteNotFound", () => fallback(undefined))
  ) as Effect.Effect<HttpServerResponse.HttpServerResponse, Dropped, R | HttpServerRequest.HttpServerRequest>
}

/** The request as routes see it: method, raw path, query, headers and body text. @internal */
export const emulatorRequest = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<EmulatorRequest> =>
  Effect.map(Effect.orElseSucceed(request.text, () => ""), (body) => {
    const url = new URL(request.url, "http://emulator")
    return { method: request.method, path: url.pathname, query: url.searchParams, headers: request.headers, body }
  })

/** An answer as an `HttpServerResponse` (a string body is sent as it is, anything else as JSON). @internal */
export const toServerResponse = (response: EmulatorResponse): HttpServerResponse.HttpServerResponse => {
  const headers = response.headers ?? {}
  if (response.body === undefined) return HttpServerResponse.empty({ status: response.status, headers })
  return typeof response.body === "string"
    ? HttpServerResponse.text(response.body, {
      status: response.status,
      headers,
      contentType: headers["content-type"] ?? "text/plain"
    })
    : HttpServerResponse.text(JSON.stringify(response.body), {
      status: response.status,
      headers,
      contentType: "application/json"
    })
}

/**
 * Run a handler that may throw or return a promise: an `HttpError` becomes its answer,
 * anything else (a bug in the emulator) a 500 instead of a crash of the caller.
 *
 * @internal
 */
export const attempt = (
  handler: () => EmulatorResponse | Promise<EmulatorResponse>,
  onError: (error: unknown) => EmulatorResponse
): Effect.Effect<EmulatorResponse> =>
  Effect.suspend(() => {
    try {
      const result = handler()
      return result instanceof Promise
        ? Effect.catchAll(Effect.tryPromise({ try: () => result, catch: (error) => error }), (error) =>
          Effect.succeed(onError(error)))
        : Effect.succeed(result)
    } catch (error) {
      return Effect.succeed(onError(error))
    }
  })

const apiError = (error: unknown): EmulatorResponse =>
  error instanceof HttpError
    ? { status: error.status, headers: error.headers, body: error.body }
    : { status: 500, body: { message: `Emulator error: ${error instanceof Error ? error.message : String(error)}` } }

const decodedPath = (path: string) => {
  try {
    return decodeURI(path)
  } catch {
    return path
  }
}

/**
 * Every API request goes through here: it is logged, gets a request id, and a queued
 * fault answers (or stalls, or drops) it before `respond` does; the exchange is counted
 * under the route's template.
 */
const answer = (
  host: Host,
  template: string | undefined,
  respond: (request: EmulatorRequest, now: number) => Effect.Effect<EmulatorResponse>
) =>
  Effect.gen(function*() {
    const request = yield* Effect.flatMap(HttpServerRequest.HttpServerRequest, emulatorRequest)
    const now = host.time(yield* Clock.currentTimeMillis)
    host.traffic.received(request)
    const requestId = `req_${host.world.prng.ulid(now)}`
    const path = decodedPath(request.path)
    const fault = host.traffic.takeFault(request.method, path)
    if (fault?.stall) return yield* Effect.never
    if (fault?.drop) return yield* new Dropped()
    const outcome = fault
      ? { status: fault.status ?? 500, headers: fault.headers, body: fault.body }
      : yield* respond(request, now)
    const response = { ...outcome, headers: { "x-request-id": requestId, ...outcome.headers } }
    const exchange: Exchange = {
      method: request.method,
      path,
      template,
      query: request.query,
      status: response.status,
      body: response.body
    }
    host.traffic.answered(exchange)
    host.onExchange(exchange)
    return toServerResponse(response)
  })

/** A declared API route (the `index`th of every world with the same table): the API key (where it needs one), the rate limit, then its handler. */
const apiRoute = (method: string, template: string, index: number): Declared<CurrentHost> => ({
  method,
  template,
  handler: Effect.flatMap(
    Effect.all([CurrentHost, HttpRouter.params]),
    ([host, params]) => {
      const route = host.world.routes[index]!
      return answer(host, template, (request, now) => {
        if (route.authenticated && request.headers["authorization"] !== `Bearer ${host.world.options.apiKey}`) {
          return Effect.succeed({
            status: 401,
            body: { message: "Could not authorize the request. Maybe your API key is invalid?" }
          })
        }
        if (request.path.startsWith("/user_management/")) {
          const limited = host.traffic.rateLimited(route.write ? "writes" : "reads", now)
          if (limited) return Effect.succeed(limited)
        }
        let json: Record<string, unknown> | undefined
        return attempt(() =>
          route.handler({
            request,
            params: params as Record<string, string>,
            query: request.query,
            now,
            body: (schema) => Body.decode(schema, json ??= Body.parse(request.body))
          }), apiError)
      })
    }
  )
})

/** The API's routers, by route table (every world registers the same one). */
const apiRouters = new Map<
  string,
  Effect.Effect<HttpServerResponse.HttpServerResponse, Dropped, CurrentHost | HttpServerRequest.HttpServerRequest>
>()

/**
 * The API: the world's routes, with 405 for a known path's other methods and 404 for the
 * rest (both logged and subject to faults like any request).
 *
 * @internal
 */
export const apiApp = (host: Host): App => {
  const table = host.world.routes.map((route) => `${route.method} ${route.template}`).join("\n")
  let shared = apiRouters.get(table)
  if (shared === undefined) {
    shared = routerApp(
      host.world.routes.map((route, index) => apiRoute(route.method, route.template, index)),
      (allowed) =>
        Effect.flatMap(CurrentHost, (host) =>
          answer(host, undefined, (request) =>
            Effect.succeed(
              allowed === undefined
                ? { status: 404, body: { message: `Route not found: ${request.method} ${request.path}` } }
                : { status: 405, body: { message: `Method not allowed: ${request.method} ${request.path}` } }
            )))
    )
    apiRouters.set(table, shared)
  }
  return Effect.provideService(shared, CurrentHost, host)
}
