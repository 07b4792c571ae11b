/**
 * The emulator's event log (`GET /events`) and its webhook endpoints and deliveries.
 *
 * @internal
 */
import { createHmac } from "node:crypto"
import { iso, paginate, unprocessable } from "./core.js"

/** One event, as `GET /events` and webhooks send it. @internal */
export interface EventRecord {
  readonly id: string
  readonly event: string
  readonly data: Record<string, unknown>
  /** Milliseconds since the epoch. */
  readonly at: number
  readonly organizationId: string | null
}

/** A registered webhook endpoint. @internal */
export interface WebhookEndpointRecord {
  readonly id: string
  readonly url: string
  readonly secret: string
  /** The event types it receives; every type when absent. */
  readonly events: ReadonlyArray<string> | undefined
  readonly createdAt: number
}

/** One event on its way to one endpoint. @internal */
export interface DeliveryRecord {
  readonly id: string
  readonly endpoint: WebhookEndpointRecord
  readonly eventId: string
  /** The event's JSON as recorded: what every attempt sends, whatever the log keeps since. */
  readonly body: string
  attempts: number
  /** When the next attempt is due (milliseconds), while pending. */
  dueAt: number
  state: "pending" | "delivered" | "failed"
  /** The status of each attempt, `null` when no response arrived. */
  readonly statuses: Array<number | null>
}

/** Attempts per delivery before it is marked failed, and the first retry delay (doubling). @internal */
export const deliveryPolicy = { maxAttempts: 6, firstRetryMillis: 1_000 }

/** The wire form of an event. @internal */
export const eventJson = (e: EventRecord) => ({
  object: "event" as const,
  id: e.id,
  event: e.event,
  data: e.data,
  created_at: iso(e.at),
  context: {}
})

/**
 * The `WorkOS-Signature` header WorkOS sends: `t=<milliseconds>, v1=<hex HMAC-SHA256 of
 * "<t>.<body>">`.
 *
 * @internal
 */
export const signature = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp}, v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`

/** @internal */
export class EventLog {
  readonly events: Array<EventRecord> = []

  /** `history`: keep about the last N events (a cursor older than them is unknown). */
  constructor(private readonly history?: number | undefined) {}
  readonly endpoints = new Map<string, WebhookEndpointRecord>()
  readonly deliveries: Array<DeliveryRecord> = []
  private readonly listeners = new Set<() => void>()

  record(event: EventRecord): void {
    this.events.push(event)
    // Trim in batches, so keeping the last N costs O(1) per event on average.
    const keep = this.history
    if (keep !== undefined && this.events.length > Math.max(2 * keep, 64)) {
      this.events.splice(0, this.events.length - keep)
    }
    let body: string | undefined
    for (const endpoint of this.endpoints.values()) {
      if (endpoint.events !== undefined && !endpoint.events.includes(event.event)) continue
      body ??= JSON.stringify(eventJson(event))
      this.deliveries.push({
        id: `${endpoint.id}:${event.id}`,
        endpoint,
        eventId: event.id,
        body,
        attempts: 0,
        dueAt: event.at,
        state: "pending",
        statuses: []
      })
    }
    for (const listener of this.listeners) listener()
  }

  /** Replace the events and endpoints (a snapshot restored); deliveries under way end. */
  replace(events: ReadonlyArray<EventRecord>, endpoints: ReadonlyArray<WebhookEndpointRecord>): void {
    this.events.splice(0, this.events.length, ...events)
    this.endpoints.clear()
    for (const endpoint of endpoints) this.endpoints.set(endpoint.id, endpoint)
    this.deliveries.splice(0, this.deliveries.length)
  }

  /** Be told when an event is recorded; returns the function that stops it. */
  onRecord(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Pending deliveries due at `now`, oldest event first. */
  due(now: number): Array<DeliveryRecord> {
    return this.deliveries.filter((d) => d.state === "pending" && d.dueAt <= now)
  }

  /** When the next pending delivery is due, if any. */
  nextDueAt(): number | undefined {
    let next: number | undefined
    for (const d of this.deliveries) if (d.state === "pending" && (next === undefined || d.dueAt < next)) next = d.dueAt
    return next
  }

  /** Record an attempt's outcome: delivered on 2xx, else retried with a doubling delay. */
  attempted(delivery: DeliveryRecord, status: number | null, now: number): void {
    delivery.attempts++
    delivery.statuses.push(status)
    if (status !== null && status >= 200 && status < 300) {
      delivery.state = "delivered"
    } else if (delivery.attempts >= deliveryPolicy.maxAttempts) {
      delivery.state = "failed"
    } else {
      delivery.dueAt = now + deliveryPolicy.firstRetryMillis * 2 ** (delivery.attempts - 1)
    }
  }

  /** `GET /events`: oldest first unless `order` says otherwise, with the API's filters. */
  list(query: URLSearchParams) {
    const types = query.get("events")
    const wanted = types === null || types === "" ? undefined : new Set(types.split(","))
    const organizationId = query.get("organization_id")
    const bound = (key: "range_start" | "range_end") => {
      const value = query.get(key)
      if (value === null) return undefined
      const millis = Date.parse(value)
      if (Number.isNaN(millis)) throw unprocessable([{ field: key, code: "invalid_date" }])
      return millis
    }
    const start = bound("range_start")
    const end = bound("range_end")
    const ordered = new URLSearchParams(query)
    if (!ordered.has("order")) ordered.set("order", "asc")
    // Oldest first, `after` is a position in the whole log, so a cursor saved from an
    // unfiltered list (or an event the filters exclude) still resumes where it was.
    const after = ordered.get("order") === "asc" ? query.get("after") : null
    let from = 0
    if (after !== null && after !== "") {
      const index = this.events.findIndex((e) => e.id === after)
      if (index === -1) throw unprocessable([{ field: "after", code: "invalid_cursor" }])
      from = index + 1
      ordered.delete("after")
    }
    const matching = this.events.slice(from).filter((e) =>
      (wanted === undefined || wanted.has(e.event)) &&
      (organizationId === null || e.organizationId === organizationId) &&
      (start === undefined || e.at >= start) && (end === undefined || e.at <= end)
    )
    const page = paginate(matching, ordered, eventJson)
    // The events list carries only the `after` cursor.
    return { object: page.object, data: page.data, list_metadata: { after: page.list_metadata.after } }
  }
}
