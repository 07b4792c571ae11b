/**
 * This SDK, as an Effect program would use it: one runtime built from the layers, the
 * work as one effect.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Duration, Effect, Layer, ManagedRuntime, Stream } from "effect"
import { AccessToken, Authentication, SealedSession, Users, WorkOSConfig } from "effect-workos"
import { type Contestant, signIn, someUserIds, unsupported } from "./types.js"

const cookiePassword = "bench-cookie-password-at-least-32-characters"

export const make: Contestant = async (task, variant) => {
  const config = WorkOSConfig.layer({
    apiKey: task.server.apiKey,
    clientId: task.server.clientId,
    baseUrl: task.server.url,
    ...((variant === "ratelimit" || variant === "shared") && task.params.rateLimit !== undefined
      ? { rateLimits: { reads: { limit: task.params.rateLimit, window: Duration.millis(task.params.rateWindowMs!) } } }
      : {})
  }).pipe(
    // Variant `shared` (scenario 9): the window is counted in Redis across processes.
    Layer.provide(
      variant === "shared" && task.redisUrl !== undefined
        ? (await import("effect-workos-redis")).RedisCoordination.layer({ url: task.redisUrl })
        : Layer.empty
    )
  )
  // Variant `capped` (scenario 2) is the default run in a worker with a lower heap limit.
  // The transport: the platform's fetch client (the SDK's `layerFetch`), or undici's
  // dispatcher through @effect/platform-node (variant `undici`).
  // Each is imported only by the variants that use it, as in an app configured that way:
  // a module loaded and never used still counts in scenario 2's heap (V8 lets garbage grow
  // to a multiple of the live heap before a full GC; see NOTES.md).
  const transport = variant.includes("undici")
    ? (await import("@effect/platform-node/NodeHttpClient")).layerUndici
    : FetchHttpClient.layer
  const base = Layer.merge(config, transport)
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(
      base,
      AccessToken.layer().pipe(Layer.provide(base)),
      SealedSession.layer({ cookiePassword }).pipe(Layer.provide(base))
    )
  )
  const close = () => runtime.dispose()
  const prefetch = /prefetch(\d+)/.exec(variant)?.[1]
    ? Number(/prefetch(\d+)/.exec(variant)![1])
    : undefined

  const list = (progress: (items: number) => void, consumeMs: number, maxPages?: number) => {
    let items = 0
    let requests = 0
    const users = Users.list({}, prefetch === undefined ? undefined : { prefetch })
    return runtime.runPromise(
      (maxPages === undefined ? users : Stream.take(users, maxPages * 100)).pipe(
        Stream.runForEachChunk((chunk) => {
          items += chunk.length
          requests++
          progress(items)
          return consumeMs > 0 ? Effect.sleep(Duration.millis(consumeMs)) : Effect.void
        }),
        Effect.map(() => ({ items, requests })),
        Effect.catchAll((error) => Effect.succeed({ items, requests, failures: 1, note: error._tag }))
      )
    )
  }

  switch (task.scenario) {
    case "s1":
    case "s2":
    case "s7":
    case "s9":
      return {
        warmup: task.scenario === "s7" || task.scenario === "s9"
          ? undefined
          : () => list(() => {}, 0, 3).then(() => {}),
        run: (progress) => list(progress, 0),
        close
      }
    case "s3":
      return { run: (progress) => list(progress, task.params.consumeMs!), close }
    case "s4": {
      const ids = await someUserIds(task)
      const calls = (n: number) =>
        runtime.runPromise(Effect.gen(function*() {
          for (let i = 0; i < n; i++) yield* Users.get(ids[i % ids.length]!)
          return { items: n, requests: n }
        }))
      return { warmup: () => calls(200).then(() => {}), run: () => calls(task.params.calls!), close }
    }
    case "s5": {
      const n = task.params.verifications!
      if (variant === "session") {
        // What a request handler does: open the cookie and verify its access token.
        const cookie = await runtime.runPromise(
          Effect.flatMap(
            Authentication.withPassword({ email: task.passwordUser.email, password: task.passwordUser.password }),
            (response) => Effect.flatMap(SealedSession.SessionManager, (manager) => manager.seal(response))
          )
        )
        const checks = (count: number) =>
          runtime.runPromise(Effect.gen(function*() {
            const manager = yield* SealedSession.SessionManager
            for (let i = 0; i < count; i++) yield* manager.authenticate(cookie)
          }))
        return {
          warmup: () => checks(500),
          run: () => checks(n).then(() => ({ items: n, requests: 0 })),
          close
        }
      }
      const token = await signIn(task)
      const verifications = (count: number) =>
        runtime.runPromise(Effect.gen(function*() {
          for (let i = 0; i < count; i++) yield* AccessToken.verify(token)
        }))
      return {
        warmup: () => verifications(500),
        run: () => verifications(n).then(() => ({ items: n, requests: 0 })),
        close
      }
    }
    default:
      return unsupported(task, "effect-workos")
  }
}
