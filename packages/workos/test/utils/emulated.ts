/**
 * The emulator in process, configured for the SDK: the emulator serves the `HttpClient`
 * and the SDK gets a `WorkOSConfig` for its connection (no retries, so tests see failures
 * at once; override with `WorkOSConfig.withRequestOptions`). The emulator knows nothing of
 * the SDK; this is where the two meet.
 */
import { Layer } from "effect"
import { Emulator } from "effect-workos-emulator"
import * as WorkOSConfig from "../../src/WorkOSConfig.js"

export const emulated = (options: Emulator.Options = {}) =>
  Layer.merge(
    Emulator.layer(options),
    WorkOSConfig.layer({ ...Emulator.connection(options), retry: "none" }).pipe(Layer.orDie)
  )
