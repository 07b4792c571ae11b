/**
 * URLs the browser visits: AuthKit / SSO / OAuth authorization (with PKCE), logout, and
 * the JWKS. Pure: no network, no Node-only APIs (PKCE uses WebCrypto), so it runs on edge
 * runtimes. Each needs only `WorkOSConfig` (base URL and client id).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { invalidRequest, requireClientId } from "./internal/http.js"
import { sha256 } from "./internal/secret.js"
import { WorkOSConfig } from "./WorkOSConfig.js"
import type { WorkOSInvalidRequest } from "./WorkOSError.js"

/**
 * Where the user signs in: AuthKit, or an OAuth provider directly.
 *
 * @since 0.1.0
 * @category models
 */
export type Provider =
  | "authkit"
  | "AppleOAuth"
  | "BitbucketOAuth"
  | "GitHubOAuth"
  | "GitLabOAuth"
  | "GoogleOAuth"
  | "IntuitOAuth"
  | "LinkedInOAuth"
  | "MicrosoftOAuth"
  | "SalesforceOAuth"
  | "SlackOAuth"
  | "VercelMarketplaceOAuth"
  | "VercelOAuth"
  | "XeroOAuth"
  | (string & {})

/**
 * Options of {@link make}. Give exactly one of `provider`, `connectionId` and
 * `organizationId`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly redirectUri: string
  readonly provider?: Provider | undefined
  readonly connectionId?: string | undefined
  readonly organizationId?: string | undefined
  /** Overrides `WorkOSConfig`'s client id. */
  readonly clientId?: string | undefined
  /** Echoed back to the redirect URI: bind it to the user's browser session (CSRF). */
  readonly state?: string | undefined
  /** AuthKit only: open the sign-up or the sign-in screen. */
  readonly screenHint?: "sign-up" | "sign-in" | undefined
  readonly loginHint?: string | undefined
  readonly domainHint?: string | undefined
  readonly prompt?: string | undefined
  readonly maxAge?: number | undefined
  /** Extra OAuth scopes for the provider, sent comma-separated. */
  readonly providerScopes?: ReadonlyArray<string> | undefined
  /** Extra query parameters for the provider, sent as `provider_query_params[key]=value`. */
  readonly providerQueryParams?: Readonly<Record<string, string>> | undefined
  readonly invitationToken?: string | undefined
  /** The PKCE challenge (S256); see {@link makeWithPkce}. */
  readonly codeChallenge?: string | undefined
}

const invalid = (path: string, message: string, field: string) =>
  invalidRequest({ method: "GET", path }, message, field)

const clientIdOf = (config: WorkOSConfig["Type"], path: string, override: string | undefined) =>
  requireClientId(config, override, { method: "GET", path })

const authorizePath = "/user_management/authorize"

/**
 * The authorization URL to redirect the browser to.
 *
 * @example
 * ```ts
 * import { AuthorizationUrl } from "effect-workos"
 *
 * const url = AuthorizationUrl.make({ provider: "authkit", redirectUri: "https://app.example.com/callback", state: "s1" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<string, WorkOSInvalidRequest, WorkOSConfig> =>
  Effect.gen(function*() {
    const config = yield* WorkOSConfig
    const clientId = yield* clientIdOf(config, authorizePath, options.clientId)
    const selectors = [options.provider, options.connectionId, options.organizationId].filter((v) => v !== undefined)
    if (selectors.length !== 1) {
      return yield* Effect.fail(
        invalid(authorizePath, "Give exactly one of provider, connectionId and organizationId", "provider")
      )
    }
    let redirect: URL
    try {
      redirect = new URL(options.redirectUri)
    } catch {
      return yield* Effect.fail(invalid(authorizePath, "redirectUri must be an absolute URL", "redirectUri"))
    }
    if (options.screenHint !== undefined && options.provider !== "authkit") {
      return yield* Effect.fail(invalid(authorizePath, "screenHint only applies to provider \"authkit\"", "screenHint"))
    }
    if (options.maxAge !== undefined && (!Number.isInteger(options.maxAge) || options.maxAge < 0)) {
      return yield* Effect.fail(invalid(authorizePath, "maxAge must be a non-negative integer", "maxAge"))
    }
    const url = new URL(config.baseUrl + authorizePath)
    const set = (key: string, value: string | undefined) => {
      if (value !== undefined) url.searchParams.set(key, value)
    }
    set("client_id", clientId)
    set("redirect_uri", redirect.href)
    set("response_type", "code")
    set("provider", options.provider)
    set("connection_id", options.connectionId)
    set("organization_id", options.organizationId)
    set("state", options.state)
    set("screen_hint", options.screenHint)
    set("login_hint", options.loginHint)
    set("domain_hint", options.domainHint)
    set("prompt", options.prompt)
    set("max_age", options.maxAge === undefined ? undefined : String(options.maxAge))
    set("invitation_token", options.invitationToken)
    if (options.providerScopes !== undefined && options.providerScopes.length > 0) {
      set("provider_scopes", options.providerScopes.join(","))
    }
    for (const [key, value] of Object.entries(options.providerQueryParams ?? {})) {
      url.searchParams.set(`provider_query_params[${key}]`, value)
    }
    if (options.codeChallenge !== undefined) {
      set("code_challenge", options.codeChallenge)
      set("code_challenge_method", "S256")
    }
    return url.href
  })

/**
 * A PKCE verifier and its S256 challenge. Keep the verifier (it is a secret) for the code
 * exchange; send the challenge in the authorization URL.
 *
 * @since 0.1.0
 * @category models
 */
export interface Pkce {
  readonly codeVerifier: Redacted.Redacted<string>
  readonly codeChallenge: string
  readonly codeChallengeMethod: "S256"
}

const unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

const base64Url = (bytes: Uint8Array) => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

/**
 * The S256 challenge of a verifier.
 *
 * @since 0.1.0
 * @category pkce
 */
export const challengeOf = (codeVerifier: string): Effect.Effect<string> => Effect.map(sha256(codeVerifier), base64Url)

/**
 * Make a PKCE pair: a verifier of `length` (43 to 128, default 64) characters from the
 * unreserved alphabet, drawn from the platform's CSPRNG, and its S256 challenge.
 *
 * @since 0.1.0
 * @category pkce
 */
export const pkce = (length = 64): Effect.Effect<Pkce> =>
  Effect.suspend(() => {
    const size = Math.min(128, Math.max(43, Math.floor(length)))
    const bytes = crypto.getRandomValues(new Uint8Array(size))
    // 256 is not a multiple of the alphabet size: bytes past the last full multiple are
    // rejected so every character is equally likely.
    let verifier = ""
    let pool = bytes
    let i = 0
    while (verifier.length < size) {
      if (i >= pool.length) {
        pool = crypto.getRandomValues(new Uint8Array(size))
        i = 0
      }
      const byte = pool[i++]!
      if (byte < 256 - (256 % unreserved.length)) verifier += unreserved[byte % unreserved.length]
    }
    return Effect.map(challengeOf(verifier), (codeChallenge) => ({
      codeVerifier: Redacted.make(verifier),
      codeChallenge,
      codeChallengeMethod: "S256" as const
    }))
  })

/**
 * An authorization URL with a fresh PKCE pair and, unless given, a random `state`.
 * Store `codeVerifier` and `state` (e.g. in a short-lived sealed cookie) for the callback.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeWithPkce = (
  options: Omit<Options, "codeChallenge">
): Effect.Effect<
  { readonly url: string; readonly codeVerifier: Redacted.Redacted<string>; readonly state: string },
  WorkOSInvalidRequest,
  WorkOSConfig
> =>
  Effect.gen(function*() {
    const pair = yield* pkce()
    const state = options.state ?? base64Url(crypto.getRandomValues(new Uint8Array(16)))
    const url = yield* make({ ...options, state, codeChallenge: pair.codeChallenge })
    return { url, codeVerifier: pair.codeVerifier, state }
  })

/**
 * The URL that ends a session in the browser (`sid` claim of the access token) and
 * returns to `returnTo`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const logoutUrl = (options: {
  readonly sessionId: string
  readonly returnTo?: string | undefined
}): Effect.Effect<string, WorkOSInvalidRequest, WorkOSConfig> =>
  Effect.gen(function*() {
    const path = "/user_management/sessions/logout"
    if (options.sessionId === "") return yield* Effect.fail(invalid(path, "sessionId must not be empty", "sessionId"))
    const config = yield* WorkOSConfig
    const url = new URL(config.baseUrl + path)
    url.searchParams.set("session_id", options.sessionId)
    if (options.returnTo !== undefined) url.searchParams.set("return_to", options.returnTo)
    return url.href
  })

/**
 * The JWKS URL of a client (default: `WorkOSConfig`'s).
 *
 * @since 0.1.0
 * @category constructors
 */
export const jwksUrl = (clientId?: string): Effect.Effect<string, WorkOSInvalidRequest, WorkOSConfig> =>
  Effect.gen(function*() {
    const config = yield* WorkOSConfig
    const id = yield* clientIdOf(config, "/sso/jwks/{clientId}", clientId)
    return `${config.baseUrl}/sso/jwks/${encodeURIComponent(id)}`
  })
