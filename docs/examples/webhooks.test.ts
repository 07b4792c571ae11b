/**
 * Webhooks end to end over loopback: the HTTP emulator delivers signed events to the
 * example endpoint; a 500 from the handler is retried; a replayed delivery is ignored.
 */
import { FetchHttpClient } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import { Users, WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import { createHmac } from "node:crypto"
import { freePort } from "./utils/ports.js"
import { WebhookServerLive } from "./webhooks.js"

const waitFor = (condition: () => boolean, what: string) =>
  Effect.gen(function*() {
    for (let i = 0; i < 500 && !condition(); i++) yield* Effect.sleep("20 millis")
    if (!condition()) return yield* Effect.dieMessage(`timed out waiting for ${what}`)
  })

describe("webhooks guide", () => {
  it.live(
    "the emulator delivers to the example endpoint; a failure is retried; a replay is ignored",
    () =>
      Effect.gen(function*() {
        const secret = "whsec_docs_example_secret"
        const emulator = yield* Effect.acquireRelease(
          Effect.promise(() => Emulator.listen()),
          (s) => Effect.promise(s.close)
        )
        const port = yield* Effect.promise(freePort)
        const processed: Array<string> = []
        const attempts = new Map<string, number>()
        const onEvent = (event: { readonly id: string; readonly _tag: string }) =>
          Effect.suspend(() => {
            const n = (attempts.get(event.id) ?? 0) + 1
            attempts.set(event.id, n)
            // The first delivery of the first user.created fails, as a database outage would.
            if (event._tag === "user.created" && processed.length === 0 && n === 1) return Effect.fail("db down")
            processed.push(`${event._tag} ${event.id}`)
            return Effect.void
          })
        yield* Layer.launch(WebhookServerLive(port, onEvent)).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["WORKOS_WEBHOOK_SECRET", secret]]))),
          Effect.forkScoped
        )

        // Register the endpoint through the emulator's control plane, as another process would.
        const registered = yield* Effect.promise(() =>
          fetch(`${emulator.url}/__emulator/webhook_endpoints`, {
            method: "POST",
            headers: { authorization: `Bearer ${emulator.emulator.apiKey}`, "content-type": "application/json" },
            body: JSON.stringify({
              endpoint_url: `http://127.0.0.1:${port}/webhooks/workos`,
              secret,
              events: ["user.created", "user.deleted"]
            })
          })
        )
        assert.strictEqual(registered.status, 201)

        const WorkOS = Layer.merge(
          WorkOSConfig.layer({ apiKey: emulator.emulator.apiKey, clientId: "client_emulator", baseUrl: emulator.url }),
          FetchHttpClient.layer
        )
        const user = yield* Users.create({ email: "hook@example.com" }).pipe(Effect.provide(WorkOS))
        yield* Users.delete(user.id).pipe(Effect.provide(WorkOS))

        // Both processed, and the emulator has read both answers.
        yield* waitFor(
          () => processed.length === 2 && emulator.emulator.webhookDeliveries().every((d) => d.state === "delivered"),
          "both events delivered"
        )
        const created = emulator.emulator.events().find((e) => e.event === "user.created")!
        const deleted = emulator.emulator.events().find((e) => e.event === "user.deleted")!
        // The retried user.created arrives after user.deleted: webhooks are not ordered.
        assert.deepStrictEqual(processed, [`user.deleted ${deleted.id}`, `user.created ${created.id}`])
        const deliveries = emulator.emulator.webhookDeliveries()
        assert.deepStrictEqual(deliveries.map((d) => [d.state, d.statuses]), [["delivered", [500, 200]], [
          "delivered",
          [200]
        ]])

        // Replay the delivered event with a fresh, valid signature: answered 200, not applied again.
        const body = JSON.stringify(created)
        const t = Date.now()
        const replay = yield* Effect.promise(() =>
          fetch(`http://127.0.0.1:${port}/webhooks/workos`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "workos-signature": `t=${t}, v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`
            },
            body
          })
        )
        assert.strictEqual(replay.status, 200)
        assert.strictEqual(attempts.get(created.id), 2)
        assert.strictEqual(processed.length, 2)
      }).pipe(Effect.scoped),
    { timeout: 30_000 }
  )
})
