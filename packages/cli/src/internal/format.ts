/**
 * The file formats of `users export` and `users import`: one record per user with the
 * API's snake_case field names, as NDJSON, CSV or a JSON array.
 *
 * @internal
 */
import { stringify } from "csv-stringify/sync"
import type { Users } from "effect-workos"

/** The columns of an exported user, in CSV order. @internal */
export const exportColumns = [
  "id",
  "email",
  "email_verified",
  "first_name",
  "last_name",
  "external_id",
  "metadata",
  "locale",
  "profile_picture_url",
  "last_sign_in_at",
  "created_at",
  "updated_at"
] as const

/** An exported user as the API names its fields. @internal */
export const userRecord = (user: Users.User): Record<(typeof exportColumns)[number], unknown> => ({
  id: user.id,
  email: user.email,
  email_verified: user.emailVerified,
  first_name: user.firstName,
  last_name: user.lastName,
  external_id: user.externalId,
  metadata: user.metadata,
  locale: user.locale,
  profile_picture_url: user.profilePictureUrl,
  last_sign_in_at: user.lastSignInAt,
  created_at: user.createdAt,
  updated_at: user.updatedAt
})

/** How rows become text: what opens the file, each row (knowing how many came before), the end. @internal */
export interface Writer {
  readonly header: string
  readonly rows: (records: ReadonlyArray<Record<string, unknown>>, before: number) => string
  readonly footer: (rows: number) => string
}

/** A CSV cell: empty for null, JSON for objects, `true`/`false` for booleans. @internal */
const cell = (value: unknown): string =>
  value === null || value === undefined
    ? ""
    : typeof value === "object"
    ? JSON.stringify(value)
    : String(value)

/** The writer of each export format. @internal */
export const writers: Record<"ndjson" | "csv" | "json", Writer> = {
  ndjson: {
    header: "",
    rows: (records) => records.map((record) => JSON.stringify(record) + "\n").join(""),
    footer: () => ""
  },
  json: {
    header: "[",
    rows: (records, before) =>
      records.map((record, i) => (before + i === 0 ? "\n  " : ",\n  ") + JSON.stringify(record)).join(""),
    footer: () => "\n]\n"
  },
  csv: {
    header: stringify([[...exportColumns]]),
    rows: (records) =>
      records.length === 0
        ? ""
        : stringify(records.map((record) => exportColumns.map((column) => cell(record[column])))),
    footer: () => ""
  }
}
