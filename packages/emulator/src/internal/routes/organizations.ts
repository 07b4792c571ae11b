/**
 * The emulator's routes for organizations: create, read, update, delete, list, by external id; their domains.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Body from "../body.js"
import { codeError, empty, iso, notFound, ok, paginate } from "../core.js"
import { organizationJson } from "../wire.js"
import { type World } from "../world.js"

/** `domain_data` (each domain with its state) or, before it, `domains` (pending). */
const DomainFields = {
  domains: Body.optionalStringArray,
  domain_data: Schema.optional(Body.withCode(
    Schema.Array(Schema.Struct({ domain: Schema.String, state: Schema.Literal("pending", "verified") })),
    "invalid_domain_data"
  ))
}

const organizationDomains = (body: Schema.Struct.Type<typeof DomainFields>) =>
  body.domain_data === undefined
    ? body.domains?.map((domain) => ({ domain, state: "pending" as const }))
    : body.domain_data.map(({ domain, state }) => ({ domain, state }))

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
  const CreateOrganization = Schema.Struct({
    name: Body.string,
    ...DomainFields,
    metadata: Body.metadata,
    external_id: Body.nullableString,
    allow_profiles_outside_organization: Body.optionalBoolean
  })
  world.route("POST", "/organizations", ({ body: decode, now }) => {
    const body = decode(CreateOrganization)
    const { name, metadata, external_id: externalId, allow_profiles_outside_organization: allowOutside } = body
    const domains = organizationDomains(body)
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
  const UpdateOrganization = Schema.Struct({
    name: Body.optionalString,
    ...DomainFields,
    metadata: Body.metadata,
    external_id: Body.nullableString,
    stripe_customer_id: Body.optionalString,
    allow_profiles_outside_organization: Body.optionalBoolean
  })
  world.route("PUT", "/organizations/{id}", ({ body: decode, now, params }) => {
    const org = world.organization(params.id!)
    const body = decode(UpdateOrganization)
    const {
      name,
      metadata,
      external_id: externalId,
      stripe_customer_id: stripeCustomerId,
      allow_profiles_outside_organization: allowOutside
    } = body
    const domains = organizationDomains(body)
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
