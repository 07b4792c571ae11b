/**
 * The emulator's records and the helpers every route uses: deterministic ids and codes,
 * pagination and the API's error bodies (wire shapes are in `wire.ts`, request bodies in
 * `body.ts`).
 *
 * Routes are plain functions over this state; time is passed in (`now`, from the
 * caller's Effect `Clock`), so a `TestClock` expires codes, tokens and sessions.
 *
 * @internal
 */

/** A request as the emulator sees it, whichever transport brought it. @internal */
export interface EmulatorRequest {
  readonly method: string
  /** The raw (still percent-encoded) path, without query string. */
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** @internal */
export interface EmulatorResponse {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** JSON body; `undefined` for an empty body. */
  readonly body?: unknown
}

/** An API error answer, thrown by routes and turned into a response by the dispatcher. @internal */
export class HttpError {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Readonly<Record<string, string>> = {}
  ) {}
}

/** @internal */
export const notFound = (message: string) => new HttpError(404, { message })

/** @internal */
export const unprocessable = (errors: ReadonlyArray<{ readonly field: string; readonly code: string }>) =>
  new HttpError(422, {
    code: "invalid_request_parameters",
    message: `Validation failed: ${errors.map((e) => `${e.field} ${e.code}`).join(", ")}`,
    errors
  })

/** A code-style error body (`{ code, message, ... }`). @internal */
export const codeError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  new HttpError(status, { code, message, ...extra })

/** An OAuth-style error body (`{ error, error_description, ... }`). @internal */
export const oauthError = (status: number, error: string, description: string, extra: Record<string, unknown> = {}) =>
  new HttpError(status, { error, error_description: description, ...extra })

// ---------------------------------------------------------------------------
// Deterministic ids and secrets
// ---------------------------------------------------------------------------

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** A small seeded PRNG (mulberry32): deterministic ids and codes for a given seed. @internal */
export class Prng {
  /** Where the sequence is (a snapshot saves and restores it). */
  state: number
  constructor(seed: string | number) {
    let h = 1779033703 ^ String(seed).length
    for (const ch of String(seed)) {
      h = Math.imul(h ^ ch.charCodeAt(0), 3432918353)
      h = (h << 13) | (h >>> 19)
    }
    this.state = h >>> 0
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  chars(alphabet: string, length: number): string {
    let out = ""
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)]
    return out
  }
  /** A ULID-shaped id: 10 time characters then 16 seeded ones. */
  ulid(now: number): string {
    let time = ""
    let t = Math.max(0, Math.floor(now))
    for (let i = 0; i < 10; i++) {
      time = crockford[t % 32] + time
      t = Math.floor(t / 32)
    }
    return time + this.chars(crockford, 16)
  }
  digits(length: number): string {
    return this.chars("0123456789", length)
  }
  token(length = 32): string {
    return this.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length)
  }
}

/** @internal */
export const iso = (millis: number) => new Date(millis).toISOString()

// ---------------------------------------------------------------------------
// Entities (stored in wire shape where the wire shape is all there is)
// ---------------------------------------------------------------------------

/** @internal */
export interface UserRecord {
  seq: number
  id: string
  email: string
  first_name: string | null
  last_name: string | null
  name: string | null
  profile_picture_url: string | null
  email_verified: boolean
  external_id: string | null
  metadata: Record<string, string>
  last_sign_in_at: string | null
  locale: string | null
  created_at: string
  updated_at: string
  /** bcrypt hash, or undefined when the user has no password. */
  passwordHash: string | undefined
  identities: Array<{ idp_id: string; type: "OAuth"; provider: string }>
  /** Seeded Radar behaviour for password sign-in. */
  radar: "email" | "sms" | undefined
}

/** @internal */
export interface OrganizationRecord {
  seq: number
  id: string
  name: string
  domains: Array<{ domain: string; state: "pending" | "verified" }>
  metadata: Record<string, string>
  external_id: string | null
  stripe_customer_id: string | undefined
  allow_profiles_outside_organization: boolean
  /** Members must sign in with SSO through these connections. */
  ssoConnectionIds: Array<string>
  /** Members must have MFA. */
  requireMfa: boolean
  /** When set, only these methods are allowed for members. */
  allowedAuthMethods: Array<string> | undefined
  created_at: string
  updated_at: string
}

/** @internal */
export interface MembershipRecord {
  seq: number
  id: string
  user_id: string
  organization_id: string
  status: "active" | "inactive" | "pending"
  role_slugs: Array<string>
  created_at: string
  updated_at: string
}

/** @internal */
export interface InvitationRecord {
  seq: number
  id: string
  email: string
  state: "pending" | "accepted" | "expired" | "revoked"
  accepted_at: string | null
  revoked_at: string | null
  expires_at: string
  organization_id: string | null
  inviter_user_id: string | null
  accepted_user_id: string | null
  role_slug: string | null
  created_at: string
  updated_at: string
  token: string
  accept_invitation_url: string
}

/** A one-time code (magic auth, email verification, email change, radar). @internal */
export interface OneTimeCodeRecord {
  seq: number
  id: string
  user_id: string
  email: string
  code: string
  expires_at: number
  created_at: number
  updated_at: number
  used: boolean
  attempts: number
}

/** @internal */
export interface PasswordResetRecord {
  seq: number
  id: string
  user_id: string
  email: string
  token: string
  expires_at: number
  created_at: number
  used: boolean
}

/** @internal */
export interface EmailChangeRecord {
  user_id: string
  new_email: string
  code: string
  expires_at: number
  created_at: number
  used: boolean
  attempts: number
}

/** @internal */
export interface FactorRecord {
  seq: number
  id: string
  user_id: string
  issuer: string
  user: string
  secret: string
  created_at: string
  updated_at: string
}

/** @internal */
export interface ChallengeRecord {
  id: string
  factor_id: string
  expires_at: number
  created_at: number
  used: boolean
}

/** @internal */
export interface SessionRecord {
  seq: number
  id: string
  user_id: string
  organization_id: string | undefined
  ip_address: string | null
  user_agent: string | null
  auth_method: string
  /** The `authentication_method` of the authenticate response. */
  authenticationMethod: string
  status: "active" | "expired" | "revoked"
  expires_at: number
  ended_at: string | null
  created_at: string
  updated_at: string
  impersonator: { email: string; reason: string | null } | undefined
  refreshToken: string
}

/** @internal */
export interface ApiKeyRecord {
  seq: number
  id: string
  user_id: string
  organization_id: string
  name: string
  value: string
  permissions: Array<string>
  expires_at: string | null
  last_used_at: string | null
  created_at: string
  updated_at: string
}

/** @internal */
export interface FeatureFlagRecord {
  seq: number
  id: string
  slug: string
  name: string
  description: string | null
  tags: Array<string>
  enabled: boolean
  default_value: boolean
  /** Users and organizations the flag is on for. */
  userIds: Array<string>
  organizationIds: Array<string>
  created_at: string
  updated_at: string
}

/** @internal */
export interface SimpleRecord {
  seq: number
  id: string
  [key: string]: unknown
}

/** An email WorkOS would have sent. @internal */
export interface OutboxMessage {
  readonly kind: "email_verification" | "magic_auth" | "password_reset" | "invitation" | "email_change" | "radar"
  readonly to: string
  /** The id of what the message is about (the email verification, invitation, …), if it has one. */
  readonly id: string | null
  readonly userId: string | null
  readonly code: string | null
  readonly token: string | null
  readonly url: string | null
  readonly sentAt: string
}

// ---------------------------------------------------------------------------
// Serializers: the wire shapes of the spec
// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// Pagination, as the API does it
// ---------------------------------------------------------------------------

/** @internal */
export const paginate = <T extends { readonly id: string }>(
  items: ReadonlyArray<T>,
  query: URLSearchParams,
  serialize: (item: T) => unknown,
  /** Where each id sits in `items`, to find a cursor without a scan (see {@link OrderedTable}). */
  position?: ReadonlyMap<string, number>
) => {
  const rawLimit = query.get("limit")
  const limit = rawLimit === null ? 10 : Number(rawLimit)
  const errors: Array<{ field: string; code: string }> = []
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) errors.push({ field: "limit", code: "limit_out_of_range" })
  const order = query.get("order") ?? "desc"
  if (!["asc", "desc", "normal"].includes(order)) errors.push({ field: "order", code: "invalid_order" })
  if (errors.length > 0) throw unprocessable(errors)

  // `items` is in creation order; `desc` and `normal` list newest first. Indexes below are
  // in listing order, mapped onto `items` without copying it.
  const total = items.length
  const ascending = order === "asc"
  const at = (index: number): T => items[ascending ? index : total - 1 - index]!
  const indexOf = (id: string): number => {
    const stored = position !== undefined ? position.get(id) ?? -1 : items.findIndex((item) => item.id === id)
    return stored === -1 ? -1 : ascending ? stored : total - 1 - stored
  }
  const after = query.get("after")
  const before = query.get("before")
  let start = 0
  let end: number
  if (after !== null && after !== "") {
    const index = indexOf(after)
    start = index === -1 ? total : index + 1
    end = Math.min(total, start + limit)
  } else if (before !== null && before !== "") {
    const index = indexOf(before)
    end = index === -1 ? 0 : index
    start = Math.max(0, end - limit)
  } else {
    end = Math.min(total, limit)
  }
  const data: Array<unknown> = []
  for (let index = start; index < end; index++) data.push(serialize(at(index)))
  return {
    object: "list",
    data,
    list_metadata: {
      before: start > 0 && end > start ? at(start).id : null,
      after: end < total && end > start ? at(end - 1).id : null
    }
  }
}

/**
 * A `Map` by id, in insertion order, that keeps an array of its values and each id's
 * position until a key is added or removed, so listing a million records pages in
 * constant time per page.
 *
 * @internal
 */
export class OrderedTable<T extends { readonly id: string }> extends Map<string, T> {
  private snapshot: { readonly items: ReadonlyArray<T>; readonly position: ReadonlyMap<string, number> } | undefined

  override set(key: string, value: T): this {
    if (this.snapshot !== undefined) {
      const index = this.snapshot.position.get(key)
      if (index === undefined) this.snapshot = undefined
      else (this.snapshot.items as Array<T>)[index] = value
    }
    return super.set(key, value)
  }

  override delete(key: string): boolean {
    this.snapshot = undefined
    return super.delete(key)
  }

  override clear(): void {
    this.snapshot = undefined
    super.clear()
  }

  ordered(): { readonly items: ReadonlyArray<T>; readonly position: ReadonlyMap<string, number> } {
    if (this.snapshot === undefined) {
      const items = [...this.values()]
      this.snapshot = { items, position: new Map(items.map((item, index) => [item.id, index])) }
    }
    return this.snapshot
  }
}

/** @internal */
export const isEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)

/** A JSON answer. @internal */
export const ok = (body: unknown, status = 200): EmulatorResponse => ({ status, body })

/** An answer without a body. @internal */
export const empty = (status = 200): EmulatorResponse => ({ status })
