/**
 * The API's wire shapes of the emulator's records (snake_case, as the spec has them).
 *
 * @internal
 */
import {
  type ChallengeRecord,
  type FactorRecord,
  type InvitationRecord,
  iso,
  type OneTimeCodeRecord,
  type OrganizationRecord,
  type SessionRecord,
  type UserRecord
} from "./core.js"

/** @internal */
export const userJson = (u: UserRecord) => ({
  object: "user",
  id: u.id,
  email: u.email,
  email_verified: u.email_verified,
  first_name: u.first_name,
  last_name: u.last_name,
  name: u.name,
  profile_picture_url: u.profile_picture_url,
  external_id: u.external_id,
  metadata: u.metadata,
  last_sign_in_at: u.last_sign_in_at,
  locale: u.locale,
  created_at: u.created_at,
  updated_at: u.updated_at
})

/** @internal */
export const oneTimeJson = (object: string, r: OneTimeCodeRecord) => ({
  object,
  id: r.id,
  user_id: r.user_id,
  email: r.email,
  expires_at: iso(r.expires_at),
  created_at: iso(r.created_at),
  updated_at: iso(r.updated_at),
  code: r.code
})

/** @internal */
export const organizationJson = (o: OrganizationRecord) => {
  return {
    object: "organization",
    id: o.id,
    name: o.name,
    allow_profiles_outside_organization: o.allow_profiles_outside_organization,
    domains: o.domains.map(({ domain, state }, i) => ({
      object: "organization_domain",
      id: `org_domain_${o.id.slice(4)}_${i}`,
      organization_id: o.id,
      domain,
      state,
      verification_strategy: "manual",
      created_at: o.created_at,
      updated_at: o.updated_at
    })),
    metadata: o.metadata,
    external_id: o.external_id,
    ...(o.stripe_customer_id === undefined ? {} : { stripe_customer_id: o.stripe_customer_id }),
    created_at: o.created_at,
    updated_at: o.updated_at
  }
}

/** @internal */
export const invitationJson = (i: InvitationRecord, now: number) => {
  const state = i.state === "pending" && Date.parse(i.expires_at) <= now ? "expired" : i.state
  const { seq: _seq, ...wire } = i
  return { object: "invitation", ...wire, state }
}

/** @internal */
export const sessionJson = (s: SessionRecord, now: number) => {
  const status = s.status === "active" && s.expires_at <= now ? "expired" : s.status
  return {
    object: "session",
    id: s.id,
    user_id: s.user_id,
    ...(s.organization_id ? { organization_id: s.organization_id } : {}),
    ...(s.impersonator ? { impersonator: s.impersonator } : {}),
    ip_address: s.ip_address,
    user_agent: s.user_agent,
    auth_method: s.auth_method,
    status,
    expires_at: iso(s.expires_at),
    ended_at: s.ended_at,
    created_at: s.created_at,
    updated_at: s.updated_at
  }
}

/** @internal */
export const factorJson = (f: FactorRecord, withSecret: boolean) => {
  const uri = `otpauth://totp/${encodeURIComponent(f.issuer)}:${encodeURIComponent(f.user)}?secret=${f.secret}&issuer=${
    encodeURIComponent(f.issuer)
  }&algorithm=SHA1&digits=6&period=30`
  return {
    object: "authentication_factor",
    id: f.id,
    type: "totp",
    user_id: f.user_id,
    totp: withSecret
      ? {
        issuer: f.issuer,
        user: f.user,
        secret: f.secret,
        // The emulator does not render QR images: the data URI carries the otpauth URI as text.
        qr_code: `data:text/plain;base64,${Buffer.from(uri).toString("base64")}`,
        uri
      }
      : { issuer: f.issuer, user: f.user },
    created_at: f.created_at,
    updated_at: f.updated_at
  }
}

/** @internal */
export const challengeJson = (c: ChallengeRecord) => {
  return {
    object: "authentication_challenge",
    id: c.id,
    authentication_factor_id: c.factor_id,
    expires_at: iso(c.expires_at),
    created_at: iso(c.created_at),
    updated_at: iso(c.created_at)
  }
}
