/**
 * The emulator's routes for organization memberships: create, read, update, delete, list, deactivate and reactivate; roles.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Body from "../body.js"
import { codeError, empty, type MembershipRecord, notFound, ok, paginate, unprocessable } from "../core.js"
import { type World } from "../world.js"

/** `role_slug` or `role_slugs`, not both. */
const RoleFields = { role_slug: Body.optionalString, role_slugs: Body.optionalStringArray }

const roleSlugsFromBody = (
  world: World,
  { role_slug: roleSlug, role_slugs: roleSlugs }: Schema.Struct.Type<typeof RoleFields>
): ReadonlyArray<string> | undefined => {
  if (roleSlug !== undefined && roleSlugs !== undefined) {
    throw unprocessable([{ field: "role_slugs", code: "role_slug_and_role_slugs_are_mutually_exclusive" }])
  }
  const slugs = roleSlug !== undefined ? [roleSlug] : roleSlugs
  if (slugs === undefined) return undefined
  if (slugs.length === 0) throw unprocessable([{ field: "role_slugs", code: "role_slugs_empty" }])
  if (slugs.length > 1 && !world.options.multipleRoles) {
    throw codeError(422, "multiple_roles_not_enabled", "Multiple roles are not enabled for this environment.")
  }
  const unknown = slugs.find((slug) => !world.role(slug))
  if (unknown !== undefined) throw codeError(422, "invalid_role", `Role not found: '${unknown}'.`)
  return slugs
}

const membershipById = (world: World, id: string): MembershipRecord => {
  const m = world.memberships.get(id)
  if (!m) throw notFound(`Organization membership not found: '${id}'.`)
  return m
}

export const registerMemberships = (world: World): void => {
  world.route("GET", "/user_management/organization_memberships", ({ query }) => {
    const userId = query.get("user_id")
    const organizationId = query.get("organization_id")
    if (!userId && !organizationId) {
      throw codeError(400, "missing_user_id_or_organization_id", "Provide user_id or organization_id.")
    }
    const statuses = query.getAll("statuses").flatMap((s) => s.split(",")).filter((s) => s !== "")
    const invalid = statuses.find((s) => !["active", "inactive", "pending"].includes(s))
    if (invalid !== undefined) throw unprocessable([{ field: "statuses", code: "invalid_status" }])
    const wanted = new Set(statuses.length > 0 ? statuses : ["active", "inactive", "pending"])
    const items = [...world.memberships.values()].filter((m) =>
      (!userId || m.user_id === userId) && (!organizationId || m.organization_id === organizationId) &&
      wanted.has(m.status)
    )
    return ok(paginate(items, query, (m) => world.membershipJson(m)))
  })

  const CreateMembership = Schema.Struct({ user_id: Body.string, organization_id: Body.string, ...RoleFields })
  world.route("POST", "/user_management/organization_memberships", ({ body: decode, now }) => {
    const body = decode(CreateMembership)
    const { user_id: userId, organization_id: organizationId } = body
    const slugs = roleSlugsFromBody(world, body)
    world.user(userId)
    world.organization(organizationId)
    const existing = [...world.memberships.values()].find((m) =>
      m.user_id === userId && m.organization_id === organizationId
    )
    if (existing?.status === "pending") {
      throw codeError(400, "cannot_reactivate_pending_organization_membership", "The membership is pending.")
    }
    if (existing) {
      existing.status = "active"
      if (slugs) existing.role_slugs = [...slugs]
      world.membershipUpdated(existing, now)
      return ok(world.membershipJson(existing), 201)
    }
    return ok(
      world.membershipJson(world.createMembership(userId, organizationId, slugs ?? ["member"], "active", now)),
      201
    )
  })

  world.route(
    "GET",
    "/user_management/organization_memberships/{id}",
    ({ params }) => ok(world.membershipJson(membershipById(world, params.id!)))
  )

  const UpdateMembership = Schema.Struct(RoleFields)
  world.route("PUT", "/user_management/organization_memberships/{id}", ({ body: decode, now, params }) => {
    const m = membershipById(world, params.id!)
    const slugs = roleSlugsFromBody(world, decode(UpdateMembership))
    if (slugs) m.role_slugs = [...slugs]
    world.membershipUpdated(m, now)
    return ok(world.membershipJson(m))
  })

  world.route("DELETE", "/user_management/organization_memberships/{id}", ({ now, params }) => {
    world.deleteMembership(membershipById(world, params.id!), now)
    return empty()
  })

  world.route("PUT", "/user_management/organization_memberships/{id}/deactivate", ({ now, params }) => {
    const m = membershipById(world, params.id!)
    if (m.status === "pending") {
      throw codeError(400, "cannot_deactivate_pending_organization_membership", "The membership is pending.")
    }
    if (m.status !== "inactive") {
      m.status = "inactive"
      world.membershipUpdated(m, now)
    }
    return ok(world.membershipJson(m))
  })

  world.route("PUT", "/user_management/organization_memberships/{id}/reactivate", ({ now, params }) => {
    const m = membershipById(world, params.id!)
    if (m.status === "pending") {
      throw codeError(400, "cannot_reactivate_pending_organization_membership", "The membership is pending.")
    }
    if (m.status !== "active") {
      m.status = "active"
      world.membershipUpdated(m, now)
    }
    return ok(world.membershipJson(m))
  })

  world.route("GET", "/user_management/organization_memberships/{omId}/groups", ({ params, query }) => {
    const m = membershipById(world, params.omId!)
    const groups = [...world.groups.values()].filter((g) => g.membershipIds.includes(m.id))
    return ok(paginate(groups, query, ({ membershipIds: _m, seq: _s, ...g }) => ({ object: "group", ...g })))
  })
}
