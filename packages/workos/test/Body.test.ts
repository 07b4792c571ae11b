/**
 * How the pipeline reads a response's body on the platform's two Node transports
 * (`FetchHttpClient` and `NodeHttpClient.layerUndici`), over real loopback sockets: from
 * the transport's own response (see internal/body.ts), falling back to the platform's
 * `text`, and aborting the request when an attempt ends while the body is still arriving.
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Layer } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { Users, WorkOSConfig } from "../src/index.js"
import { dir } from "./utils/fixtures.js"
import { serve } from "./utils/loopback.js"

const apiKey = "sk_test_body"
const userBody = fs.readFileSync(path.join(dir, "user.json"), "utf8")
const userEmail: string = JSON.parse(userBody).email

/** A loopback server answering every request with the user fixture. */
const serveUser = serve((_, response) => {
  response.writeHead(200, { "content-type": "application/json" })
  response.end(userBody)
})

const transports = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["layerUndici", NodeHttpClient.layerUndici]
] as const

/** The transport's client with `wrap` around it (a user's middleware). */
const wrapped = (
  transport: Layer.Layer<HttpClient.HttpClient>,
  wrap: (client: HttpClient.HttpClient) => HttpClient.HttpClient
) => Layer.effect(HttpClient.HttpClient, Effect.map(HttpClient.HttpClient, wrap)).pipe(Layer.provide(transport))

/** The transport's client, every response it returns pushed onto `seen`. */
const recording = (transport: Layer.Layer<HttpClient.HttpClient>, seen: Array<unknown>) =>
  wrapped(transport, HttpClient.tap((response) => Effect.sync(() => seen.push(response))))

const config = (baseUrl: string, timeout: WorkOSConfig.Options["timeout"] = "10 seconds") =>
  WorkOSConfig.layer({ apiKey, baseUrl, retry: "none", timeout })

describe.each(transports)("bodies on %s", (_, transport) => {
  it.live("are read from the transport's response, without the platform's memoized text", () =>
    Effect.gen(function*() {
      const url = yield* serveUser
      const seen: Array<unknown> = []
      const client = recording(transport, seen)
      const user = yield* Users.get("user_1").pipe(Effect.provide(Layer.merge(config(url), client)))
      assert.strictEqual(user.email, userEmail)
      assert.strictEqual(seen.length, 1)
      // The platform builds its memo (`textBody`) on the first read of `text`; the body was
      // read all the same, from the response the transport made.
      const original = (seen[0] as { readonly original: { readonly textBody?: unknown } }).original
      assert.isUndefined(original.textBody)
    }).pipe(Effect.scoped))

  it.live("a body a middleware has read already is read again through the platform's text", () =>
    Effect.gen(function*() {
      const url = yield* serveUser
      const client = wrapped(transport, HttpClient.tap((response) => response.text))
      const user = yield* Users.get("user_1").pipe(Effect.provide(Layer.merge(config(url), client)))
      assert.strictEqual(user.email, userEmail)
    }).pipe(Effect.scoped))

  it.live("a response a middleware made itself is read through its text", () =>
    Effect.gen(function*() {
      const url = yield* serveUser
      // A cache in front of the transport, say: its response is not one `HttpClient.make`
      // wrapped, so the SDK has no transport response to read from.
      const client = wrapped(
        transport,
        HttpClient.transformResponse(Effect.flatMap((response) =>
          Effect.map(response.text, (text) => HttpClientResponse.fromWeb(response.request, new Response(text)))
        ))
      )
      const user = yield* Users.get("user_1").pipe(Effect.provide(Layer.merge(config(url), client)))
      assert.strictEqual(user.email, userEmail)
    }).pipe(Effect.scoped))

  it.live("a body that stops arriving times out, and the request is aborted", () =>
    Effect.gen(function*() {
      const closed = yield* Deferred.make<void>()
      const url = yield* serve((request, response) => {
        request.socket.on("close", () => Deferred.unsafeDone(closed, Effect.void))
        response.writeHead(200, { "content-type": "application/json" })
        response.write(userBody.slice(0, 20))
      })
      const error = yield* Effect.flip(
        Users.get("user_1").pipe(Effect.provide(Layer.merge(config(url, "300 millis"), transport)))
      )
      assert.strictEqual(error._tag, "WorkOSTimeout")
      // The connection is closed by the client, not left to read a body nobody waits for.
      yield* Deferred.await(closed).pipe(
        Effect.timeoutFail({ duration: "5 seconds", onTimeout: () => "the connection was left open" })
      )
    }).pipe(Effect.scoped))

  it.live("a connection that breaks inside the body is a transport error that says so", () =>
    Effect.gen(function*() {
      const url = yield* serve((_, response) => {
        response.writeHead(200, { "content-type": "application/json", "x-request-id": "req_broken" })
        response.write(userBody.slice(0, 20), () => response.socket?.destroy())
      })
      const error = yield* Effect.flip(Users.get("user_1").pipe(Effect.provide(Layer.merge(config(url), transport))))
      assert.strictEqual(error._tag, "WorkOSTransportError")
      if (error._tag !== "WorkOSTransportError") return
      assert.strictEqual(error.requestId, "req_broken")
      assert.include(error.message, "Failed to read the response body")
    }).pipe(Effect.scoped))
})

describe("undici's body once read", () => {
  it.live("keeps no listener but a no-op error handler, so a late error is not unhandled", () =>
    Effect.gen(function*() {
      const url = yield* serveUser
      const seen: Array<unknown> = []
      const client = recording(NodeHttpClient.layerUndici, seen)
      const user = yield* Users.get("user_1").pipe(Effect.provide(Layer.merge(config(url), client)))
      assert.strictEqual(user.email, userEmail)
      const body = (seen[0] as { readonly original: { readonly source: { readonly body: NodeJS.EventEmitter } } })
        .original.source.body
      // The listeners left on a read body kept each response reachable through V8's minor
      // collections (see internal/body.ts).
      assert.deepStrictEqual(body.eventNames(), ["error"])
      assert.strictEqual(body.listenerCount("error"), 1)
      assert.doesNotThrow(() => body.emit("error", new Error("late")))
    }).pipe(Effect.scoped))
})
