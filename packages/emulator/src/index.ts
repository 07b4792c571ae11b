/**
 * effect-workos-emulator: an in-memory WorkOS User Management API for tests and demos.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Emulator from "./Emulator.js"
