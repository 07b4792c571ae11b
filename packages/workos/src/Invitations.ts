/**
 * Invitations to sign up (and join an organization).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { listEndpoint } from "./internal/pagination.js"
import { openEnum, optionalWire, timestamps, wire } from "./internal/schema.js"
import { reveal } from "./internal/secret.js"
import * as Pagination from "./Pagination.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

/**
 * An invitation. `token` and `acceptInvitationUrl` let anyone accept it, so both are
 * `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export class Invitation extends Schema.Class<Invitation>("effect-workos/Invitation")({
  object: Schema.Literal("invitation"),
  id: Schema.String,
  email: Schema.String,
  state: openEnum("pending", "accepted", "expired", "revoked"),
  acceptedAt: wire(Schema.NullOr(Schema.String), "accepted_at"),
  revokedAt: wire(Schema.NullOr(Schema.String), "revoked_at"),
  expiresAt: wire(Schema.String, "expires_at"),
  organizationId: wire(Schema.NullOr(Schema.String), "organization_id"),
  inviterUserId: wire(Schema.NullOr(Schema.String), "inviter_user_id"),
  acceptedUserId: wire(Schema.NullOr(Schema.String), "accepted_user_id"),
  roleSlug: optionalWire(Schema.NullOr(Schema.String), "role_slug"),
  token: Schema.Redacted(Schema.String),
  acceptInvitationUrl: wire(Schema.Redacted(Schema.String), "accept_invitation_url"),
  ...timestamps
}) {}

/**
 * Filters of {@link list}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams extends Pagination.ListParams {
  readonly organizationId?: string | undefined
  readonly email?: string | undefined
}

const ListQuery = Schema.Struct({
  ...Pagination.ListParamsFields,
  organizationId: optionalWire(Schema.String, "organization_id"),
  email: Schema.optional(Schema.String)
})

/**
 * The locales WorkOS renders invitation emails in, as the spec lists them. Open: a locale
 * WorkOS adds later is sent as it is.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Locale = openEnum(
  "af",
  "am",
  "ar",
  "bg",
  "bn",
  "bs",
  "ca",
  "cs",
  "da",
  "de",
  "de-DE",
  "el",
  "en",
  "en-AU",
  "en-CA",
  "en-GB",
  "en-US",
  "es",
  "es-419",
  "es-ES",
  "es-US",
  "et",
  "fa",
  "fi",
  "fil",
  "fr",
  "fr-BE",
  "fr-CA",
  "fr-FR",
  "fy",
  "gl",
  "gu",
  "ha",
  "he",
  "hi",
  "hr",
  "hu",
  "hy",
  "id",
  "is",
  "it",
  "it-IT",
  "ja",
  "jv",
  "ka",
  "kk",
  "km",
  "kn",
  "ko",
  "lt",
  "lv",
  "mk",
  "ml",
  "mn",
  "mr",
  "ms",
  "my",
  "nb",
  "ne",
  "nl",
  "nl-BE",
  "nl-NL",
  "nn",
  "no",
  "pa",
  "pl",
  "pt",
  "pt-BR",
  "pt-PT",
  "ro",
  "ru",
  "sk",
  "sl",
  "sq",
  "sr",
  "sv",
  "sw",
  "ta",
  "te",
  "th",
  "tr",
  "uk",
  "ur",
  "uz",
  "vi",
  "zh",
  "zh-CN",
  "zh-HK",
  "zh-TW",
  "zu"
)

/**
 * A locale for invitation emails: one of {@link Locale}'s, with autocompletion.
 *
 * @since 0.1.0
 * @category models
 */
export type Locale = typeof Locale.Type

const SendBody = Schema.Struct({
  email: Schema.String,
  organizationId: optionalWire(Schema.String, "organization_id"),
  roleSlug: optionalWire(Schema.String, "role_slug"),
  expiresInDays: optionalWire(
    Schema.Int.pipe(Schema.between(1, 30, { message: () => "expiresInDays must be an integer from 1 to 30" })),
    "expires_in_days"
  ),
  inviterUserId: optionalWire(Schema.String, "inviter_user_id"),
  locale: Schema.optional(Locale)
})

const ResendBody = Schema.Struct({ locale: Schema.optional(Locale) })
const endpoint = /* @__PURE__ */ listEndpoint({
  span: "WorkOS.Invitations",
  path: "/user_management/invitations",
  query: ListQuery,
  item: Invitation
})

const byId = (template: string, id: string) => Http.path(template, { id })

/**
 * One page of invitations.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  params: ListParams = {}
): Effect.Effect<Pagination.Page<Invitation>, RequestFailure, Requirements> => endpoint.listPage(params)

/**
 * Every invitation matching the filters, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  params: ListParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<Invitation, ListFailure, Requirements> => endpoint.list(params, options)

/**
 * Get an invitation.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = (id: string): Effect.Effect<Invitation, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Invitations.get",
    method: "GET",
    path: byId("/user_management/invitations/{id}", id),
    success: Invitation
  })

/**
 * Find an invitation by the token in its link. The token never appears in errors or
 * spans (the path shows `{token}`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const findByToken = (
  token: string | Redacted.Redacted<string>
): Effect.Effect<Invitation, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Invitations.findByToken",
    method: "GET",
    path: Http.path(
      "/user_management/invitations/by_token/{token}",
      { token: reveal(token) },
      ["token"]
    ),
    success: Invitation
  })

/**
 * Send an invitation (emailed by WorkOS). `expiresInDays` is 1 to 30 (default 7).
 * Not retried once it may have reached WorkOS: no duplicate invitations.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const send = (params: {
  readonly email: string
  readonly organizationId?: string | undefined
  readonly roleSlug?: string | undefined
  readonly expiresInDays?: number | undefined
  readonly inviterUserId?: string | undefined
  readonly locale?: Locale | undefined
}): Effect.Effect<Invitation, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Invitations.send",
    method: "POST",
    path: Http.path("/user_management/invitations"),
    body: Http.input(SendBody, params),
    success: Invitation
  })

/**
 * Accept a pending invitation (activates the linked membership).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const accept = (id: string): Effect.Effect<Invitation, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Invitations.accept",
    method: "POST",
    path: byId("/user_management/invitations/{id}/accept", id),
    success: Invitation
  })

/**
 * Revoke a pending invitation.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const revoke = (id: string): Effect.Effect<Invitation, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Invitations.revoke",
    method: "POST",
    path: byId("/user_management/invitations/{id}/revoke", id),
    success: Invitation
  })

/**
 * Email a pending invitation again.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const resend = (
  id: string,
  params: { readonly locale?: Locale | undefined } = {}
): Effect.Effect<Invitation, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Invitations.resend",
    method: "POST",
    path: byId("/user_management/invitations/{id}/resend", id),
    body: Http.input(ResendBody, params),
    success: Invitation
  })
