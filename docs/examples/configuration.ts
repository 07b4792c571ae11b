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

export const program = Effect.void
