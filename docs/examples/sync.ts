/**
 * Keeping your own user store in sync: an initial load, then events from a saved cursor.
 */
import { Effect, type Schedule, Stream } from "effect"
import { Events, OrganizationMemberships, Organizations, Users } from "effect-workos"

// --- replica
// Your store: a table of users, one of memberships, and the cursor (the id of the last
// event applied). `null` means "from the oldest event WorkOS keeps".
export interface Replica {
  readonly putUser: (user: Users.User) => Effect.Effect<void>
  readonly removeUser: (userId: string) => Effect.Effect<void>
  readonly putMembership: (membership: OrganizationMemberships.OrganizationMembership) => Effect.Effect<void>
  readonly removeMembership: (membershipId: string) => Effect.Effect<void>
  readonly loadCursor: Effect.Effect<string | null>
  readonly saveCursor: (eventId: string | null) => Effect.Effect<void>
}
// --- end

// --- initial
// Save the newest event id first, then load everything: what changes during the load is
// replayed by `follow` afterwards (events carry whole objects, so replaying is harmless).
export const initialLoad = (replica: Replica) =>
  Effect.gen(function*() {
    const cursor = yield* Events.latestId()
    yield* Users.list().pipe(Stream.runForEach(replica.putUser))
    yield* Organizations.list().pipe(
      Stream.flatMap((org) =>
        OrganizationMemberships.list({ organizationId: org.id, statuses: ["active", "inactive", "pending"] })
      ),
      Stream.runForEach(replica.putMembership)
    )
    yield* replica.saveCursor(cursor)
  })
// --- end

// --- apply
const apply = (replica: Replica, event: Events.Event) => {
  switch (event._tag) {
    case "user.created":
    case "user.updated":
      return replica.putUser(event.data)
    case "user.deleted":
      return replica.removeUser(event.data.id)
    case "organization_membership.created":
    case "organization_membership.updated":
      return replica.putMembership(event.data)
    case "organization_membership.deleted":
      return replica.removeMembership(event.data.id)
    default:
      return Effect.void
  }
}
// --- end

// --- follow
// The event types the replica applies.
export const replicaEvents: ReadonlyArray<Events.EventType> = [
  "user.created",
  "user.updated",
  "user.deleted",
  "organization_membership.created",
  "organization_membership.updated",
  "organization_membership.deleted"
]

// Apply each event, then save its id: after a crash, `follow` starts again after the last
// event saved, so every event is applied at least once.
export const followChanges = (replica: Replica, idle?: Schedule.Schedule<unknown, void>) =>
  Effect.gen(function*() {
    const after = yield* replica.loadCursor
    yield* Events.follow({ after: after ?? undefined, events: replicaEvents, idle }).pipe(
      Stream.runForEach((event) => Effect.zipRight(apply(replica, event), replica.saveCursor(event.id)))
    )
  })
// --- end
