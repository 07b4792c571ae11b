/**
 * Organizations: create them, invite people, manage memberships and roles.
 */
import { Chunk, Effect, Stream } from "effect"
import { Invitations, OrganizationMemberships, Organizations } from "effect-workos"

// --- tenant
// One organization per tenant of your app, found by your own id (its external id), or
// created with its verified domain the first time.
export const ensureTenant = (tenant: { readonly id: string; readonly name: string; readonly domain: string }) =>
  Organizations.getByExternalId(tenant.id).pipe(
    Effect.catchTag("WorkOSNotFound", () =>
      Organizations.create({
        name: tenant.name,
        externalId: tenant.id,
        domainData: [{ domain: tenant.domain, state: "verified" }],
        metadata: { plan: "trial" }
      }))
  )
// --- end

// --- tenant-list
// Organizations matching a domain, by name.
export const organizationsOf = (domain: string) =>
  Organizations.list({ domains: [domain] }).pipe(
    Stream.map((org) => org.name),
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray)
  )
// --- end

// --- invite
// Invite someone into an organization as an admin; WorkOS emails the link.
export const inviteAdmin = (email: string, organizationId: string) =>
  Invitations.send({ email, organizationId, roleSlug: "admin", expiresInDays: 3 }).pipe(
    Effect.map((invitation) => invitation.id),
    Effect.catchTags({
      WorkOSBadRequest: (e) =>
        e.code === "user_already_organization_member" || e.code === "email_already_invited_to_organization"
          ? Effect.succeed(null)
          : Effect.fail(e)
    })
  )
// --- end

// --- members
// Everyone active or suspended in an organization, with their roles, as a stream.
export const membersWithRoles = (organizationId: string) =>
  OrganizationMemberships.list({ organizationId, statuses: ["active", "inactive"] }).pipe(
    Stream.map((m) => ({ userId: m.userId, status: m.status, roles: (m.roles ?? [m.role]).map((r) => r.slug) })),
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray)
  )
// --- end

// --- suspend
// Suspend a member (their roles are kept) and bring them back later.
export const suspend = (membershipId: string) => OrganizationMemberships.deactivate(membershipId)
export const restore = (membershipId: string) => OrganizationMemberships.reactivate(membershipId)
// --- end
