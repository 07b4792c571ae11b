/**
 * The control plane: what a test in another process (the official Node SDK, a browser
 * test, another language) needs from a served emulator, over HTTP under `/__emulator/`.
 * Every route but `health` needs the emulator's API key as a bearer token. Documented in
 * `docs/emulator.md`.
 *
 * @internal
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import type * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { EmulatorInstance, Fault, OutboxMessage } from "../Emulator.js"
import { type App, attempt, type Dropped, emulatorRequest, routerApp, toServerResponse } from "./app.js"
import type { EmulatorRequest, EmulatorResponse } from "./core.js"
import { describe } from "./seed.js"

const json = (body: unknown, status = 200): EmulatorResponse => ({ status, body })
const problem = (status: number, code: string, message: string): EmulatorResponse => ({
  status,
  body: { code, message }
})

const kinds: ReadonlyArray<OutboxMessage["kind"]> = [
  "email_verification",
  "magic_auth",
  "password_reset",
  "invitation",
  "email_change",
  "radar"
]

/** A control request that can't be served; answered as `{ code, message }`. */
class ControlError {
  constructor(readonly status: number, readonly code: string, readonly message: string) {}
}

const invalid = (message: string) => new ControlError(422, "invalid_request", message)

const parseBody = (request: EmulatorRequest): unknown => {
  if (request.body.trim() === "") return {}
  try {
    return JSON.parse(request.body)
  } catch {
    throw new ControlError(400, "invalid_json", "The request body is not valid JSON")
  }
}

const integerParam = (query: URLSearchParams, name: string, fallback: number, max: number): number => {
  const raw = query.get(name)
  if (raw === null) return fallback
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value > max) {
    throw invalid(`${name}: expected an integer from 0 to ${max}, got "${raw}"`)
  }
  return value
}

const outboxFilter = (query: URLSearchParams) => {
  const kind = query.get("kind") ?? undefined
  if (kind !== undefined && !kinds.includes(kind as OutboxMessage["kind"])) {
    throw invalid(`kind: expected one of ${kinds.join(", ")}, got "${kind}"`)
  }
  return { to: query.get("to") ?? undefined, kind: kind as OutboxMessage["kind"] | undefined }
}

/** Decode a control body with its schema; a 422 naming the first bad field otherwise. */
const decode = <A, I>(schema: Schema.Schema<A, I>, input: unknown): A =>
  Either.getOrThrowWith(
    Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(input),
    (error) => invalid(describe(error))
  )

/** Absent or `null`. */
const nullish = <A, I>(schema: Schema.Schema<A, I>) => Schema.optionalWith(schema, { nullable: true })

const FaultBody = Schema.Struct({
  method: nullish(Schema.String),
  /** Matched exactly. */
  path: nullish(Schema.String),
  /** Matched as a regular expression. */
  path_pattern: nullish(Schema.String),
  times: nullish(Schema.Int.pipe(Schema.between(1, Number.MAX_SAFE_INTEGER))),
  status: nullish(Schema.Int.pipe(Schema.between(100, 599))),
  headers: nullish(Schema.Record({ key: Schema.String, value: Schema.String })),
  body: Schema.optional(Schema.Unknown),
  stall: nullish(Schema.Boolean),
  drop: nullish(Schema.Boolean)
})

/** A fault from its JSON: `path` is matched exactly, `path_pattern` as a regular expression. */
const parseFault = (input: unknown): Fault => {
  const { path, path_pattern: pattern, ...fault } = decode(FaultBody, input)
  if (path !== undefined && pattern !== undefined) throw invalid("path_pattern: give path or path_pattern, not both")
  let regex: RegExp | undefined
  if (pattern !== undefined) {
    try {
      regex = new RegExp(pattern)
    } catch {
      throw invalid(`path_pattern: not a regular expression: ${pattern}`)
    }
  }
  return { ...fault, method: fault.method?.toUpperCase(), path: regex ?? path }
}

const WebhookEndpointBody = Schema.Struct({
  endpoint_url: Schema.String.pipe(
    Schema.pattern(/^https?:\/\//, { message: () => "expected an http(s) URL" })
  ),
  secret: nullish(Schema.String),
  events: nullish(Schema.Array(Schema.String))
})

const ClockAdvanceBody = Schema.Struct({
  millis: Schema.Int.pipe(Schema.between(0, Number.MAX_SAFE_INTEGER))
})

const faultJson = (fault: Fault & { readonly remaining: number }) => ({
  method: fault.method ?? null,
  ...(fault.path instanceof RegExp ? { path_pattern: fault.path.source } : { path: fault.path ?? null }),
  remaining: fault.remaining,
  status: fault.stall || fault.drop ? null : fault.status ?? 500,
  stall: fault.stall ?? false,
  drop: fault.drop ?? false
})

/** Request headers as logged: the bearer token is not repeated. */
const loggedHeaders = (headers: Readonly<Record<string, string>>) =>
  Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key, key.toLowerCase() === "authorization" ? "<redacted>" : value])
  )

type Handler = (
  emulator: EmulatorInstance,
  request: EmulatorRequest,
  now: number
) => EmulatorResponse | Promise<EmulatorResponse>

const routes: Record<string, Partial<Record<string, Handler>>> = {
  health: {
    GET: () => json({ status: "ok" })
  },
  outbox: {
    GET: (emulator, request) => {
      const filter = outboxFilter(request.query)
      const all = emulator.outbox()
      const data = emulator.outbox(filter)
      return json({ data, next: all.length })
    }
  },
  "outbox/wait": {
    GET: async (emulator, request) => {
      const filter = outboxFilter(request.query)
      const after = integerParam(request.query, "after", 0, Number.MAX_SAFE_INTEGER)
      const timeoutMillis = integerParam(request.query, "timeout", 5_000, 60_000)
      const message = await emulator.waitForMessage(filter, { after, timeoutMillis })
      return message === undefined
        ? problem(408, "outbox_wait_timeout", `No matching message within ${timeoutMillis} ms`)
        : json(message)
    }
  },
  faults: {
    GET: (emulator) => json({ data: emulator.pendingFaults().map(faultJson) }),
    POST: (emulator, request) => {
      const fault = parseFault(parseBody(request))
      emulator.failNext(fault)
      return json(faultJson({ ...fault, remaining: fault.times ?? 1 }), 201)
    },
    DELETE: (emulator) => {
      emulator.clearFaults()
      return { status: 204 }
    }
  },
  reset: {
    POST: (emulator) => {
      emulator.reset()
      return { status: 204 }
    }
  },
  seed: {
    POST: (emulator, request, now) => {
      try {
        return json(emulator.seed(parseBody(request), now), 201)
      } catch (error) {
        if (error instanceof Error && error.name === "SeedError") throw invalid(error.message)
        throw error
      }
    }
  },
  snapshot: {
    GET: (emulator) => json(emulator.snapshot()),
    PUT: (emulator, request) => {
      try {
        emulator.restore(parseBody(request))
      } catch (error) {
        if (error instanceof Error && error.name === "SnapshotError") throw invalid(error.message)
        throw error
      }
      return { status: 204 }
    }
  },
  requests: {
    GET: (emulator, request) => {
      const limit = integerParam(request.query, "limit", 100, 10_000)
      const data = (limit === 0 ? [] : emulator.requests.slice(-limit)).map((r) => ({
        method: r.method,
        path: r.path,
        query: Object.fromEntries(r.query),
        headers: loggedHeaders(r.headers),
        body: r.body
      }))
      return json({ data })
    }
  },
  // Where webhooks go (WorkOS registers endpoints in its dashboard).
  webhook_endpoints: {
    POST: (emulator, request, now) => {
      const { endpoint_url: url, events, secret } = decode(WebhookEndpointBody, parseBody(request))
      const record = emulator.addWebhookEndpoint(
        { url, ...(secret === undefined ? {} : { secret }), ...(events === undefined ? {} : { events }) },
        now
      )
      return json({ id: record.id, endpoint_url: url, secret: record.secret, events: events ?? null }, 201)
    }
  },
  "clock/advance": {
    POST: (emulator, request, now) => {
      const { millis } = decode(ClockAdvanceBody, parseBody(request))
      emulator.advanceClock(millis)
      return json({ now: new Date(now + millis).toISOString() })
    }
  }
}

/** The emulator whose control plane answers, and its time at a `Clock` reading. */
class CurrentControl extends Context.Tag("effect-workos-emulator/CurrentControl")<CurrentControl, {
  readonly emulator: EmulatorInstance
  readonly time: (clockMillis: number) => number
}>() {}

/** Built on first use and shared by every instance (see `CurrentHost`). */
let shared:
  | Effect.Effect<HttpServerResponse.HttpServerResponse, Dropped, CurrentControl | HttpServerRequest.HttpServerRequest>
  | undefined

const sharedApp = () =>
  shared ??= routerApp(
    Object.entries(routes).flatMap(([name, methods]) =>
      Object.entries(methods).map(([method, handler]) => ({
        method,
        template: `/__emulator/${name}`,
        handler: Effect.gen(function*() {
          const { emulator, time } = yield* CurrentControl
          const request = yield* Effect.flatMap(HttpServerRequest.HttpServerRequest, emulatorRequest)
          const now = time(yield* Clock.currentTimeMillis)
          if (name !== "health" && request.headers["authorization"] !== `Bearer ${emulator.apiKey}`) {
            return toServerResponse(
              problem(401, "unauthorized", "The control plane needs the emulator's API key as a bearer token")
            )
          }
          return toServerResponse(
            yield* attempt(() => handler!(emulator, request, now), (error) =>
              error instanceof ControlError
                ? problem(error.status, error.code, error.message)
                : problem(
                  500,
                  "emulator_error",
                  `Emulator error: ${error instanceof Error ? error.message : String(error)}`
                ))
          )
        })
      }))
    ),
    (allowed) =>
      Effect.map(HttpServerRequest.HttpServerRequest, (request) => {
        const path = new URL(request.url, "http://emulator").pathname
        return toServerResponse(
          allowed === undefined
            ? problem(404, "not_found", `No control route ${request.method} ${path}`)
            : {
              status: 405,
              headers: { allow: allowed.join(", ") },
              body: { code: "method_not_allowed", message: `${request.method} ${path}: use ${allowed.join(" or ")}` }
            }
        )
      }),
    { trailingSlash: true }
  )

/**
 * The control plane as an app: its routes under `/__emulator/`, 405 (with `allow`) for a
 * control path's other methods, 404 for the rest. A trailing slash is allowed.
 *
 * @internal
 */
export const controlApp = (emulator: EmulatorInstance, time: (clockMillis: number) => number): App =>
  Effect.provideService(sharedApp(), CurrentControl, { emulator, time })
