/**
 * A webhook endpoint: verify WorkOS's signature on the raw body, apply each event once,
 * and let WorkOS retry what failed.
 */
import { HttpRouter, HttpServer } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { Config, Effect, Layer, type Redacted } from "effect"
import { type Events, Webhooks } from "effect-workos"
import { createServer } from "node:http"

// --- route
// The handler answers 200 once `onEvent` succeeded (or for a replay it already processed),
// 400 for a request WorkOS did not sign, and 500 when `onEvent` failed: WorkOS retries.
export const webhookRoutes = <E, R>(
  secret: Redacted.Redacted<string>,
  onEvent: (event: Events.Event) => Effect.Effect<void, E, R>
) => HttpRouter.empty.pipe(HttpRouter.post("/webhooks/workos", Webhooks.handler({ secret }, onEvent)))
// --- end

// --- serve
// The secret comes from WORKOS_WEBHOOK_SECRET (the endpoint's secret in the dashboard).
export const WebhookServerLive = <E>(
  port: number,
  onEvent: (event: Events.Event) => Effect.Effect<void, E>
) =>
  Layer.unwrapEffect(
    Effect.map(Config.redacted("WORKOS_WEBHOOK_SECRET"), (secret) =>
      HttpServer.serve(webhookRoutes(secret, onEvent)).pipe(
        Layer.provide(NodeHttpServer.layer(createServer, { port, host: "127.0.0.1" }))
      ))
  )
// --- end
