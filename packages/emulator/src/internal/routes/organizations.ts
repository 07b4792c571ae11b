/**
 * The emulator's routes for organizations: create, read, update, delete, list, by external id; their domains.
 *
 * @internal
 */
import { type Body } from "../body.js"
import { codeError, empty, iso, notFound, ok, paginate } from "../core.js"
import { organizationJson } from "../wire.js"
import { type World } from "../world.js"

const organizationDomains = (world: World, body: Body) => {
  const raw = body.value["domain_data"]
  if (raw === undefined) {
    return body.optionalStringArray("domains")?.map((domain) => ({ domain, state: "pending" as const }))
  }
  const valid = Array.isArray(raw) &&
    raw.every((d) =>
      typeof d === "object" && d !== null && typeof d.domain === "string" &&
      (d.state === "pending" || d.state === "verified")
    )
  if (!valid) {
    body.errors.push({ field: "domain_data", code: "invalid_domain_data" })
    return undefined
  }
  return (raw as Array<{ domain: string; state: "pending" | "verified" }>).map(({ domain, state }) => ({
    domain,
    state
  }))
}

const externalIdTaken = (world: World, externalId: string | null | undefined, except?: string): void => {
  if (externalId && [...world.organizations.values()].some((o) => o.external_id === externalId && o.id !== except)) {
    throw codeError(400, "external_id_already_used", "This external id is already used.")
  }
}

export const registerOrganizations = (world: World): void => {
  world.route("GET", "/organizations", ({ query }) => {
    const domains = query.get("domains")?.split(",").filter((d) => d !== "")
    const search = query.get("search")?.toLowerCase()
    const organizations = [...world.organizations.values()].filter((o) =>
      (domains === undefined || domains.length === 0 || o.domains.some((d) => domains.includes(d.domain))) &&
      (search === undefined || o.name.toLowerCase().includes(search))
    )
    return ok(paginate(organizations, query, (o) => organizationJson(o)))
  })
  world.route("POST", "/organizations", ({ body: read, now }) => {
    const body = read()
    const name = body.string("name")
    const domains = organizationDomains(world, body)
    const metadata = body.metadata("metadata")
    const externalId = body.nullableString("external_id")
    const allowOutside = body.optionalBoolean("allow_profiles_outside_organization")
    body.check()
    externalIdTaken(world, externalId)
    const org = world.createOrganization({
      name,
      domains,
      metadata: metadata ?? undefined,
      external_id: externalId,
      allow_profiles_outside_organization: allowOutside
    }, now)
    return ok(organizationJson(org), 201)
  })
  world.route("GET", "/organizations/external_id/{external_id}", ({ params }) => {
    const org = [...world.organizations.values()].find((o) => o.external_id === params.external_id)
    if (!org) throw notFound(`Organization not found: '${params.external_id}'.`)
    return ok(organizationJson(org))
  })
  world.route("GET", "/organizations/{id}", ({ params }) => ok(organizationJson(world.organization(params.id!))))
  world.route("PUT", "/organizations/{id}", ({ body: read, now, params }) => {
    const org = world.organization(params.id!)
    const body = read()
    const name = body.optionalString("name")
    const domains = organizationDomains(world, body)
    const metadata = body.metadata("metadata")
    const externalId = body.nullableString("external_id")
    const stripeCustomerId = body.optionalString("stripe_customer_id")
    const allowOutside = body.optionalBoolean("allow_profiles_outside_organization")
    body.check()
    externalIdTaken(world, externalId, org.id)
    if (name !== undefined) org.name = name
    if (domains !== undefined) org.domains = domains
    if (metadata !== undefined) org.metadata = metadata ?? {}
    if (externalId !== undefined) org.external_id = externalId
    if (stripeCustomerId !== undefined) org.stripe_customer_id = stripeCustomerId
    if (allowOutside !== undefined) org.allow_profiles_outside_organization = allowOutside
    org.updated_at = iso(now)
    world.emit("organization.updated", organizationJson(org), now, org.id)
    return ok(organizationJson(org))
  })
  world.route("DELETE", "/organizations/{id}", ({ now, params }) => {
    const org = world.organization(params.id!)
    for (const m of [...world.memberships.values()]) if (m.organization_id === org.id) world.deleteMembership(m, now)
    world.organizations.delete(org.id)
    world.emit("organization.deleted", organizationJson(org), now, org.id)
    return empty()
  })
}
