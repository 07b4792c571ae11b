/**
 * The in-process `HttpClient` (`Emulator.httpClient`): what a caller reads from it is what
 * a served emulator would send, whichever way the body is read.
 */
import { HttpClientRequest } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { Emulator } from "../src/index.js"

describe("Emulator.httpClient", () => {
  it.effect("a JSON answer reads the same as text, JSON, bytes and a stream; headers and status as sent", () =>
    Effect.gen(function*() {
      const emulator = Emulator.makeAt({}, Date.now())
      const client = Emulator.httpClient(emulator)
      const created = yield* client.execute(
        HttpClientRequest.post("http://emulator.test/user_management/users").pipe(
          HttpClientRequest.bearerToken(emulator.apiKey),
          HttpClientRequest.bodyUnsafeJson({ email: "ada@example.com", first_name: "Ada" })
        )
      )
      assert.strictEqual(created.status, 201)
      assert.strictEqual(created.headers["content-type"], "application/json")
      assert.match(created.headers["x-request-id"]!, /^req_/)
      const text = yield* created.text
      const json = yield* created.json
      assert.deepStrictEqual(JSON.parse(text), json)
      assert.strictEqual((json as { first_name: string }).first_name, "Ada")
      assert.strictEqual(new TextDecoder().decode(yield* created.arrayBuffer), text)
      const streamed = yield* Stream.runCollect(created.stream)
      const bytes = Chunk.toArray(streamed).flatMap((chunk) => Array.from(chunk))
      assert.strictEqual(new TextDecoder().decode(new Uint8Array(bytes)), text)
    }))

  it.effect("a request body sent as bytes arrives as sent; an empty answer is empty", () =>
    Effect.gen(function*() {
      const emulator = Emulator.makeAt({ users: [{ email: "grace@example.com" }] }, Date.now())
      const client = Emulator.httpClient(emulator)
      const id = emulator.userId("grace@example.com")!
      const updated = yield* client.execute(
        HttpClientRequest.put(`http://emulator.test/user_management/users/${id}`).pipe(
          HttpClientRequest.bearerToken(emulator.apiKey),
          HttpClientRequest.bodyUint8Array(
            new TextEncoder().encode(JSON.stringify({ last_name: "Hopper" })),
            "application/json"
          )
        )
      )
      assert.strictEqual(updated.status, 200)
      assert.strictEqual(((yield* updated.json) as { last_name: string }).last_name, "Hopper")
      const deleted = yield* client.execute(
        HttpClientRequest.del(`http://emulator.test/user_management/users/${id}`).pipe(
          HttpClientRequest.bearerToken(emulator.apiKey)
        )
      )
      assert.strictEqual(deleted.status, 200)
      assert.strictEqual(yield* deleted.text, "")
      assert.strictEqual(emulator.userId("grace@example.com"), undefined)
    }))
})
