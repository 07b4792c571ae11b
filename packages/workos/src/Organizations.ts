/**
 * Organizations: create, get, update, delete and list them, with their domains and
 * metadata. Memberships (`OrganizationMemberships`) need an organization to join.
 *
 * @since 0.2.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { listEndpoint } from "./internal/pagination.js"
import {
  commaSeparated,
  ExternalId,
  Metadata,
  nullable,
  openEnum,
  optional,
  optionalWire,
  timestamps,
  wire
} from "./internal/schema.js"
import * as Pagination from "./Pagination.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

/**
 * A domain of an organization and its verification state. `state` and
 * `verificationStrategy` are open: values WorkOS adds later decode as plain strings.
 *
 * @since 0.2.0
 * @category models
 */
export class OrganizationDomain extends Schema.Class<OrganizationDomain>("effect-workos/OrganizationDomain")({
  object: Schema.Literal("organization_domain"),
  id: Schema.String,
  organizationId: wire(Schema.String, "organization_id"),
  domain: Schema.String,
  state: optional(openEnum("failed", "legacy_verified", "pending", "unverified", "verified")),
  verificationPrefix: optionalWire(Schema.String, "verification_prefix"),
  verificationToken: optionalWire(Schema.String, "verification_token"),
  verificationStrategy: optionalWire(openEnum("dns", "manual"), "verification_strategy"),
  ...timestamps
}) {}

/**
 * An organization. `metadata` is `{}` and `externalId` `null` when the response omits them.
 *
 * @since 0.2.0
 * @category models
 */
export class Organization extends Schema.Class<Organization>("effect-workos/Organization")({
  object: Schema.Literal("organization"),
  id: Schema.String,
  name: Schema.String,
  domains: Schema.optionalWith(Schema.Array(OrganizationDomain), { default: () => [], nullable: true }),
  metadata: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.String }), {
    default: () => ({}),
    nullable: true
  }),
  externalId: nullable(Schema.String, "external_id"),
  stripeCustomerId: optionalWire(Schema.String, "stripe_customer_id"),
  allowProfilesOutsideOrganization: optionalWire(Schema.Boolean, "allow_profiles_outside_organization"),
  ...timestamps
}) {}

/**
 * A domain to add to an organization, and whether it is already verified (`verified`) or
 * still to verify (`pending`).
 *
 * @since 0.2.0
 * @category models
 */
export interface DomainData {
  readonly domain: string
  readonly state: "pending" | "verified"
}

const DomainDataWire = Schema.Struct({ domain: Schema.String, state: Schema.Literal("pending", "verified") })

/**
 * Input of {@link create}.
 *
 * @since 0.2.0
 * @category models
 */
export interface CreateOrganizationParams {
  readonly name: string
  /** The organization's domains with their verification state. */
  readonly domainData?: ReadonlyArray<DomainData> | undefined
  readonly allowProfilesOutsideOrganization?: boolean | undefined
  readonly metadata?: Readonly<Record<string, string>> | null | undefined
  readonly externalId?: string | null | undefined
}

const CreateBody = Schema.Struct({
  name: Schema.String,
  domainData: Schema.optional(Schema.Array(DomainDataWire)).pipe(Schema.fromKey("domain_data")),
  allowProfilesOutsideOrganization: Schema.optional(Schema.Boolean).pipe(
    Schema.fromKey("allow_profiles_outside_organization")
  ),
  metadata: Schema.optional(Schema.NullOr(Metadata)),
  externalId: Schema.optional(Schema.NullOr(ExternalId)).pipe(Schema.fromKey("external_id"))
})

/**
 * Input of {@link update}. Omitted fields are left as they are; `domainData` replaces the
 * domains; `null` clears `metadata` or `externalId`.
 *
 * @since 0.2.0
 * @category models
 */
export interface UpdateOrganizationParams {
  readonly name?: string | undefined
  readonly domainData?: ReadonlyArray<DomainData> | undefined
  readonly allowProfilesOutsideOrganization?: boolean | undefined
  readonly stripeCustomerId?: string | undefined
  readonly metadata?: Readonly<Record<string, string>> | null | undefined
  readonly externalId?: string | null | undefined
}

const UpdateBody = Schema.Struct({
  name: Schema.optional(Schema.String),
  domainData: Schema.optional(Schema.Array(DomainDataWire)).pipe(Schema.fromKey("domain_data")),
  allowProfilesOutsideOrganization: Schema.optional(Schema.Boolean).pipe(
    Schema.fromKey("allow_profiles_outside_organization")
  ),
  stripeCustomerId: Schema.optional(Schema.String).pipe(Schema.fromKey("stripe_customer_id")),
  metadata: Schema.optional(Schema.NullOr(Metadata)),
  externalId: Schema.optional(Schema.NullOr(ExternalId)).pipe(Schema.fromKey("external_id"))
})

/**
 * Filters and cursors of {@link list} and {@link listPage}: organizations with any of
 * `domains`, or whose name matches `search`.
 *
 * @since 0.2.0
 * @category models
 */
export interface ListOrganizationsParams extends Pagination.ListParams {
  readonly domains?: ReadonlyArray<string> | undefined
  readonly search?: string | undefined
}

const ListQuery = Schema.Struct({
  ...Pagination.ListParamsFields,
  domains: Schema.optional(commaSeparated(Schema.String)),
  search: Schema.optional(Schema.String)
})

const endpoint = /* @__PURE__ */ listEndpoint({
  span: "WorkOS.Organizations",
  path: "/organizations",
  query: ListQuery,
  item: Organization
})

/**
 * Get an organization by id. Fails with `WorkOSNotFound` when there is none.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const get = (organizationId: string): Effect.Effect<Organization, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Organizations.get",
    method: "GET",
    path: Http.path("/organizations/{id}", { id: organizationId }),
    success: Organization
  })

/**
 * Get an organization by the `externalId` you gave it.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const getByExternalId = (externalId: string): Effect.Effect<Organization, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Organizations.getByExternalId",
    method: "GET",
    path: Http.path("/organizations/external_id/{external_id}", { external_id: externalId }),
    success: Organization
  })

/**
 * One page of organizations.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const listPage = (
  params: ListOrganizationsParams = {}
): Effect.Effect<Pagination.Page<Organization>, RequestFailure, Requirements> => endpoint.listPage(params)

/**
 * Every organization matching the filters, as a stream that fetches pages as it is consumed.
 *
 * @example
 * ```ts
 * import { Stream } from "effect"
 * import { Organizations } from "effect-workos"
 *
 * const names = Organizations.list({ domains: ["foo-corp.com"] }).pipe(
 *   Stream.map((organization) => organization.name),
 *   Stream.runCollect
 * )
 * ```
 *
 * @since 0.2.0
 * @category endpoints
 */
export const list = (
  params: ListOrganizationsParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<Organization, ListFailure, Requirements> => endpoint.list(params, options)

/**
 * Create an organization. Not retried after the request may have reached the server, so a
 * timeout never creates it twice; a taken `externalId` fails with `WorkOSBadRequest`
 * (`external_id_already_used`).
 *
 * @example
 * ```ts
 * import { Organizations } from "effect-workos"
 *
 * const program = Organizations.create({
 *   name: "Foo Corp",
 *   domainData: [{ domain: "foo-corp.com", state: "verified" }],
 *   externalId: "tenant_42"
 * })
 * ```
 *
 * @since 0.2.0
 * @category endpoints
 */
export const create = (
  params: CreateOrganizationParams
): Effect.Effect<Organization, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Organizations.create",
    method: "POST",
    path: Http.path("/organizations"),
    body: Http.input(CreateBody, params),
    success: Organization
  })

/**
 * Update an organization.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const update = (
  organizationId: string,
  params: UpdateOrganizationParams
): Effect.Effect<Organization, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Organizations.update",
    method: "PUT",
    path: Http.path("/organizations/{id}", { id: organizationId }),
    body: Http.input(UpdateBody, params),
    success: Organization
  })

const del = (organizationId: string): Effect.Effect<void, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Organizations.delete",
    method: "DELETE",
    path: Http.path("/organizations/{id}", { id: organizationId }),
    success: undefined
  })

export {
  /**
   * Delete an organization (and its memberships). It cannot be undone.
   *
   * @since 0.2.0
   * @category endpoints
   */
  del as delete
}
