/**
 * Organization memberships: which users belong to which organizations, with which roles.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { listEndpoint, listEndpointOf } from "./internal/pagination.js"
import { commaSeparated, openEnum, optional, optionalWire, timestamps, wire } from "./internal/schema.js"
import { User } from "./internal/user.js"
import * as Pagination from "./Pagination.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

/**
 * The status of an organization membership: `active`, `inactive` or `pending` (other
 * values the API adds decode as they are).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MembershipStatus = openEnum("active", "inactive", "pending")

/**
 * A role, by slug.
 *
 * @since 0.1.0
 * @category models
 */
export class Role extends Schema.Class<Role>("effect-workos/Role")({ slug: Schema.String }) {}

/**
 * A user's membership of an organization. `roles` and `user` are absent from some
 * responses.
 *
 * @since 0.1.0
 * @category models
 */
export class OrganizationMembership
  extends Schema.Class<OrganizationMembership>("effect-workos/OrganizationMembership")({
    object: Schema.Literal("organization_membership"),
    id: Schema.String,
    userId: wire(Schema.String, "user_id"),
    organizationId: wire(Schema.String, "organization_id"),
    organizationName: optionalWire(Schema.String, "organization_name"),
    status: MembershipStatus,
    directoryManaged: wire(Schema.Boolean, "directory_managed"),
    customAttributes: optionalWire(Schema.Record({ key: Schema.String, value: Schema.Unknown }), "custom_attributes"),
    role: Role,
    roles: optional(Schema.Array(Role)),
    user: optional(User),
    ...timestamps
  })
{}

/**
 * A directory group a membership belongs to.
 *
 * @since 0.1.0
 * @category models
 */
export class Group extends Schema.Class<Group>("effect-workos/Group")({
  object: Schema.Literal("group"),
  id: Schema.String,
  organizationId: wire(Schema.String, "organization_id"),
  name: Schema.String,
  description: Schema.NullOr(Schema.String),
  ...timestamps
}) {}

/**
 * Filters of {@link list}: `userId` or `organizationId` (at least one). `statuses`
 * defaults to the server's choice (active memberships only).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListParams extends Pagination.ListParams {
  readonly userId?: string | undefined
  readonly organizationId?: string | undefined
  readonly statuses?: ReadonlyArray<"active" | "inactive" | "pending"> | undefined
}

const ListQuery = Schema.Struct({
  ...Pagination.ListParamsFields,
  userId: optionalWire(Schema.String, "user_id"),
  organizationId: optionalWire(Schema.String, "organization_id"),
  // The API reads `statuses` as one comma-separated value (form style, explode=false).
  statuses: Schema.optional(commaSeparated(Schema.Literal("active", "inactive", "pending")))
}).pipe(
  Schema.filter((q) =>
    q.userId !== undefined || q.organizationId !== undefined ||
    { path: ["userId"], message: "Give userId or organizationId (or both)" }
  )
)

const RoleBody = {
  roleSlug: optionalWire(Schema.String, "role_slug"),
  roleSlugs: optionalWire(Schema.Array(Schema.String), "role_slugs")
}
const exclusiveRoles = (
  b: { readonly roleSlug?: string | undefined; readonly roleSlugs?: ReadonlyArray<string> | undefined }
) =>
  b.roleSlug === undefined || b.roleSlugs === undefined ||
  { path: ["roleSlugs"], message: "roleSlug and roleSlugs are mutually exclusive" }

const CreateBody = Schema.Struct({
  userId: wire(Schema.String, "user_id"),
  organizationId: wire(Schema.String, "organization_id"),
  ...RoleBody
}).pipe(Schema.filter(exclusiveRoles))
const UpdateBody = Schema.Struct(RoleBody).pipe(Schema.filter(exclusiveRoles))

const endpoint = /* @__PURE__ */ listEndpoint({
  span: "WorkOS.OrganizationMemberships",
  path: "/user_management/organization_memberships",
  query: ListQuery,
  item: OrganizationMembership
})
const GroupQuery = Schema.Struct(Pagination.ListParamsFields)
const groups = /* @__PURE__ */ listEndpointOf({
  span: "WorkOS.OrganizationMemberships",
  pageSpan: "WorkOS.OrganizationMemberships.listGroupsPage",
  path: "/user_management/organization_memberships/{omId}/groups",
  param: "omId",
  query: GroupQuery,
  item: Group
})
/**
 * A membership's roles: one `roleSlug`, or several `roleSlugs` where the environment
 * allows multiple roles. Giving both is a `WorkOSInvalidRequest` before sending.
 *
 * @since 0.1.0
 * @category models
 */
export type Roles =
  | { readonly roleSlug?: string | undefined; readonly roleSlugs?: undefined }
  | { readonly roleSlug?: undefined; readonly roleSlugs?: ReadonlyArray<string> | undefined }

const byId = (template: string, id: string) => Http.path(template, { id })

/**
 * One page of memberships.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  params: ListParams
): Effect.Effect<Pagination.Page<OrganizationMembership>, RequestFailure, Requirements> => endpoint.listPage(params)

/**
 * Every membership of a user or an organization, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  params: ListParams,
  options?: Pagination.ListOptions
): Stream.Stream<OrganizationMembership, ListFailure, Requirements> => endpoint.list(params, options)

/**
 * Get a membership.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = (id: string): Effect.Effect<OrganizationMembership, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.OrganizationMemberships.get",
    method: "GET",
    path: byId("/user_management/organization_memberships/{id}", id),
    success: OrganizationMembership
  })

/**
 * Add a user to an organization (reactivates an inactive membership).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = (
  params: { readonly userId: string; readonly organizationId: string } & Roles
): Effect.Effect<OrganizationMembership, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.OrganizationMemberships.create",
    method: "POST",
    path: Http.path("/user_management/organization_memberships"),
    body: Http.input(CreateBody, params),
    success: OrganizationMembership
  })

/**
 * Change a membership's roles.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const update = (id: string, roles: Roles): Effect.Effect<OrganizationMembership, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.OrganizationMemberships.update",
    method: "PUT",
    path: byId("/user_management/organization_memberships/{id}", id),
    body: Http.input(UpdateBody, roles),
    success: OrganizationMembership
  })

const del = (id: string): Effect.Effect<void, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.OrganizationMemberships.delete",
    method: "DELETE",
    path: byId("/user_management/organization_memberships/{id}", id),
    success: undefined
  })

export {
  /**
   * Remove a membership.
   *
   * @since 0.1.0
   * @category endpoints
   */
  del as delete
}

/**
 * Deactivate a membership (keeps its roles; a no-op if already inactive; a pending
 * membership cannot be deactivated).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const deactivate = (id: string): Effect.Effect<OrganizationMembership, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.OrganizationMemberships.deactivate",
    method: "PUT",
    path: byId("/user_management/organization_memberships/{id}/deactivate", id),
    success: OrganizationMembership
  })

/**
 * Reactivate an inactive membership with its previous roles.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const reactivate = (id: string): Effect.Effect<OrganizationMembership, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.OrganizationMemberships.reactivate",
    method: "PUT",
    path: byId("/user_management/organization_memberships/{id}/reactivate", id),
    success: OrganizationMembership
  })

/**
 * One page of the directory groups of a membership.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listGroupsPage = (
  membershipId: string,
  params: Pagination.ListParams = {}
): Effect.Effect<Pagination.Page<Group>, RequestFailure, Requirements> => groups.listPage(membershipId, params)

/**
 * Every directory group of a membership, as a stream.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listGroups = (
  membershipId: string,
  params: Pagination.ListParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<Group, ListFailure, Requirements> => groups.list(membershipId, params, options)
