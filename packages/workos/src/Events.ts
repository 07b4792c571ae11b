/**
 * Events: what changed in your WorkOS environment, in order. List them, or follow them
 * forever from a saved cursor to keep your own user store in sync.
 *
 * Every event decodes into {@link Event}, a union discriminated by `_tag`: the event type
 * (`"user.created"`, `"organization_membership.deleted"`, …) with a typed `data`, or
 * `"UnknownEvent"` for a type this version does not know, kept with its raw `data` (never a
 * decode failure, so a new WorkOS event type cannot stop your sync).
 *
 * @since 0.2.0
 */
import * as Chunk from "effect/Chunk"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Struct from "effect/Struct"
import { EmailVerification } from "./EmailVerification.js"
import { listEndpoint, withResumeCursor } from "./internal/pagination.js"
import { commaSeparated, nullable, optional, optionalWire, wire } from "./internal/schema.js"
import { User } from "./internal/user.js"
import { Invitation } from "./Invitations.js"
import { MagicAuth } from "./MagicAuth.js"
import { OrganizationMembership } from "./OrganizationMemberships.js"
import { Organization } from "./Organizations.js"
import * as Pagination from "./Pagination.js"
import { PasswordReset } from "./PasswordReset.js"
import { Session } from "./Sessions.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure } from "./WorkOSError.js"

const Context = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const knownTypes = new Set<string>()

/** The schema of one known event type (and the type recorded as known). */
const known = <const T extends string, A, I>(type: T, data: Schema.Schema<A, I>) => {
  knownTypes.add(type)
  return Schema.Struct({
    object: optional(Schema.Literal("event")),
    id: Schema.String,
    event: Schema.Literal(type),
    data,
    createdAt: wire(Schema.String, "created_at"),
    context: optional(Context)
  }).pipe(Schema.attachPropertySignature("_tag", type))
}

/**
 * The payload of `authentication.*` events: who signed in (or failed to), how, and from where.
 *
 * @since 0.2.0
 * @category models
 */
export const AuthenticationEventData = Schema.Struct({
  type: Schema.String,
  status: Schema.String,
  ipAddress: nullable(Schema.String, "ip_address"),
  userAgent: nullable(Schema.String, "user_agent"),
  userId: nullable(Schema.String, "user_id"),
  email: Schema.String,
  error: optional(Schema.Struct({ code: Schema.String, message: Schema.String })),
  sso: optional(Schema.Struct({
    organizationId: nullable(Schema.String, "organization_id"),
    connectionId: nullable(Schema.String, "connection_id"),
    sessionId: nullable(Schema.String, "session_id")
  }))
})

/**
 * The payload of `invitation.*` events: an invitation without its token and acceptance URL.
 *
 * @since 0.2.0
 * @category models
 */
export const InvitationEventData = Schema.Struct(Struct.omit(Invitation.fields, "token", "acceptInvitationUrl"))

/**
 * The payload of `magic_auth.created`: the magic auth without its code.
 *
 * @since 0.2.0
 * @category models
 */
export const MagicAuthEventData = Schema.Struct(Struct.omit(MagicAuth.fields, "code"))

/**
 * The payload of `email_verification.created`: the verification without its code.
 *
 * @since 0.2.0
 * @category models
 */
export const EmailVerificationEventData = Schema.Struct(Struct.omit(EmailVerification.fields, "code"))

/**
 * The payload of `password_reset.*` events: the reset without its token and URL.
 *
 * @since 0.2.0
 * @category models
 */
export const PasswordResetEventData = Schema.Struct(
  Struct.omit(PasswordReset.fields, "passwordResetToken", "passwordResetUrl")
)

const authentication = [
  "authentication.email_verification_failed",
  "authentication.email_verification_succeeded",
  "authentication.magic_auth_failed",
  "authentication.magic_auth_succeeded",
  "authentication.mfa_failed",
  "authentication.mfa_succeeded",
  "authentication.oauth_failed",
  "authentication.oauth_succeeded",
  "authentication.passkey_failed",
  "authentication.passkey_succeeded",
  "authentication.password_failed",
  "authentication.password_succeeded",
  "authentication.reauthentication_succeeded",
  "authentication.sso_failed",
  "authentication.sso_started",
  "authentication.sso_succeeded",
  "authentication.sso_timed_out"
] as const

const knownEvents = [
  known("user.created", User),
  known("user.updated", User),
  known("user.deleted", User),
  known("organization.created", Organization),
  known("organization.updated", Organization),
  known("organization.deleted", Organization),
  known("organization_membership.created", OrganizationMembership),
  known("organization_membership.updated", OrganizationMembership),
  known("organization_membership.deleted", OrganizationMembership),
  known("invitation.created", InvitationEventData),
  known("invitation.accepted", InvitationEventData),
  known("invitation.revoked", InvitationEventData),
  known("invitation.resent", InvitationEventData),
  known("session.created", Session),
  known("session.revoked", Session),
  known("email_verification.created", EmailVerificationEventData),
  known("magic_auth.created", MagicAuthEventData),
  known("password_reset.created", PasswordResetEventData),
  known("password_reset.succeeded", PasswordResetEventData),
  ...authentication.map((type) => known(type, AuthenticationEventData))
] as const

/**
 * The event types this version decodes with a typed payload.
 *
 * @since 0.2.0
 * @category models
 */
export const knownEventTypes: ReadonlySet<string> = knownTypes

/**
 * An event of a type this version does not know (or does not model: directory sync,
 * roles, …), with its raw `data`. Its `_tag` is `"UnknownEvent"`; `event` says which type.
 *
 * @since 0.2.0
 * @category models
 */
export const UnknownEvent = Schema.Struct({
  object: optional(Schema.Literal("event")),
  id: Schema.String,
  event: Schema.String.pipe(Schema.filter((type) => !knownEventTypes.has(type))),
  data: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  createdAt: wire(Schema.String, "created_at"),
  context: optional(Context)
}).pipe(Schema.attachPropertySignature("_tag", "UnknownEvent"))

/**
 * An event of a type this version does not know.
 *
 * @since 0.2.0
 * @category models
 */
export type UnknownEvent = typeof UnknownEvent.Type

/**
 * Any event: switch on `_tag` (the event type, or `"UnknownEvent"`) and `data` is typed.
 * A known type with a payload that does not match fails to decode (it is not passed off
 * as unknown).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { Events } from "effect-workos"
 *
 * const apply = (event: Events.Event) => {
 *   switch (event._tag) {
 *     case "user.created":
 *     case "user.updated":
 *       return Effect.log(`upsert ${event.data.email}`)
 *     case "user.deleted":
 *       return Effect.log(`delete ${event.data.id}`)
 *     default:
 *       return Effect.void
 *   }
 * }
 * ```
 *
 * @since 0.2.0
 * @category schemas
 */
export const Event = Schema.Union(...knownEvents, UnknownEvent)

/**
 * Any event.
 *
 * @since 0.2.0
 * @category models
 */
export type Event = typeof Event.Type

/**
 * The type names of the events this version knows.
 *
 * @since 0.2.0
 * @category models
 */
export type EventType = Exclude<Event["_tag"], "UnknownEvent">

/**
 * Filters and cursors of {@link list} and {@link listPage}. `events` picks event types;
 * `rangeStart`/`rangeEnd` are ISO 8601 times. Events come oldest first unless `order` says
 * otherwise.
 *
 * @since 0.2.0
 * @category models
 */
export interface ListEventsParams extends Omit<Pagination.ListParams, "before"> {
  readonly events?: ReadonlyArray<EventType | (string & {})> | undefined
  readonly organizationId?: string | undefined
  readonly rangeStart?: string | undefined
  readonly rangeEnd?: string | undefined
}

const ListQuery = Schema.Struct({
  limit: Pagination.ListParamsFields.limit,
  after: Pagination.ListParamsFields.after,
  order: Pagination.ListParamsFields.order,
  events: Schema.optional(commaSeparated(Schema.String)),
  organizationId: optionalWire(Schema.String, "organization_id"),
  rangeStart: optionalWire(Schema.String, "range_start"),
  rangeEnd: optionalWire(Schema.String, "range_end")
})

const endpoint = /* @__PURE__ */ listEndpoint({ span: "WorkOS.Events", path: "/events", query: ListQuery, item: Event })

/**
 * One page of events.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const listPage = (
  params: ListEventsParams = {}
): Effect.Effect<Pagination.Page<Event>, RequestFailure, Requirements> => endpoint.listPage(params)

/**
 * Every event matching the filters, as a stream that ends at the newest event. To keep
 * going as new events arrive, use {@link follow}.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const list = (
  params: ListEventsParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<Event, ListFailure, Requirements> => endpoint.list(params, options)

/**
 * The id of the newest event matching the filters, or `null` when there is none: the
 * cursor to save before an initial load, so {@link follow} starts where the load began.
 *
 * @since 0.2.0
 * @category endpoints
 */
export const latestId = (
  params: Pick<ListEventsParams, "events" | "organizationId"> = {}
): Effect.Effect<string | null, RequestFailure, Requirements> =>
  Effect.map(listPage({ ...params, order: "desc", limit: 1 }), (page) => page.data[0]?.id ?? null)

/**
 * Options of {@link follow}.
 *
 * @since 0.2.0
 * @category models
 */
export interface FollowOptions extends Pick<ListEventsParams, "events" | "organizationId" | "limit"> {
  /**
   * The id of the last event you processed: the stream starts after it. Absent: from the
   * oldest event WorkOS still keeps.
   */
  readonly after?: string | undefined
  /**
   * How long to wait before polling again while there is nothing new: the schedule is
   * stepped once per empty poll and reset by the next event. When it ends, the stream ends
   * ("follow until quiet"). Default: 1 second doubling up to 30 seconds, forever.
   */
  readonly idle?: Schedule.Schedule<unknown, void> | undefined
  /** How many recent event ids to remember to drop duplicates (default 10,000). */
  readonly dedupeWindow?: number | undefined
}

const defaultIdle: Schedule.Schedule<unknown, void> = Schedule.exponential("1 second").pipe(
  Schedule.union(Schedule.spaced("30 seconds"))
)

/** Ids seen recently, forgetting the oldest past `size`. */
const recentIds = (size: number) => {
  const ids = new Set<string>()
  return (id: string): boolean => {
    if (ids.has(id)) return false
    ids.add(id)
    if (ids.size > size) ids.delete(ids.values().next().value!)
    return true
  }
}

/**
 * Follow events forever: a stream that polls for events after the last one it delivered,
 * waits on the `idle` schedule when there is nothing new, and never delivers the same event
 * id twice within the `dedupeWindow`. Save each event's `id` once you have processed it
 * and pass the saved id as `after` when you start again: every event is delivered at
 * least once.
 *
 * A poll that fails (after the SDK's own retries) fails the stream; its error's
 * `resumeCursor` is where to start again.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Events } from "effect-workos"
 *
 * const sync = (savedCursor: string | undefined, save: (id: string) => Effect.Effect<void>) =>
 *   Events.follow({ after: savedCursor, events: ["user.created", "user.updated", "user.deleted"] }).pipe(
 *     Stream.runForEach((event) => Effect.zipRight(Effect.log(event._tag), save(event.id)))
 *   )
 * ```
 *
 * @since 0.2.0
 * @category endpoints
 */
export const follow = (options: FollowOptions = {}): Stream.Stream<Event, RequestFailure, Requirements> =>
  Stream.unwrap(Effect.gen(function*() {
    const idle = yield* Schedule.driver(options.idle ?? defaultIdle)
    const fresh = recentIds(options.dedupeWindow ?? 10_000)
    const filters: ListEventsParams = {
      order: "asc",
      limit: options.limit ?? 100,
      ...(options.events === undefined ? {} : { events: options.events }),
      ...(options.organizationId === undefined ? {} : { organizationId: options.organizationId })
    }
    let cursor = options.after
    const poll: Effect.Effect<Chunk.Chunk<Event>, Option.Option<RequestFailure>, Requirements> = Effect.suspend(() =>
      Effect.flatMap(
        Effect.mapError(
          listPage(cursor === undefined ? filters : { ...filters, after: cursor }),
          (error) => Option.some(withResumeCursor(cursor)(error))
        ),
        (page) => {
          const last = page.data.at(-1)
          if (last === undefined) return Effect.as(idle.next(undefined), Chunk.empty<Event>())
          cursor = last.id
          return Effect.as(idle.reset, Chunk.filter(Chunk.unsafeFromArray(page.data), (event) => fresh(event.id)))
        }
      )
    )
    return Stream.repeatEffectChunkOption(poll)
  }))

/**
 * A schedule for {@link follow} that ends the stream after `polls` empty polls in a row,
 * `spacing` apart: follow until quiet (for tests, backfills and one-off catch-ups).
 *
 * @since 0.2.0
 * @category constructors
 */
export const untilQuiet = (polls: number, spacing: Duration.DurationInput): Schedule.Schedule<unknown, void> =>
  Schedule.asVoid(Schedule.intersect(Schedule.recurs(polls), Schedule.spaced(spacing)))
