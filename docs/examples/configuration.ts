/**
 * Configuring the SDK: from the environment, from values, and per call.
 */
import { FetchHttpClient } from "@effect/platform"
import { Config, Effect, Layer, Option } from "effect"
import { Users, WorkOSConfig } from "effect-workos"

// --- from-env
// WORKOS_API_KEY, WORKOS_CLIENT_ID, WORKOS_BASE_URL (optional), read when the layer is
// built, never at import time. Adds the platform's fetch client.
export const WorkOSLive = WorkOSConfig.layerFetch
// --- end

// --- explicit
export const WorkOSFromValues = Layer.merge(
  WorkOSConfig.layer({
    apiKey: "sk_test_123",
    clientId: "client_123",
    timeout: "10 seconds",
    retry: { maxRetries: 5 }
  }),
  FetchHttpClient.layer
)
// --- end

// --- required-key
// A server app that must have a secret key: make the Config required.
export const WorkOSServer = WorkOSConfig.layerConfig({
  apiKey: Config.redacted("WORKOS_API_KEY").pipe(Config.map(Option.some))
})
// --- end

// --- per-call
// On a login path, fail fast: no retries and 5 seconds per attempt.
export const fastLookup = (userId: string) =>
  Users.get(userId).pipe(WorkOSConfig.withRequestOptions({ retry: "none", timeout: "5 seconds" }))
// --- end

// --- rate-limits
// A nightly sync that lists every user: pace requests under WorkOS's published limits
// (1,000 reads and 500 writes per 10 s) instead of collecting 429s.
export const SyncWorkOS = Layer.merge(
  WorkOSConfig.layer({ apiKey: "sk_test_123", rateLimits: "documented" }),
  FetchHttpClient.layer
)

// Or your own share of them, when other services use the same key.
export const ShareOfLimits = WorkOSConfig.layer({
  apiKey: "sk_test_123",
  rateLimits: { reads: { limit: 300, window: "10 seconds" } }
})
// --- end

// --- undici
// On Node, undici's dispatcher is a faster transport than fetch (see docs/benchmarks.md).
import { NodeHttpClient } from "@effect/platform-node"

export const WorkOSOnUndici = Layer.merge(WorkOSConfig.layerConfig(), NodeHttpClient.layerUndici)
// --- end

export const program = Effect.void
