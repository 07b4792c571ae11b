/**
 * Webhooks: verify the `WorkOS-Signature` of the exact bytes WorkOS sent, decode the body
 * into the same {@link Events.Event} union as `Events.list`, and serve an endpoint that
 * answers 2xx only when your handler succeeded (so WorkOS retries otherwise), ignoring
 * replayed deliveries.
 *
 * Verification uses WebCrypto only (Node, Deno, Bun, Workers), compares signatures in
 * constant time (`crypto.subtle.verify`), and applies the timestamp tolerance in both
 * directions on the `Clock`.
 *
 * @since 0.2.0
 */
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { Event } from "./Events.js"
import { decodeUnknown } from "./internal/decode.js"
import { describeParseError } from "./internal/http.js"
import {
  type WebhookError,
  WebhookPayloadInvalid,
  type WebhookSignatureError,
  WebhookSignatureInvalid,
  WebhookSignatureMalformed,
  WebhookSignatureMissing,
  WebhookTimestampOutOfTolerance
} from "./WorkOSError.js"

/**
 * The body of a webhook request: the exact bytes received (or their text). Never a value
 * parsed and serialised again: that changes the bytes the signature covers.
 *
 * @since 0.2.0
 * @category models
 */
export type Payload = Uint8Array | string

/**
 * Options of {@link verify}.
 *
 * @since 0.2.0
 * @category models
 */
export interface VerifyOptions {
  /** The endpoint's secret from the WorkOS dashboard. */
  readonly secret: Redacted.Redacted<string>
  /**
   * How far the signed timestamp may be from the `Clock`, in either direction.
   * Default 3 minutes (the official Node SDK's).
   */
  readonly tolerance?: Duration.DurationInput | undefined
}

/**
 * The name of the header WorkOS signs webhooks in.
 *
 * @since 0.2.0
 * @category constants
 */
export const signatureHeader = "workos-signature"

const defaultTolerance = Duration.minutes(3)
const encoder = new TextEncoder()
const keys = new WeakMap<Redacted.Redacted<string>, Promise<CryptoKey>>()

const hmacKey = (secret: Redacted.Redacted<string>): Promise<CryptoKey> => {
  let key = keys.get(secret)
  if (key === undefined) {
    key = crypto.subtle.importKey(
      "raw",
      encoder.encode(Redacted.value(secret)),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"]
    )
    keys.set(secret, key)
  }
  return key
}

const signedBytes = (timestamp: string, payload: Payload): Uint8Array<ArrayBuffer> => {
  const prefix = encoder.encode(`${timestamp}.`)
  const body = typeof payload === "string" ? encoder.encode(payload) : payload
  const bytes = new Uint8Array(prefix.length + body.length)
  bytes.set(prefix)
  bytes.set(body, prefix.length)
  return bytes
}

const hexBytes = (hex: string): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return bytes
}

/** `t=<digits>, v1=<64 hex>` (parts in any order, spaces allowed around them). */
const parseHeader = (header: string) => {
  let timestamp: string | undefined
  const signatures: Array<string> = []
  for (const part of header.split(",")) {
    const eq = part.indexOf("=")
    if (eq === -1) continue
    const key = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (key === "t") timestamp = value
    else if (key === "v1") signatures.push(value)
  }
  if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp)) {
    return new WebhookSignatureMalformed({ message: "The WorkOS-Signature header has no valid timestamp (t=)" })
  }
  const valid = signatures.filter((signature) => /^[0-9a-f]{64}$/i.test(signature))
  if (valid.length === 0) {
    return new WebhookSignatureMalformed({
      message: "The WorkOS-Signature header has no v1 signature (64 hexadecimal characters)"
    })
  }
  return { timestamp, signatures: valid }
}

/**
 * Verify that `payload` was signed by WorkOS with `secret`, within the tolerance. The
 * header is the raw `WorkOS-Signature` value (`t=<milliseconds>, v1=<hex HMAC-SHA256 of
 * "<t>.<body>">`).
 *
 * @since 0.2.0
 * @category verification
 */
export const verify = (
  payload: Payload,
  header: string | null | undefined,
  options: VerifyOptions
): Effect.Effect<void, WebhookSignatureError> =>
  Effect.gen(function*() {
    if (header === undefined || header === null || header.trim() === "") {
      return yield* new WebhookSignatureMissing({ message: "The request has no WorkOS-Signature header" })
    }
    const parsed = parseHeader(header)
    if (parsed instanceof WebhookSignatureMalformed) return yield* parsed
    const key = yield* Effect.promise(() => hmacKey(options.secret))
    const data = signedBytes(parsed.timestamp, payload)
    let matched = false
    for (const signature of parsed.signatures) {
      // `subtle.verify` compares in constant time.
      if (yield* Effect.promise(() => crypto.subtle.verify("HMAC", key, hexBytes(signature), data))) matched = true
    }
    if (!matched) {
      return yield* new WebhookSignatureInvalid({
        message: "The signature does not match the body and the secret"
      })
    }
    const timestamp = Number(parsed.timestamp)
    const now = yield* Clock.currentTimeMillis
    const tolerance = Duration.toMillis(Duration.decode(options.tolerance ?? defaultTolerance))
    if (Math.abs(now - timestamp) > tolerance) {
      return yield* new WebhookTimestampOutOfTolerance({
        message: `The signature is ${Math.round(Math.abs(now - timestamp) / 1000)} seconds ${
          timestamp < now ? "old" : "in the future"
        }, beyond the tolerance of ${Math.round(tolerance / 1000)} seconds`,
        timestamp,
        now
      })
    }
  })

const decodeEventJson = decodeUnknown(Schema.parseJson(Event))

/**
 * Decode a webhook body into an {@link Events.Event}. Only call it on a verified body
 * ({@link constructEvent} does both).
 *
 * @since 0.2.0
 * @category decoding
 */
export const decodeEvent = (payload: Payload): Effect.Effect<Event, WebhookPayloadInvalid> =>
  Effect.mapError(
    decodeEventJson(typeof payload === "string" ? payload : new TextDecoder().decode(payload)),
    (error) => {
      const { message, path } = describeParseError(error)
      return new WebhookPayloadInvalid({
        message: path === ""
          ? `The body is not an event: ${message}`
          : `The body is not an event at ${path}: ${message}`
      })
    }
  )

/**
 * Verify a webhook and decode its event: {@link verify}, then {@link decodeEvent}.
 *
 * @example
 * ```ts
 * import { Config, Effect } from "effect"
 * import { Webhooks } from "effect-workos"
 *
 * const receive = (rawBody: Uint8Array, signature: string | undefined) =>
 *   Effect.gen(function*() {
 *     const secret = yield* Config.redacted("WORKOS_WEBHOOK_SECRET")
 *     const event = yield* Webhooks.constructEvent(rawBody, signature, { secret })
 *     yield* Effect.log(`received ${event._tag}`)
 *   })
 * ```
 *
 * @since 0.2.0
 * @category verification
 */
export const constructEvent = (
  payload: Payload,
  header: string | null | undefined,
  options: VerifyOptions
): Effect.Effect<Event, WebhookError> => Effect.zipRight(verify(payload, header, options), decodeEvent(payload))

/**
 * Read a server request's raw body and signature header, verify them and decode the event.
 * For an `HttpApi` endpoint, call it on the `HttpServerRequest`.
 *
 * @since 0.2.0
 * @category server
 */
export const receive = (
  request: HttpServerRequest.HttpServerRequest,
  options: VerifyOptions
): Effect.Effect<Event, WebhookError | HttpServerError.RequestError> =>
  Effect.flatMap(
    request.arrayBuffer,
    (body) => constructEvent(new Uint8Array(body), request.headers[signatureHeader], options)
  )

/**
 * Where processed event ids are remembered, so a replayed delivery is ignored. `claim`
 * answers `true` the first time an id is claimed; `release` forgets a claim whose
 * processing failed, so WorkOS's retry is processed. The default keeps the last 100,000 ids
 * in memory; share one across replicas by providing your own (a table, Redis).
 *
 * @since 0.2.0
 * @category replay protection
 */
export class WebhookReplayStore extends Context.Tag("effect-workos/WebhookReplayStore")<WebhookReplayStore, {
  readonly claim: (eventId: string) => Effect.Effect<boolean>
  readonly release: (eventId: string) => Effect.Effect<void>
}>() {}

/**
 * An in-memory replay store remembering the last `capacity` event ids (default 100,000).
 *
 * @since 0.2.0
 * @category replay protection
 */
export const makeMemoryReplayStore = (capacity = 100_000): Context.Tag.Service<WebhookReplayStore> => {
  const ids = new Set<string>()
  return {
    claim: (eventId) =>
      Effect.sync(() => {
        if (ids.has(eventId)) return false
        ids.add(eventId)
        if (ids.size > capacity) ids.delete(ids.values().next().value!)
        return true
      }),
    release: (eventId) => Effect.sync(() => void ids.delete(eventId))
  }
}

/**
 * The in-memory {@link WebhookReplayStore} as a layer.
 *
 * @since 0.2.0
 * @category replay protection
 */
export const layerMemoryReplayStore = (capacity?: number): Layer.Layer<WebhookReplayStore> =>
  Layer.sync(WebhookReplayStore, () => makeMemoryReplayStore(capacity))

/**
 * A webhook endpoint for `HttpRouter`: reads the raw body, verifies it, skips event ids
 * already processed, and runs `onEvent`. Answers:
 *
 * - `200` when `onEvent` succeeded, or the event was already processed (a replay);
 * - `400` when the signature or the body is not valid (WorkOS does not sign such requests);
 * - `500` when `onEvent` failed or died: WorkOS delivers it again later, and the event is
 *   not marked processed.
 *
 * The replay store is the {@link WebhookReplayStore} in context, else one in memory per
 * handler.
 *
 * @example
 * ```ts
 * import { HttpRouter } from "@effect/platform"
 * import { Config, Effect } from "effect"
 * import { Webhooks } from "effect-workos"
 *
 * const routes = Effect.map(Config.redacted("WORKOS_WEBHOOK_SECRET"), (secret) =>
 *   HttpRouter.empty.pipe(
 *     HttpRouter.post(
 *       "/webhooks/workos",
 *       Webhooks.handler({ secret }, (event) => Effect.log(`${event._tag} ${event.id}`))
 *     )
 *   ))
 * ```
 *
 * @since 0.2.0
 * @category server
 */
export const handler = <E, R>(
  options: VerifyOptions,
  onEvent: (event: Event) => Effect.Effect<void, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest | R> => {
  const fallback = makeMemoryReplayStore()
  return Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const store = Option.getOrElse(yield* Effect.serviceOption(WebhookReplayStore), () => fallback)
    const received = yield* Effect.either(receive(request, options))
    if (received._tag === "Left") {
      const error = received.left
      yield* Effect.logWarning("WorkOS webhook refused").pipe(Effect.annotateLogs("reason", error._tag))
      return error._tag === "RequestError"
        ? HttpServerResponse.empty({ status: 400 })
        : HttpServerResponse.unsafeJson({ error: error._tag, message: error.message }, { status: 400 })
    }
    const event = received.right
    if (!(yield* store.claim(event.id))) return HttpServerResponse.empty({ status: 200 })
    const outcome = yield* Effect.exit(onEvent(event))
    if (outcome._tag === "Success") return HttpServerResponse.empty({ status: 200 })
    yield* store.release(event.id)
    yield* Effect.logError("WorkOS webhook handler failed; WorkOS will deliver it again", outcome.cause).pipe(
      Effect.annotateLogs({ event: event._tag, eventId: event.id })
    )
    return HttpServerResponse.empty({ status: 500 })
  })
}
