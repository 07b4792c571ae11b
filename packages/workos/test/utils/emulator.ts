/**
 * For the tests of the emulator seen through the SDK (`test/emulator/`): the emulator's
 * own test helpers (raw calls, and every response validated against the spec with ajv),
 * with a `WorkOSConfig` for the SDK. They are imported by path, not as a package, so the
 * emulator's tests and this package depend on each other in no direction.
 */
import { Layer } from "effect"
import { Emulator } from "effect-workos-emulator"
import * as Api from "../../../emulator/test/utils/api.js"
import * as WorkOSConfig from "../../src/WorkOSConfig.js"

export const api = Api.api

export const layer = (options: Emulator.Options = {}) =>
  Layer.merge(
    Api.layer(options),
    WorkOSConfig.layer({ ...Emulator.connection(options), retry: "none" }).pipe(Layer.orDie)
  )
