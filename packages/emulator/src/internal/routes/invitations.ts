/**
 * The emulator's routes for invitations: send, read, find by token, list, accept, revoke, resend.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Body from "../body.js"
import { codeError, type InvitationRecord, iso, notFound, ok, paginate } from "../core.js"
import { invitationJson } from "../wire.js"
import { type World } from "../world.js"

const DAY = 24 * 60 * 60_000

const invitationById = (world: World, id: string): InvitationRecord => {
  const i = world.invitations.get(id)
  if (!i) throw notFound(`Invitation not found: '${id}'.`)
  return i
}

const effectiveState = (world: World, i: InvitationRecord, now: number): InvitationRecord["state"] => {
  return i.state === "pending" && Date.parse(i.expires_at) <= now ? "expired" : i.state
}

export const registerInvitations = (world: World): void => {
  world.route("GET", "/user_management/invitations", ({ now, query }) => {
    const organizationId = query.get("organization_id")
    const email = query.get("email")?.toLowerCase()
    const items = [...world.invitations.values()].filter((i) =>
      (!organizationId || i.organization_id === organizationId) && (!email || i.email.toLowerCase() === email)
    )
    return ok(paginate(items, query, (i) => invitationJson(i, now)))
  })

  const SendInvitation = Schema.Struct({
    email: Body.email,
    organization_id: Body.optionalString,
    role_slug: Body.optionalString,
    expires_in_days: Body.optionalInteger,
    inviter_user_id: Body.optionalString,
    locale: Body.optionalString
  })
  world.route("POST", "/user_management/invitations", ({ body: decode, now }) => {
    const body = decode(SendInvitation)
    const { email, organization_id: organizationId, role_slug: roleSlug, inviter_user_id: inviterUserId } = body
    const expiresInDays = body.expires_in_days ?? 7
    if (expiresInDays < 1) throw codeError(400, "expires_in_days_too_short", "expires_in_days must be at least 1.")
    if (expiresInDays > 30) throw codeError(400, "expires_in_days_too_long", "expires_in_days must be at most 30.")
    if (organizationId !== undefined) world.organization(organizationId)
    if (inviterUserId !== undefined) world.user(inviterUserId)
    if (roleSlug !== undefined && !world.role(roleSlug)) {
      throw codeError(400, "invalid_role", `Role not found: '${roleSlug}'.`)
    }
    const existingUser = world.userByEmail(email)
    if (organizationId !== undefined && existingUser) {
      const member = [...world.memberships.values()].some((m) =>
        m.user_id === existingUser.id && m.organization_id === organizationId && m.status === "active"
      )
      if (member) throw codeError(400, "user_already_organization_member", "The user is already a member.")
    } else if (organizationId === undefined && existingUser) {
      throw codeError(400, "user_already_exists", "A user with this email already exists.")
    }
    const pending = [...world.invitations.values()].find((i) =>
      i.email.toLowerCase() === email.toLowerCase() && (i.organization_id ?? undefined) === organizationId &&
      effectiveState(world, i, now) === "pending"
    )
    if (pending) {
      throw organizationId === undefined
        ? codeError(400, "email_already_invited", "This email already has a pending invitation.")
        : codeError(400, "email_already_invited_to_organization", "This email is already invited.")
    }
    const token = world.prng.token(25)
    const at = iso(now)
    const invitation: InvitationRecord = {
      seq: world.nextSeq(),
      id: world.id("invitation", now),
      email,
      state: "pending",
      accepted_at: null,
      revoked_at: null,
      expires_at: iso(now + expiresInDays * DAY),
      organization_id: organizationId ?? null,
      inviter_user_id: inviterUserId ?? null,
      accepted_user_id: null,
      role_slug: roleSlug ?? null,
      created_at: at,
      updated_at: at,
      token,
      accept_invitation_url: `${world.options.baseUrl}/invite?invitation_token=${token}`
    }
    world.invitations.set(invitation.id, invitation)
    world.emit("invitation.created", world.invitationEvent(invitation, now), now, invitation.organization_id)
    world.send({
      kind: "invitation",
      to: email,
      id: invitation.id,
      userId: existingUser?.id ?? null,
      code: null,
      token,
      url: invitation.accept_invitation_url
    }, now)
    return ok(invitationJson(invitation, now), 201)
  })

  world.route("GET", "/user_management/invitations/by_token/{token}", ({ now, params }) => {
    const invitation = [...world.invitations.values()].find((i) => i.token === params.token)
    if (!invitation) throw notFound("Invitation not found.")
    return ok(invitationJson(invitation, now))
  })

  world.route(
    "GET",
    "/user_management/invitations/{id}",
    ({ now, params }) => ok(invitationJson(invitationById(world, params.id!), now))
  )

  world.route("POST", "/user_management/invitations/{id}/accept", ({ now, params }) => {
    const invitation = invitationById(world, params.id!)
    if (effectiveState(world, invitation, now) !== "pending") {
      throw codeError(400, "invite_not_pending", "The invitation is not pending.")
    }
    world.acceptInvitation(invitation, world.userByEmail(invitation.email), now)
    return ok(invitationJson(invitation, now))
  })

  world.route("POST", "/user_management/invitations/{id}/revoke", ({ now, params }) => {
    const invitation = invitationById(world, params.id!)
    if (effectiveState(world, invitation, now) !== "pending") {
      throw codeError(400, "invite_not_pending", "The invitation is not pending.")
    }
    invitation.state = "revoked"
    invitation.revoked_at = iso(now)
    invitation.updated_at = iso(now)
    world.emit("invitation.revoked", world.invitationEvent(invitation, now), now, invitation.organization_id)
    return ok(invitationJson(invitation, now))
  })

  const ResendInvitation = Schema.Struct({ locale: Body.optionalString })
  world.route("POST", "/user_management/invitations/{id}/resend", ({ body: decode, now, params }) => {
    const invitation = invitationById(world, params.id!)
    decode(ResendInvitation)
    const state = effectiveState(world, invitation, now)
    if (state !== "pending") {
      throw codeError(400, `invite_${state}`, `The invitation is ${state}.`)
    }
    invitation.updated_at = iso(now)
    world.emit("invitation.resent", world.invitationEvent(invitation, now), now, invitation.organization_id)
    world.send({
      kind: "invitation",
      to: invitation.email,
      id: invitation.id,
      userId: null,
      code: null,
      token: invitation.token,
      url: invitation.accept_invitation_url
    }, now)
    return ok(invitationJson(invitation, now))
  })
}
