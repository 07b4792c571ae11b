/**
 * effect-workos: the Effect-native SDK for the WorkOS User Management API.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as Pagination from "./Pagination.js"

/** @since 0.1.0 */
export * as Users from "./Users.js"

/** @since 0.1.0 */
export * as WorkOSConfig from "./WorkOSConfig.js"

/** @since 0.1.0 */
export * as WorkOSError from "./WorkOSError.js"
