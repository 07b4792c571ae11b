/**
 * Snapshots: the emulator's stored state as JSON, and back. A snapshot holds every table
 * (users, organizations, memberships, invitations, one-time codes, factors, sessions, API
 * keys, environment settings), the outbox, the events and webhook endpoints, the id
 * counter and the random sequence, so an emulator restored from it answers as the one it
 * was taken from. Sign-ins in flight (pending authentication tokens, authorization and
 * device codes) and webhook deliveries under way are not kept.
 *
 * @internal
 */
import type { Authenticator } from "./authenticate.js"
import type { EventRecord, WebhookEndpointRecord } from "./events.js"
import type { World } from "./world.js"

/** The world's keyed tables, in the order they are restored. @internal */
const tables = [
  "users",
  "organizations",
  "memberships",
  "invitations",
  "magicAuths",
  "emailVerifications",
  "passwordResets",
  "emailChanges",
  "factors",
  "challenges",
  "sessions",
  "apiKeys",
  "featureFlags",
  "groups",
  "authorizedApplications",
  "connectedAccounts",
  "corsOrigins",
  "redirectUris",
  "radarChallenges",
  "radarSms"
] as const satisfies ReadonlyArray<keyof World>

type Table = (typeof tables)[number]

/** @internal */
export interface Snapshot {
  readonly format: "effect-workos-emulator/snapshot"
  readonly version: 1
  readonly seq: number
  readonly prng: number
  readonly tables: { readonly [K in Table]: ReadonlyArray<readonly [string, unknown]> }
  readonly dataProviders: ReadonlyArray<unknown>
  readonly jwtTemplate: World["jwtTemplate"] | null
  readonly outbox: World["outbox"]
  readonly events: ReadonlyArray<EventRecord>
  readonly webhookEndpoints: ReadonlyArray<WebhookEndpointRecord>
  readonly authentication: ReturnType<Authenticator["saveState"]>
}

/** @internal */
export const save = (world: World, auth: Authenticator): Snapshot =>
  structuredClone({
    format: "effect-workos-emulator/snapshot",
    version: 1,
    seq: world.seq,
    prng: world.prng.state,
    tables: Object.fromEntries(
      tables.map((name) => [name, [...(world[name] as Map<string, unknown>)]])
    ) as unknown as Snapshot[
      "tables"
    ],
    dataProviders: world.dataProviders,
    jwtTemplate: world.jwtTemplate ?? null,
    outbox: world.outbox,
    events: world.eventLog.events,
    webhookEndpoints: [...world.eventLog.endpoints.values()],
    authentication: auth.saveState()
  })

/** A snapshot that can't be restored; `path` names the field. @internal */
export class SnapshotError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`)
  }
}

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const array = (value: unknown, path: string): ReadonlyArray<unknown> => {
  if (!Array.isArray(value)) throw new SnapshotError(path, "expected an array")
  return value
}

const records = (value: unknown, path: string): ReadonlyArray<Record<string, unknown>> =>
  array(value, path).map((item, i) => {
    if (!isObject(item)) throw new SnapshotError(`${path}[${i}]`, "expected an object")
    return item
  })

const entries = (value: unknown, path: string): ReadonlyArray<readonly [string, Record<string, unknown>]> =>
  array(value, path).map((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string" || !isObject(entry[1])) {
      throw new SnapshotError(`${path}[${i}]`, "expected a [key, record] pair")
    }
    return [entry[0], entry[1]] as const
  })

const integer = (value: unknown, path: string): number => {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new SnapshotError(path, "expected a non-negative integer")
  }
  return value
}

/**
 * Check a parsed snapshot's shape (the whole of it, before anything changes), then
 * replace the world's state with it.
 *
 * @internal
 */
export const restore = (world: World, auth: Authenticator, input: unknown): void => {
  if (!isObject(input)) throw new SnapshotError("snapshot", "expected an object")
  if (input.format !== "effect-workos-emulator/snapshot") {
    throw new SnapshotError("format", `expected "effect-workos-emulator/snapshot"`)
  }
  if (input.version !== 1) throw new SnapshotError("version", "expected 1")
  const seq = integer(input.seq, "seq")
  const prng = integer(input.prng, "prng")
  if (!isObject(input.tables)) throw new SnapshotError("tables", "expected an object")
  const loaded = tables.map((name) =>
    [name, entries((input.tables as Record<string, unknown>)[name] ?? [], `tables.${name}`)] as const
  )
  const dataProviders = records(input.dataProviders ?? [], "dataProviders")
  const jwtTemplate = input.jwtTemplate ?? null
  if (jwtTemplate !== null && !isObject(jwtTemplate)) {
    throw new SnapshotError("jwtTemplate", "expected an object or null")
  }
  const outbox = records(input.outbox ?? [], "outbox")
  const events = records(input.events ?? [], "events")
  const endpoints = records(input.webhookEndpoints ?? [], "webhookEndpoints")
  const authentication = isObject(input.authentication) ? input.authentication : {}
  const activeKey = integer(authentication.activeKey ?? 0, "authentication.activeKey")
  const spent = array(authentication.spentRefreshTokens ?? [], "authentication.spentRefreshTokens").map((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
      throw new SnapshotError(`authentication.spentRefreshTokens[${i}]`, "expected a [token, session id] pair")
    }
    return [pair[0], pair[1]] as const
  })

  const copy = structuredClone({ loaded, dataProviders, jwtTemplate, outbox, events, endpoints })
  world.seq = seq
  world.prng.state = prng
  for (const [name, rows] of copy.loaded) {
    const table = world[name] as Map<string, unknown>
    table.clear()
    for (const [key, record] of rows) table.set(key, record)
  }
  world.userIdByEmail.clear()
  world.userIdByExternalId.clear()
  for (const user of world.users.values()) world.indexUser(user)
  world.dataProviders.splice(0, world.dataProviders.length, ...(copy.dataProviders as Array<never>))
  world.jwtTemplate = (copy.jwtTemplate as World["jwtTemplate"] | null) ?? undefined
  world.outbox.splice(0, world.outbox.length, ...(copy.outbox as unknown as World["outbox"]))
  world.eventLog.replace(
    copy.events as unknown as ReadonlyArray<EventRecord>,
    copy.endpoints as unknown as ReadonlyArray<WebhookEndpointRecord>
  )
  auth.restoreState({ activeKey, spentRefreshTokens: spent })
}
