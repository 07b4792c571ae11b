/**
 * effect-workos: the Effect-native SDK for the WorkOS User Management API.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
export * as AccessToken from "./AccessToken.js"

/** @since 0.1.0 */
export * as Authentication from "./Authentication.js"

/** @since 0.1.0 */
export * as AuthFactors from "./AuthFactors.js"

/** @since 0.1.0 */
export * as AuthorizationUrl from "./AuthorizationUrl.js"

/** @since 0.1.0 */
export * as DeviceAuthorization from "./DeviceAuthorization.js"

/** @since 0.1.0 */
export * as MagicAuth from "./MagicAuth.js"

/** @since 0.1.0 */
export * as Pagination from "./Pagination.js"

/** @since 0.1.0 */
export * as Users from "./Users.js"

/** @since 0.1.0 */
export * as WorkOSConfig from "./WorkOSConfig.js"

/** @since 0.1.0 */
export * as WorkOSError from "./WorkOSError.js"
