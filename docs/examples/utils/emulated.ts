/**
 * The emulator in process with a `WorkOSConfig` for it, as `testing.md` shows: what the
 * docs' example tests run against.
 */
import { Layer } from "effect"
import { WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"

export const emulated = (options: Emulator.Options = {}) =>
  Layer.merge(
    Emulator.layer(options),
    WorkOSConfig.layer({ ...Emulator.connection(options), retry: "none" }).pipe(Layer.orDie)
  )
