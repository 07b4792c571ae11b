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
export * as AuthorizedApplications from "./AuthorizedApplications.js"

/** @since 0.1.0 */
export * as ConnectedAccounts from "./ConnectedAccounts.js"

/** @since 0.1.0 */
export * as DeviceAuthorization from "./DeviceAuthorization.js"

/** @since 0.1.0 */
export * as EmailChange from "./EmailChange.js"

/** @since 0.1.0 */
export * as EmailVerification from "./EmailVerification.js"

/** @since 0.1.0 */
export * as CorsOrigins from "./CorsOrigins.js"

/** @since 0.1.0 */
export * as FeatureFlags from "./FeatureFlags.js"

/** @since 0.1.0 */
export * as Invitations from "./Invitations.js"

/** @since 0.1.0 */
export * as JwtTemplate from "./JwtTemplate.js"

/** @since 0.1.0 */
export * as MagicAuth from "./MagicAuth.js"

/** @since 0.1.0 */
export * as OrganizationMemberships from "./OrganizationMemberships.js"

/** @since 0.1.0 */
export * as Pagination from "./Pagination.js"

/** @since 0.1.0 */
export * as PasswordReset from "./PasswordReset.js"

/** @since 0.1.0 */
export * as RadarChallenges from "./RadarChallenges.js"

/** @since 0.1.0 */
export * as RedirectUris from "./RedirectUris.js"

/** @since 0.1.0 */
export * as SealedSession from "./SealedSession.js"

/** @since 0.1.0 */
export * as Server from "./Server.js"

/** @since 0.1.0 */
export * as Sessions from "./Sessions.js"

/** @since 0.1.0 */
export * as UserApiKeys from "./UserApiKeys.js"

/** @since 0.1.0 */
export * as Users from "./Users.js"

/** @since 0.1.0 */
export * as WorkOSConfig from "./WorkOSConfig.js"

/** @since 0.1.0 */
export * as WorkOSError from "./WorkOSError.js"
