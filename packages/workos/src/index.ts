/**
 * effect-workos: the Effect-native SDK for the WorkOS User Management API.
 *
 * @since 0.1.0
 */

/**
 * Verify WorkOS access tokens (RS256 JWTs) with jose against the client's JWKS.
 *
 * @since 0.1.0
 */
export * as AccessToken from "./AccessToken.js"

/**
 * Sign users in: every grant of `POST /user_management/authenticate`, each with its own
 * input and its own error type.
 *
 * @since 0.1.0
 */
export * as Authentication from "./Authentication.js"

/**
 * Multi-factor authentication factors of a user: enrol a TOTP factor, list factors, and
 * challenge a factor (what follows an `MfaChallengeRequired` step).
 *
 * @since 0.1.0
 */
export * as AuthFactors from "./AuthFactors.js"

/**
 * URLs the browser visits: AuthKit / SSO / OAuth authorization (with PKCE), logout, and
 * the JWKS. Pure: no network, no Node-only APIs (PKCE uses WebCrypto), so it runs on edge
 * runtimes. Each needs only `WorkOSConfig` (base URL and client id).
 *
 * @since 0.1.0
 */
export * as AuthorizationUrl from "./AuthorizationUrl.js"

/**
 * Connect (OAuth) applications a user has authorized.
 *
 * @since 0.1.0
 */
export * as AuthorizedApplications from "./AuthorizedApplications.js"

/**
 * Connected accounts (Pipes): a user's credentials for a third-party data provider, and
 * the providers available to them.
 *
 * @since 0.1.0
 */
export * as ConnectedAccounts from "./ConnectedAccounts.js"

/**
 * The OAuth device flow, for CLIs and TVs: {@link start} shows the user a code, then
 * {@link poll} waits until they approve it on another device.
 *
 * @since 0.1.0
 */
export * as DeviceAuthorization from "./DeviceAuthorization.js"

/**
 * Change a user's email address: send a code to the new address, then confirm it.
 *
 * @since 0.1.0
 */
export * as EmailChange from "./EmailChange.js"

/**
 * Email verification: send a code to the user's address, then confirm it.
 *
 * @since 0.1.0
 */
export * as EmailVerification from "./EmailVerification.js"

/**
 * What server replicas share: one session refresh per refresh token, and one rate-limit
 * window. In-process by default; `effect-workos-redis` shares them through Redis.
 *
 * @since 0.2.0
 */
export * as Coordination from "./Coordination.js"

/**
 * Origins allowed to call AuthKit from the browser.
 *
 * @since 0.1.0
 */
export * as CorsOrigins from "./CorsOrigins.js"

/**
 * Events: what changed in your WorkOS environment, in order. List them, or follow them
 * forever from a saved cursor to keep your own user store in sync.
 *
 * @since 0.2.0
 */
export * as Events from "./Events.js"

/**
 * Feature flags enabled for a user (directly or through their organizations).
 *
 * @since 0.1.0
 */
export * as FeatureFlags from "./FeatureFlags.js"

/**
 * Invitations to sign up (and join an organization).
 *
 * @since 0.1.0
 */
export * as Invitations from "./Invitations.js"

/**
 * The access-token JWT template: a Liquid template of custom claims.
 *
 * @since 0.1.0
 */
export * as JwtTemplate from "./JwtTemplate.js"

/**
 * Magic auth: email a one-time code, then sign in with
 * `Authentication.withMagicAuth`.
 *
 * @since 0.1.0
 */
export * as MagicAuth from "./MagicAuth.js"

/**
 * Organization memberships: which users belong to which organizations, with which roles.
 *
 * @since 0.1.0
 */
export * as OrganizationMemberships from "./OrganizationMemberships.js"

/**
 * Organizations: create, get, update, delete and list them, with their domains and
 * metadata.
 *
 * @since 0.2.0
 */
export * as Organizations from "./Organizations.js"

/**
 * Cursor pagination as WorkOS does it: `limit`, `before`, `after`, `order` on the
 * request, `list_metadata { before, after }` on the response.
 *
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"

/**
 * Password resets: email a reset link, then set the new password with its token.
 *
 * @since 0.1.0
 */
export * as PasswordReset from "./PasswordReset.js"

/**
 * Radar challenges: send the SMS of an `sms_sign_up` challenge, and read an email
 * challenge.
 *
 * @since 0.1.0
 */
export * as RadarChallenges from "./RadarChallenges.js"

/**
 * Redirect URIs of the environment.
 *
 * @since 0.1.0
 */
export * as RedirectUris from "./RedirectUris.js"

/**
 * Sealed session cookies, compatible with the official Node SDK's, and the session
 * service servers use: authenticate a cookie, refresh it (once, however many requests
 * ask at the same time), build its logout URL.
 *
 * @since 0.1.0
 */
export * as SealedSession from "./SealedSession.js"

/**
 * WorkOS sign-in for Effect servers (`@effect/platform`): a session middleware for
 * `HttpApi` (cookie or Bearer token), the same for `HttpRouter` routes, and AuthKit
 * routes (login, callback, logout) ready to mount.
 *
 * @since 0.1.0
 */
export * as Server from "./Server.js"

/**
 * A user's sessions: list them, revoke one. (The browser logout URL is
 * `AuthorizationUrl.logoutUrl`.)
 *
 * @since 0.1.0
 */
export * as Sessions from "./Sessions.js"

/**
 * API keys a user owns in an organization. The key's value is shown only when it is
 * created, as `Redacted`.
 *
 * @since 0.1.0
 */
export * as UserApiKeys from "./UserApiKeys.js"

/**
 * Users: list, get, create, update, delete, identities.
 *
 * @since 0.1.0
 */
export * as Users from "./Users.js"

/**
 * Configuration of the SDK: credentials, base URL, timeout and retry policy.
 *
 * @since 0.1.0
 */
export * as WorkOSConfig from "./WorkOSConfig.js"

/**
 * Every error the SDK can put in an effect's error channel.
 *
 * @since 0.1.0
 */
export * as WorkOSError from "./WorkOSError.js"

/**
 * Webhooks: verify the `WorkOS-Signature` of the exact bytes received, decode the event,
 * and serve an endpoint with replay protection.
 *
 * @since 0.2.0
 */
export * as Webhooks from "./Webhooks.js"
