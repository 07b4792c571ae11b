/**
 * effect-workos-emulator: an in-memory WorkOS User Management API for tests and demos.
 *
 * @since 0.1.0
 */

/**
 * The emulator: create one, use it in process as a layer, or serve it over HTTP.
 *
 * @since 0.1.0
 */
export * as Emulator from "./Emulator.js"

/**
 * A running emulator: seed it, read its outbox, script faults, save and restore its state.
 *
 * @since 0.2.0
 */
export * as EmulatorInstance from "./EmulatorInstance.js"
