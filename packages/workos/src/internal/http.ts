/**
 * The one request pipeline: URL and path encoding, headers, input encoding, per-attempt
 * timeout, retries, decoding, spans, and the mapping of every failure to a tagged error.
 * Endpoints only describe what to call.
 *
 * @internal
 */
import type * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { constTrue } from "effect/Function"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type { RetryPolicy } from "../WorkOSConfig.js"
import { CurrentRequestOptions, WorkOSConfig } from "../WorkOSConfig.js"
import {
  FieldError,
  type RequestFailure,
  WorkOSBadRequest,
  WorkOSConflict,
  WorkOSDecodeError,
  WorkOSForbidden,
  WorkOSInvalidRequest,
  WorkOSNotFound,
  WorkOSOAuthError,
  WorkOSRateLimited,
  WorkOSServerError,
  WorkOSTimeout,
  WorkOSTransportError,
  WorkOSUnauthorized,
  WorkOSUnexpectedStatus,
  WorkOSUnprocessable
} from "../WorkOSError.js"
import { bodyText } from "./body.js"
import { decodeUnknown, decodeUnknownOption } from "./decode.js"
import { type SpanAttributes, traced } from "./span.js"
import { timeoutFail } from "./timeout.js"
import { version } from "./version.js"

/** @internal */
export type Method = "GET" | "POST" | "PUT" | "DELETE"

/**
 * A path template with named parameters, e.g. `/user_management/users/{id}`. Parameters
 * listed in `secret` are shown as their placeholder in errors and spans.
 *
 * @internal
 */
export interface PathSpec {
  readonly template: string
  readonly params: Readonly<Record<string, string>>
  readonly secret: ReadonlyArray<string>
}

/** @internal */
export const path = (
  template: string,
  params: Readonly<Record<string, string>> = {},
  secret: ReadonlyArray<string> = []
): PathSpec => ({ template, params, secret })

/** What a failure is about: enough to report it, never a secret. @internal */
export interface CallInfo {
  readonly method: Method
  readonly path: string
}

/** A schema-encoded input (query or body) and the schema that encodes it. @internal */
export interface Input {
  readonly schema: Schema.Schema<any, any>
  readonly value: unknown
}

/** @internal */
export const input = <A, I>(schema: Schema.Schema<A, I>, value: A): Input => ({ schema, value })

/** The parsed body of a non-2xx response, for the classifier seam. @internal */
export interface ErrorResponse {
  readonly status: number
  readonly body: Readonly<Record<string, unknown>> | undefined
  readonly info: CallInfo
  readonly requestId: string | null
}

/** @internal */
export interface Request<A, E> {
  /** The span name, e.g. `WorkOS.Users.get`. */
  readonly span: string
  readonly method: Method
  readonly path: PathSpec
  readonly query?: Input | undefined
  readonly body?: Input | undefined
  /** The 2xx body schema; `undefined` for endpoints that answer with no body. */
  readonly success: Schema.Schema<A, any> | undefined
  /**
   * `"safe"` calls (GET/PUT/DELETE by default) retry on transient failures. `"unsafe"`
   * calls create something or spend a credential and retry only when the server cannot
   * have acted.
   */
  readonly retry?: "safe" | "unsafe" | undefined
  /**
   * The seam for endpoint-specific errors (authentication steps): it sees every non-2xx
   * response first and may claim it. It dispatches on the body, not the status.
   */
  readonly classify?: ((response: ErrorResponse) => E | undefined) | undefined
}

/** Input rejected before sending. The one constructor of `WorkOSInvalidRequest`. @internal */
export const invalidRequest = (info: CallInfo, message: string, field: string | null) =>
  new WorkOSInvalidRequest({ ...info, status: null, requestId: null, code: null, message, field })

/** The client id of the call or of `WorkOSConfig`; a typed error when there is none. @internal */
export const requireClientId = (
  config: WorkOSConfig["Type"],
  override: string | undefined,
  info: CallInfo
): Effect.Effect<string, WorkOSInvalidRequest> => {
  const clientId = override ?? Option.getOrUndefined(config.clientId)
  return clientId === undefined || clientId === ""
    ? Effect.fail(invalidRequest(info, "A client id is required: set WORKOS_CLIENT_ID or pass clientId", "clientId"))
    : Effect.succeed(clientId)
}

const renderPath = (spec: PathSpec, method: Method) => {
  let failure: WorkOSInvalidRequest | undefined
  const display = (name: string, value: string) => spec.secret.includes(name) ? `{${name}}` : value
  const render = (encode: (name: string, value: string) => string) =>
    spec.template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value: unknown = spec.params[name]
      if (typeof value !== "string" || value.length === 0) {
        failure ??= invalidRequest(
          { method, path: spec.template },
          `The path parameter "${name}" must be a non-empty string`,
          name
        )
        return ""
      }
      // "." and ".." would be resolved as relative segments by the URL parser, even percent-encoded.
      if (value === "." || value === "..") {
        failure ??= invalidRequest(
          { method, path: spec.template },
          `The path parameter "${name}" is not a valid id`,
          name
        )
        return ""
      }
      return encode(name, encodeURIComponent(value))
    })
  const url = render((_, encoded) => encoded)
  const shown = spec.secret.length === 0 ? url : render(display)
  return failure ? Effect.fail(failure) : Effect.succeed({ url, shown })
}

const formatPath = (segments: ReadonlyArray<PropertyKey>): string =>
  segments.reduce<string>(
    (acc, key) =>
      typeof key === "number"
        ? `${acc}[${key}]`
        : acc === ""
        ? String(key)
        : `${acc}.${String(key)}`,
    ""
  )

/** Describe a parse failure by where and what was expected, never by the value. @internal */
export const describeParseError = (
  error: ParseResult.ParseError
): { readonly path: string; readonly message: string } => {
  let issues: Array<ParseResult.ArrayFormatterIssue>
  try {
    issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  } catch {
    // The formatter renders the received value recursively: a value nested thousands deep
    // (from a hostile or broken server) overflows the stack. Nothing about it is worth
    // more than saying it did not match.
    return { path: "", message: "Invalid value (too deeply nested to describe)" }
  }
  const [first] = issues
  if (first === undefined) return { path: "", message: "Invalid value" }
  const expected = (issue: ParseResult.ArrayFormatterIssue) =>
    issue.message.replace(/,?\s*actual[\s\S]*$/, "").replace(/\s+/g, " ").trim()
  // A union (an enum of literals) fails once per member at the same path: name them all,
  // so `order: "x"` says `Expected "asc" | "desc" | "normal"`, not only the first.
  const path = formatPath(first.path)
  const alternatives = issues
    .filter((issue) => issue._tag === "Type" && formatPath(issue.path) === path)
    .map((issue) => expected(issue).replace(/^Expected /, ""))
    .filter((alternative) => alternative !== "undefined")
  const message = first._tag === "Type" && alternatives.length > 1
    ? `Expected ${alternatives.join(" | ")}`
    : expected(first)
  return { path, message }
}

/**
 * Encode a query or body with its schema, failing with the same `WorkOSInvalidRequest` a
 * call would, before anything is sent. `execute` runs it on every call; `validate*`
 * functions (a dry run) run it alone. @internal
 */
export const encodeInput = (spec: Input, info: CallInfo, what: "query" | "body") =>
  Effect.mapError(Schema.encodeUnknown(spec.schema)(spec.value), (error) => {
    const { message, path } = describeParseError(error)
    return invalidRequest(
      info,
      `Invalid ${what}${path === "" ? "" : ` at ${path}`}: ${message}`,
      path === "" ? null : path
    )
  })

const toUrlParams = (encoded: Record<string, unknown>): Record<string, string> => {
  // `null` in urlParams throws inside the platform; `undefined` means "not sent".
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(encoded)) {
    if (value !== null && value !== undefined) out[key] = String(value)
  }
  return out
}

const connectionFailureCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
])

const errorCode = (cause: unknown): string | undefined => {
  let current = cause
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === "string") return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/**
 * Platform messages embed the full URL, query string included, and a transport (a proxy, a
 * custom fetch) may echo headers: keep only what is safe. The configured key is removed by
 * value, and anything shaped like a credential by form.
 */
const scrub = (message: string, apiKey: string | undefined) => {
  const keyless = apiKey === undefined || apiKey === "" ? message : message.split(apiKey).join("<api key>")
  return keyless
    .replace(/https?:\/\/\S+/g, "<url>")
    .replace(/(authorization|proxy-authorization)\s*[:=]\s*\S+(\s+\S+)?/gi, "$1: <redacted>")
    .replace(/\b(bearer|basic)\s+[\w\-.~+/=]+/gi, "$1 <redacted>")
    .replace(/\bsk_\w+/g, "<api key>")
}

const transportError = (
  error: HttpClientError.RequestError | HttpClientError.ResponseError,
  info: CallInfo,
  apiKey: string | undefined
): WorkOSTransportError => {
  const code = errorCode(error.cause) ?? null
  const cause = error.cause instanceof Error ? error.cause.message : error.reason
  return new WorkOSTransportError({
    ...info,
    status: null,
    requestId: error._tag === "ResponseError" ? error.response.headers["x-request-id"] ?? null : null,
    code,
    message: scrub(
      error._tag === "ResponseError"
        ? `Failed to read the response body: ${cause}`
        : `Transport error: ${cause}${code !== null && !cause.includes(code) ? ` (${code})` : ""}`,
      apiKey
    ),
    connectionFailed: code !== null && connectionFailureCodes.has(code)
  })
}

const parseRetryAfter = (value: string | undefined, now: number): Duration.Duration | null => {
  if (value === undefined) return null
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Duration.seconds(Number(trimmed))
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Duration.millis(Math.max(0, date - now))
}

const parseJson = (text: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

const stringField = (body: Readonly<Record<string, unknown>> | undefined, key: string): string | null => {
  const value = body?.[key]
  return typeof value === "string" ? value : null
}

const decodeFieldErrors = decodeUnknownOption(Schema.Array(FieldError))

const fieldErrors = (body: Readonly<Record<string, unknown>> | undefined): ReadonlyArray<FieldError> =>
  body?.errors === undefined ? [] : Option.getOrElse(decodeFieldErrors(body.errors), () => [])

const statusText: Record<number, string> = {
  400: "Bad request",
  401: "Could not authorize the request; check the API key",
  403: "Forbidden",
  404: "Not found",
  408: "Request timeout",
  409: "Conflict",
  422: "Unprocessable entity",
  429: "Too many requests",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
  504: "Gateway timeout"
}

/** Map a non-2xx response to the SDK's tagged errors. The only place that does. @internal */
export const errorFromResponse = <E>(
  status: number,
  headers: Headers.Headers,
  text: string,
  info: CallInfo,
  now: number,
  classify: ((response: ErrorResponse) => E | undefined) | undefined
): RequestFailure | E => {
  const requestId = headers["x-request-id"] ?? null
  const blank = text.trim() === ""
  const parsed = blank ? undefined : parseJson(text)
  const body = parsed !== undefined && parsed.ok && typeof parsed.value === "object" && parsed.value !== null &&
      !Array.isArray(parsed.value)
    ? parsed.value as Record<string, unknown>
    : undefined
  const claimed = classify?.({ status, body, info, requestId })
  if (claimed !== undefined) return claimed

  const oauthError = stringField(body, "error")
  const errorDescription = stringField(body, "error_description")
  const code = stringField(body, "code") ?? oauthError
  const fallback = `${statusText[status] ?? `HTTP ${status}`} (${status})${
    body === undefined && !blank ? ": the response body was not JSON" : ""
  }`
  const message = stringField(body, "message") ?? errorDescription ?? oauthError ?? fallback
  const common = { ...info, requestId, code, message }
  const retryAfter = parseRetryAfter(headers["retry-after"], now)

  if (status >= 500) return new WorkOSServerError({ ...common, status, retryAfter })
  switch (status) {
    case 401:
      return new WorkOSUnauthorized({ ...common, status })
    case 404:
      return new WorkOSNotFound({ ...common, status })
    case 408:
      return new WorkOSTimeout({ ...common, status })
    case 409:
      return new WorkOSConflict({ ...common, status })
    case 422:
      return new WorkOSUnprocessable({ ...common, status, errors: fieldErrors(body) })
    case 429:
      return new WorkOSRateLimited({ ...common, status, retryAfter })
  }
  if (oauthError !== null) {
    return new WorkOSOAuthError({ ...common, status, error: oauthError, errorDescription })
  }
  switch (status) {
    case 400:
      return new WorkOSBadRequest({ ...common, status, errors: fieldErrors(body) })
    case 403:
      return new WorkOSForbidden({ ...common, status })
  }
  return new WorkOSUnexpectedStatus({ ...common, status })
}

const decodeSuccess = <A>(
  schema: Schema.Schema<A, any>,
  status: number,
  requestId: string | null,
  text: string,
  info: CallInfo
): Effect.Effect<A, WorkOSDecodeError> => {
  const failure = (message: string, schemaPath: string) =>
    new WorkOSDecodeError({ ...info, status, requestId, code: null, message, schemaPath })
  const blank = text.trim() === ""
  const parsed = blank ? { ok: false as const } : parseJson(text)
  if (!parsed.ok) {
    return Effect.fail(failure(blank ? "The response body was empty" : "The response body was not JSON", ""))
  }
  return Effect.mapError(decodeUnknown(schema)(parsed.value), (error) => {
    const { message, path } = describeParseError(error)
    return failure(
      `The response did not match the expected schema${path === "" ? "" : ` at ${path}`}: ${message}`,
      path
    )
  })
}

/**
 * A write that timed out, or whose connection broke after it was sent, may have been
 * carried out: the error says so, so that nobody sends it again blindly (a second user, a
 * second invitation). Refused connections never reached WorkOS and are left as they are.
 */
const sayMayHaveArrived = <E>(error: E): E => {
  // The two classes by name, not `isWorkOSError`: that one reads the `WorkOSError` union,
  // which would put every error class of the SDK in every app's bundle.
  const ambiguous =
    // A 408 is the server saying it did not act; only a timeout of our own is ambiguous.
    (error instanceof WorkOSTimeout && error.status === null) ||
    (error instanceof WorkOSTransportError && !error.connectionFailed)
  if (!ambiguous) return error
  return reviseError(error, {
    message: `${error.message}. The request may have reached WorkOS and been carried out: ` +
      "check (for example list by email) before sending it again"
  })
}

/** A copy of an SDK error with some fields replaced (errors are immutable). @internal */
export const reviseError = <E>(error: E, fields: Readonly<Record<string, unknown>>): E => {
  const Class = (error as object).constructor as new(props: object, disableValidation: boolean) => E
  // `message` is not enumerable on errors, so a spread alone would drop it.
  return new Class({ ...error, message: (error as { readonly message: string }).message, ...fields }, true)
}

const retryableServerStatus = new Set([500, 502, 503, 504])

/** Whether a failed attempt may be tried again. @internal */
export const isRetryable = (error: unknown, safe: boolean): boolean => {
  switch ((error as { readonly _tag?: unknown })._tag) {
    case "WorkOSRateLimited":
      return true
    case "WorkOSTransportError":
      return safe || (error as WorkOSTransportError).connectionFailed
    case "WorkOSTimeout":
      return safe
    case "WorkOSServerError":
      return safe && retryableServerStatus.has((error as WorkOSServerError).status)
    default:
      return false
  }
}

const retryAfterOf = (error: unknown): Duration.Duration | null => {
  const tag = (error as { readonly _tag?: unknown })._tag
  return tag === "WorkOSRateLimited" || tag === "WorkOSServerError"
    ? (error as WorkOSRateLimited | WorkOSServerError).retryAfter
    : null
}

/** The retry schedule of a policy. Its input is the failure of the last attempt. @internal */
export const retrySchedule = (policy: RetryPolicy, safe: boolean) => {
  // Schedules are immutable values: build each policy's pair once, not on every call.
  let pair = schedules.get(policy)
  if (pair === undefined) {
    pair = [buildRetrySchedule(policy, false), buildRetrySchedule(policy, true)]
    schedules.set(policy, pair)
  }
  return pair[safe ? 1 : 0]
}

const schedules = new WeakMap<RetryPolicy, readonly [RetrySchedule, RetrySchedule]>()

type RetrySchedule = ReturnType<typeof buildRetrySchedule>

const buildRetrySchedule = (policy: RetryPolicy, safe: boolean) =>
  Schedule.exponential(policy.baseDelay, policy.factor).pipe(
    Schedule.either(Schedule.spaced(policy.maxDelay)),
    Schedule.jitteredWith({ min: 0.5, max: 1.5 }),
    Schedule.intersect(Schedule.recurs(policy.maxRetries)),
    Schedule.intersect(Schedule.identity<unknown>()),
    Schedule.modifyDelay(([, error], delay) => {
      const hint = retryAfterOf(error)
      return hint === null ? delay : Duration.min(hint, policy.maxRetryAfter)
    }),
    Schedule.whileInput((error: unknown) => isRetryable(error, safe))
  )

const userAgent = (suffix: Option.Option<string>) =>
  Option.match(suffix, {
    onNone: () => `effect-workos/${version}`,
    onSome: (s) => `effect-workos/${version} ${s}`
  })

/** A configuration's client: what every call of it sends is set once. */
interface Prepared {
  readonly client: HttpClient.HttpClient
  /** The API key's value, removed from transport error messages. */
  readonly apiKey: string | undefined
}

const prepared = new WeakMap<WorkOSConfig["Type"], WeakMap<HttpClient.HttpClient, Prepared>>()

/**
 * The client every call of `config` goes through, built once per (configuration, client)
 * pair: it prepends the base URL and sets the bearer token, the user agent and
 * `accept: application/json` in one header merge. The platform's own client span is off:
 * it would record the full URL with its query string (with it off, the platform
 * propagates no trace headers either).
 *
 * @internal
 */
export const prepare = (config: WorkOSConfig["Type"], client: HttpClient.HttpClient): Prepared => {
  let byClient = prepared.get(config)
  if (byClient === undefined) {
    byClient = new WeakMap()
    prepared.set(config, byClient)
  }
  let done = byClient.get(client)
  if (done === undefined) {
    const apiKey = Option.isSome(config.apiKey) ? Redacted.value(config.apiKey.value) : undefined
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": userAgent(config.userAgentSuffix)
    }
    if (apiKey !== undefined) headers["authorization"] = `Bearer ${apiKey}`
    done = {
      client: client.pipe(
        HttpClient.mapRequest((request) =>
          HttpClientRequest.setHeaders(HttpClientRequest.prependUrl(request, config.baseUrl), headers)
        ),
        HttpClient.withTracerDisabledWhen(constTrue)
      ),
      apiKey
    }
    byClient.set(client, done)
  }
  return done
}

/**
 * Retry a failed effect by `schedule` while `retryable` says so. The first attempt runs
 * alone: most calls succeed, and building the schedule's driver costs about 10 µs. After
 * a retryable failure the schedule sees that failure first, exactly as
 * `Effect.retry(effect, schedule)` would.
 */
const retryingAfterFailure = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  retryable: (error: E) => boolean,
  schedule: Schedule.Schedule<unknown, E>
): Effect.Effect<A, E, R> =>
  Effect.catchAll(effect, (first) => {
    if (!retryable(first)) return Effect.fail(first)
    let replay = true
    return Effect.retry(
      Effect.suspend(() => {
        if (!replay) return effect
        replay = false
        return Effect.fail(first)
      }),
      schedule
    )
  })

/**
 * Run one API call through the pipeline: build the request, send it (per-attempt timeout,
 * retries), decode a 2xx or map the failure to its tagged error.
 *
 * @internal
 */
export const execute = <A, E = never>(
  request: Request<A, E>
): Effect.Effect<A, RequestFailure | E, WorkOSConfig | HttpClient.HttpClient> =>
  traced(
    request.span,
    { kind: "client", attributes: { "http.request.method": request.method, "url.template": request.path.template } },
    (span) => pipeline(request, span)
  )

const pipeline = <A, E>(
  request: Request<A, E>,
  span: SpanAttributes
): Effect.Effect<A, RequestFailure | E, WorkOSConfig | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const config = yield* WorkOSConfig
    const overrides = yield* CurrentRequestOptions
    const { apiKey, client } = prepare(config, yield* HttpClient.HttpClient)
    const { method } = request
    const { shown, url } = yield* renderPath(request.path, method)
    const info: CallInfo = { method, path: shown }

    let httpRequest = HttpClientRequest.make(method)(url)
    if (request.query !== undefined) {
      const encoded = yield* encodeInput(request.query, info, "query")
      httpRequest = HttpClientRequest.setUrlParams(httpRequest, toUrlParams(encoded as Record<string, unknown>))
    }
    if (request.body !== undefined) {
      httpRequest = HttpClientRequest.bodyUnsafeJson(httpRequest, yield* encodeInput(request.body, info, "body"))
    }

    const policy = Option.getOrElse(overrides.retry, () => config.retry)
    const timeout = Option.getOrElse(overrides.timeout, () => config.timeout)
    const safe = (request.retry ?? (method === "POST" ? "unsafe" : "safe")) === "safe"
    let attempts = 0

    // One attempt: the response and its body within the timeout, then the 2xx body decoded
    // or the failure mapped to its tagged error.
    const send = Effect.suspend(() => {
      span.attribute("workos.attempts", ++attempts)
      return client.execute(httpRequest)
    }).pipe(
      Effect.flatMap((response) => Effect.map(bodyText(response), (text) => ({ response, text }))),
      (effect) =>
        timeoutFail(effect, timeout, () =>
          new WorkOSTimeout({
            ...info,
            status: null,
            requestId: null,
            code: null,
            message: `No response within ${Duration.format(timeout)}`
          })),
      Effect.matchEffect({
        // A transport failure as the SDK's error, never the platform's (its message has the full URL).
        onFailure: (error): Effect.Effect<never, RequestFailure> =>
          Effect.fail(
            error._tag === "RequestError" || error._tag === "ResponseError"
              ? transportError(error, info, apiKey)
              : error
          ),
        onSuccess: ({ response, text }): Effect.Effect<A, RequestFailure | E> => {
          // Read once: the platform builds the headers object anew on every read of `headers`.
          const headers = response.headers
          const requestId = headers["x-request-id"] ?? null
          span.attribute("http.response.status_code", response.status)
          span.attribute("workos.request_id", requestId)
          if (response.status >= 200 && response.status < 300) {
            return request.success === undefined
              ? Effect.void as Effect.Effect<A>
              : decodeSuccess(request.success, response.status, requestId, text, info)
          }
          return Effect.flatMap(
            Clock.currentTimeMillis,
            (now) => Effect.fail(errorFromResponse(response.status, headers, text, info, now, request.classify))
          )
        }
      })
    )
    // Waiting for the client-side rate limit is not part of an attempt's timeout. The
    // limiter counts the request again once the attempt has ended (see RequestLimiter).
    const attempt = config.rateLimiter === undefined
      ? send
      : Effect.flatMap(
        config.rateLimiter.acquire(method, request.path.template),
        (settle) => Effect.isEffect(settle) ? Effect.ensuring(send, settle) : send
      )

    const sent = retryingAfterFailure(
      attempt,
      (error) => policy.maxRetries > 0 && isRetryable(error, safe),
      retrySchedule(policy, safe)
    )
    return yield* safe ? sent : Effect.mapError(sent, sayMayHaveArrived)
  })
