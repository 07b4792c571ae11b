/**
 * Several replicas of the example server: one session refresh and one rate limit across
 * them, through Redis.
 */
import { FetchHttpClient, HttpApiBuilder } from "@effect/platform"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Config, Effect, Layer, Stream } from "effect"
import { SealedSession, Users, WorkOSConfig } from "effect-workos"
import { RedisCoordination } from "effect-workos-redis"
import { createServer } from "node:http"
import { AppLive } from "./server.js"

// --- layers
// Every replica builds its SDK layers with the Redis coordination (REDIS_URL): the session
// service and the configuration read it when they are built.
const Coordinated = RedisCoordination.layerConfig()
export const WorkOSLive = WorkOSConfig.layerConfig({ rateLimits: "documented" }).pipe(Layer.provide(Coordinated))
export const SessionsLive = SealedSession.layerConfig().pipe(Layer.provide(Coordinated))
// --- end

// --- replica
// One replica: the example app (its session service included) with the coordination.
export const ReplicaLive = (port: number) =>
  HttpApiBuilder.serve().pipe(
    Layer.provide(AppLive(`http://127.0.0.1:${port}/auth/callback`)),
    Layer.provide(Coordinated),
    Layer.provide(Layer.merge(WorkOSLive, FetchHttpClient.layer)),
    Layer.provide(NodeHttpServer.layer(createServer, { port, host: "127.0.0.1" }))
  )
// --- end

// --- job
// A bulk job run by several processes at once: they share WorkOS's rate limit, so together
// they never draw a 429.
export const countUsers = (readsPer2Seconds: number) =>
  Users.list().pipe(
    Stream.runCount,
    Effect.provide(
      Layer.merge(
        WorkOSConfig.layerConfig({ rateLimits: { reads: { limit: readsPer2Seconds, window: "2 seconds" } } }),
        FetchHttpClient.layer
      ).pipe(Layer.provide(Coordinated))
    )
  )
// --- end

// Run as a process: `node --import tsx docs/examples/scaling.ts serve|count` (the tests run
// it bundled, as `…-scaling.mjs`).
if (/scaling\.(ts|mjs)$/.test(process.argv[1] ?? "")) {
  const mode = process.argv[2] ?? "serve"
  const program: Effect.Effect<void, unknown> = mode === "count"
    ? Effect.gen(function*() {
      // START_AT (milliseconds since the epoch) lines up processes started one after another.
      const startAt = yield* Config.integer("START_AT").pipe(Config.withDefault(0))
      yield* Effect.sleep(Math.max(0, startAt - Date.now()))
      const count = yield* countUsers(yield* Config.integer("READS_PER_2_SECONDS"))
      console.log(`counted ${count}`)
    })
    : Effect.flatMap(Config.port("PORT"), (port) =>
      Effect.scoped(
        Layer.build(ReplicaLive(port)).pipe(
          Effect.zipRight(Effect.sync(() => console.log("listening"))),
          Effect.zipRight(Effect.never)
        )
      ))
  NodeRuntime.runMain(program)
}
