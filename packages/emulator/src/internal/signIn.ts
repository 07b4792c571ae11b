/**
 * A sign-in between its first grant and its session: the steps WorkOS asks for, in its
 * order (Radar, email verification, SSO and allowed methods, MFA, organization
 * selection), each a pending token a later grant resumes; authorization codes; and the
 * hosted login page's requests.
 *
 * @internal
 */
import { codeError, type EmulatorResponse, HttpError, oauthError, type UserRecord } from "./core.js"
import type { Client, Tokens } from "./tokens.js"
import { userJson } from "./wire.js"
import type { World } from "./world.js"

/** @internal */
export type Step = "radar" | "email" | "mfa" | "organization"

/** @internal */
export interface PendingAuthentication {
  readonly token: string
  readonly userId: string
  readonly method: string
  readonly expiresAt: number
  readonly passed: ReadonlySet<Step>
  readonly organizationId: string | undefined
  readonly emailVerificationId: string | undefined
  readonly radarChallengeId: string | undefined
  readonly radarKind: "email" | "sms" | undefined
  /** The hosted sign-in (login page) this belongs to: it ends with a redirect, not tokens. */
  readonly hosted: string | undefined
  used: boolean
}

/** An authorization request the hosted login page is answering. @internal */
export interface HostedRequest {
  readonly id: string
  readonly redirectUri: string
  readonly state: string | null
  readonly codeChallenge: string | undefined
  /** `authkit`, an OAuth provider (`GoogleOAuth`, …), or `SSO` for a connection or organization. */
  readonly provider: string
  readonly organizationId: string | undefined
  readonly expiresAt: number
}

/** @internal */
export interface AuthorizationCode {
  readonly code: string
  readonly userId: string
  readonly redirectUri: string | undefined
  readonly codeChallenge: string | undefined
  readonly method: string
  readonly organizationId: string | undefined
  readonly impersonator: { email: string; reason: string | null } | undefined
  /** Issued by the hosted login page after every step: the exchange asks for none. */
  readonly completed: boolean
  readonly expiresAt: number
  used: boolean
}

/** @internal */
export class SignIns {
  readonly pending = new Map<string, PendingAuthentication>()
  readonly codes = new Map<string, AuthorizationCode>()
  /** Authorization requests the hosted login page is answering, by id. */
  readonly hostedRequests = new Map<string, HostedRequest>()

  constructor(private readonly world: World, private readonly tokens: Tokens) {}

  /** Sign-ins in flight end (a snapshot is restored). */
  clear(): void {
    this.pending.clear()
    this.codes.clear()
    this.hostedRequests.clear()
  }

  /** An authorization code for a user, as if they had signed in through AuthKit. */
  issueAuthorizationCode(
    options: {
      readonly userId: string
      readonly redirectUri?: string | undefined
      readonly codeChallenge?: string | undefined
      readonly method?: string | undefined
      readonly organizationId?: string | undefined
      readonly impersonator?: { email: string; reason: string | null } | undefined
      readonly completed?: boolean | undefined
    },
    now: number
  ): string {
    this.world.user(options.userId)
    const code = this.world.prng.token(32)
    this.codes.set(code, {
      code,
      userId: options.userId,
      redirectUri: options.redirectUri,
      codeChallenge: options.codeChallenge,
      method: options.impersonator ? "Impersonation" : options.method ?? "GoogleOAuth",
      organizationId: options.organizationId,
      impersonator: options.impersonator,
      completed: options.completed ?? false,
      expiresAt: now + this.world.options.lifetimes.authorizationCode,
      used: false
    })
    return code
  }
  pendingFor(token: string, now: number): PendingAuthentication {
    const pending = this.pending.get(token)
    if (!pending || pending.used || pending.expiresAt <= now) {
      throw codeError(400, "invalid_pending_authentication_token", "The pending authentication token is invalid.")
    }
    return pending
  }
  resume(
    pending: PendingAuthentication,
    step: Step,
    extra: { organizationId?: string },
    now: number,
    client: Client
  ) {
    pending.used = true
    const user = this.world.user(pending.userId)
    return this.continueSignIn(user, {
      method: pending.method,
      passed: new Set([...pending.passed, step]),
      organizationId: extra.organizationId ?? pending.organizationId,
      client,
      hosted: pending.hosted
    }, now)
  }
  private newPending(
    user: UserRecord,
    state: {
      method: string
      passed: ReadonlySet<Step>
      organizationId?: string | undefined
      emailVerificationId?: string | undefined
      radarChallengeId?: string | undefined
      radarKind?: "email" | "sms" | undefined
      hosted?: string | undefined
    },
    now: number
  ): string {
    const token = this.world.prng.token(32)
    this.pending.set(token, {
      token,
      userId: user.id,
      method: state.method,
      passed: state.passed,
      organizationId: state.organizationId,
      emailVerificationId: state.emailVerificationId,
      radarChallengeId: state.radarChallengeId,
      radarKind: state.radarKind,
      hosted: state.hosted,
      expiresAt: now + this.world.options.lifetimes.pendingAuthentication,
      used: false
    })
    return token
  }
  /** Run the remaining steps of a sign-in, in WorkOS's order, then issue the session. */
  async continueSignIn(
    user: UserRecord,
    state: {
      method: string
      passed: ReadonlySet<Step>
      organizationId?: string | undefined
      invitationToken?: string | undefined
      impersonator?: { email: string; reason: string | null } | undefined
      client: Client
      hosted?: string | undefined
    },
    now: number
  ): Promise<EmulatorResponse> {
    const world = this.world
    let organizationId = state.organizationId

    if (state.invitationToken !== undefined) {
      const invitation = [...world.invitations.values()].find((i) => i.token === state.invitationToken)
      if (!invitation || invitation.state !== "pending" || Date.parse(invitation.expires_at) <= now) {
        throw oauthError(400, "invitation_invalid", "The invitation is invalid or expired.")
      }
      if (invitation.email.toLowerCase() !== user.email.toLowerCase()) {
        throw oauthError(400, "invitation_cannot_be_used_for_email", "The invitation is for another email.")
      }
      world.acceptInvitation(invitation, user, now)
      // Accepting an invitation sent to this address proves it.
      user.email_verified = true
      organizationId ??= invitation.organization_id ?? undefined
    }

    if (user.radar !== undefined && state.method === "Password" && !state.passed.has("radar")) {
      if (user.radar === "email") {
        const record = world.emailOneTimeCode(world.radarChallenges, "radar_challenge", "radar", user, 10 * 60_000, now)
        const token = this.newPending(user, { ...state, radarChallengeId: record.id, radarKind: "email" }, now)
        throw codeError(403, "radar_challenge", "Radar requires an email challenge.", {
          pending_authentication_token: token,
          radar_challenge_id: record.id,
          user: userJson(user)
        })
      }
      const token = this.newPending(user, { ...state, radarKind: "sms" }, now)
      throw codeError(403, "radar_sms_sign_in_challenge", "Radar requires an SMS challenge.", {
        pending_authentication_token: token,
        user: userJson(user)
      })
    }

    if (!user.email_verified && !state.passed.has("email")) {
      const verification = world.sendEmailVerification(user, now)
      const token = this.newPending(user, { ...state, organizationId, emailVerificationId: verification.id }, now)
      throw codeError(403, "email_verification_required", "Email ownership must be verified before authentication.", {
        pending_authentication_token: token,
        email: user.email,
        email_verification_id: verification.id,
        user: userJson(user)
      })
    }

    const memberships = world.activeMemberships(user.id)
    const organizations = memberships.flatMap((m) => {
      const org = world.organizations.get(m.organization_id)
      return org ? [org] : []
    })
    const relevant = organizationId === undefined ? organizations : organizations.filter((o) => o.id === organizationId)

    if (state.method !== "SSO" && state.method !== "Impersonation") {
      const sso = relevant.find((o) => o.ssoConnectionIds.length > 0)
      if (sso) {
        const token = this.newPending(user, { ...state, organizationId: sso.id }, now)
        throw oauthError(400, "sso_required", "The user must sign in with SSO.", {
          email: user.email,
          connection_ids: sso.ssoConnectionIds,
          pending_authentication_token: token
        })
      }
      const methodKey: Record<string, string> = {
        Password: "password",
        MagicAuth: "magic_auth",
        GoogleOAuth: "google_oauth",
        MicrosoftOAuth: "microsoft_oauth",
        GitHubOAuth: "github_oauth",
        AppleOAuth: "apple_oauth"
      }
      const restricted = relevant.find((o) =>
        o.allowedAuthMethods !== undefined && !o.allowedAuthMethods.includes(methodKey[state.method] ?? state.method)
      )
      if (restricted) {
        const allowed = new Set(restricted.allowedAuthMethods)
        const token = this.newPending(user, { ...state, organizationId: restricted.id }, now)
        throw oauthError(400, "organization_authentication_methods_required", "Use an allowed method.", {
          email: user.email,
          sso_connection_ids: restricted.ssoConnectionIds,
          auth_methods: Object.fromEntries(
            ["apple_oauth", "github_oauth", "google_oauth", "magic_auth", "microsoft_oauth", "password"].map((m) => [
              m,
              allowed.has(m)
            ])
          ),
          pending_authentication_token: token
        })
      }
    }

    if (!state.passed.has("mfa") && state.method !== "Impersonation") {
      const factors = [...world.factors.values()].filter((f) => f.user_id === user.id)
      if (factors.length > 0) {
        const token = this.newPending(user, { ...state, organizationId }, now)
        throw codeError(403, "mfa_challenge", "The user must complete an MFA challenge.", {
          pending_authentication_token: token,
          authentication_factors: factors.map((f) => ({ id: f.id, type: "totp" })),
          user: userJson(user)
        })
      }
      if (relevant.some((o) => o.requireMfa)) {
        const token = this.newPending(user, { ...state, organizationId }, now)
        throw codeError(403, "mfa_enrollment", "The user must enroll in MFA.", {
          pending_authentication_token: token,
          user: userJson(user)
        })
      }
    }

    if (organizationId === undefined) {
      if (organizations.length > 1) {
        const token = this.newPending(user, { ...state, passed: new Set([...state.passed, "mfa"]) }, now)
        throw codeError(403, "organization_selection_required", "The user must choose an organization.", {
          pending_authentication_token: token,
          organizations: organizations.map((o) => ({ id: o.id, name: o.name })),
          user: userJson(user)
        })
      }
      organizationId = organizations[0]?.id
    } else if (!organizations.some((o) => o.id === organizationId)) {
      throw oauthError(400, "organization_membership_not_found", "The user is not a member of this organization.")
    }

    if (state.hosted !== undefined) return this.hostedRedirect(user, state.hosted, state.method, organizationId, now)
    return this.tokens.issueSession(user, { ...state, organizationId }, now)
  }
  /** The hosted sign-in is complete: back to the app with a code (and its `state`). */
  private hostedRedirect(
    user: UserRecord,
    hosted: string,
    method: string,
    organizationId: string | undefined,
    now: number
  ): EmulatorResponse {
    const request = this.hostedRequests.get(hosted)
    if (request === undefined || request.expiresAt <= now) {
      throw new HttpError(400, { message: "The sign-in request has expired; start again from the app." })
    }
    this.hostedRequests.delete(hosted)
    const code = this.issueAuthorizationCode({
      userId: user.id,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      method,
      organizationId,
      completed: true
    }, now)
    const target = new URL(request.redirectUri)
    target.searchParams.set("code", code)
    if (request.state !== null) target.searchParams.set("state", request.state)
    return { status: 302, headers: { location: target.href } }
  }
}
