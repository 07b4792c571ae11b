import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Effect } from "effect"
import { Emulator } from "../../src/index.js"
import { validateExchange } from "./spec.js"

/** The emulator in process, with every response it sends validated against the spec. */
export const layer = (options: Emulator.Options = {}) => Emulator.layer({ ...options, onExchange: validateExchange })

export interface RawResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: any
}

/** A raw call to the emulator (for endpoints tested below the SDK). */
export const api = (
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  options: { readonly body?: unknown; readonly query?: Record<string, string>; readonly auth?: boolean } = {}
): Effect.Effect<RawResponse, never, HttpClient.HttpClient | Emulator.Emulator> =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const emulator = yield* Emulator.Emulator
    let request = HttpClientRequest.make(method)(`${emulator.baseUrl}${path}`, { urlParams: options.query ?? {} })
    if (options.auth !== false) request = HttpClientRequest.bearerToken(request, emulator.apiKey)
    if (options.body !== undefined) request = HttpClientRequest.bodyUnsafeJson(request, options.body)
    const response = yield* client.execute(request)
    const text = yield* response.text
    return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) }
  }).pipe(Effect.orDie)

/** The current emulator, for seeding and reading the outbox. */
export const emulator = Emulator.Emulator

export const withEmulator = <A, E, R>(options: Emulator.Options, self: Effect.Effect<A, E, R>) =>
  Effect.provide(self, layer(options))
