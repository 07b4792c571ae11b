/**
 * Cloudflare Workers (and other runtimes without `process.env`): the configuration comes
 * from the Worker's bindings.
 */
// --- worker
import { FetchHttpClient } from "@effect/platform"
import { ConfigProvider, Effect, Layer } from "effect"
import { Users, WorkOSConfig } from "effect-workos"

// Secrets and vars from wrangler.toml / `wrangler secret put`.
export interface Env {
  readonly WORKOS_API_KEY: string
  readonly WORKOS_CLIENT_ID: string
  // Unset in production; the emulator's URL in tests.
  readonly WORKOS_BASE_URL?: string
}

// Workers have no process.env: build the layer from the bindings of the request.
const WorkOSLive = (env: Env) =>
  Layer.merge(
    WorkOSConfig.layer({ apiKey: env.WORKOS_API_KEY, clientId: env.WORKOS_CLIENT_ID, baseUrl: env.WORKOS_BASE_URL }),
    FetchHttpClient.layer
  )

const userEmail = (userId: string) =>
  Users.get(userId).pipe(
    Effect.map((user) => Response.json({ email: user.email })),
    Effect.catchTag("WorkOSNotFound", () => Effect.succeed(new Response("no such user", { status: 404 })))
  )

export default {
  fetch: (request: Request, env: Env): Promise<Response> =>
    userEmail(new URL(request.url).pathname.slice(1)).pipe(
      Effect.provide(WorkOSLive(env)),
      Effect.catchAll(() => Effect.succeed(new Response("WorkOS is unavailable", { status: 503 }))),
      Effect.runPromise
    )
}
// --- end

// --- provider
// Or keep the environment-based layer and read the bindings through a ConfigProvider:
// WORKOS_API_KEY, WORKOS_CLIENT_ID and WORKOS_BASE_URL come from `env` instead of process.env.
export const withBindings = (env: Env) => <A, E>(program: Effect.Effect<A, E, Users.Requirements>) =>
  program.pipe(
    Effect.provide(WorkOSConfig.layerFetch),
    Effect.withConfigProvider(ConfigProvider.fromJson(env))
  )
// --- end
