/**
 * Reading an import file row by row (constant memory) and turning each row into
 * `Users.create` input, or into the reason it cannot be imported.
 *
 * @internal
 */
import { parse as parseCsv } from "csv-parse"
import type { Users } from "effect-workos"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as fs from "node:fs"
import * as Auth0 from "../Auth0.js"
import { attempt, CliError } from "./files.js"

/** A row as read: its line number and its fields, or why they could not be read. @internal */
export interface RawRow {
  readonly line: number
  readonly value: Either.Either<unknown, string>
}

/** The formats `users import` reads. @internal */
export type ImportFormat = "ndjson" | "csv" | "auth0"

const readable = (file: string) =>
  attempt(`Cannot read ${file}`, () => {
    if (!fs.statSync(file).isFile()) throw new Error("not a file")
    fs.accessSync(file, fs.constants.R_OK)
  })

/**
 * Non-empty lines of a text file with their 1-based numbers, read in blocks (each block of
 * the file is one chunk of lines, so the stages after it run per block, not per line).
 * @internal
 */
export const lines = (file: string): Stream.Stream<{ readonly line: number; readonly text: string }, CliError> =>
  Stream.unwrap(Effect.map(
    readable(file),
    // Opened when the stream runs, once per run.
    () =>
      Stream.fromAsyncIterable(
        fs.createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Uint8Array>,
        (cause) => new CliError({ message: `Cannot read ${file}: ${String(cause)}` })
      ).pipe(
        Stream.decodeText(),
        Stream.splitLines,
        Stream.zipWithIndex,
        Stream.filter(([text]) => text.trim() !== ""),
        Stream.map(([text, index]) => ({ line: index + 1, text }))
      )
  ))

const parseJsonLine = (text: string): Either.Either<unknown, string> => {
  try {
    return Either.right(JSON.parse(text))
  } catch {
    return Either.left("the line is not JSON")
  }
}

/** Every row of an import file, in order. @internal */
export const read = (file: string, format: ImportFormat): Stream.Stream<RawRow, CliError> => {
  if (format !== "csv") return Stream.map(lines(file), ({ line, text }) => ({ line, value: parseJsonLine(text) }))
  return Stream.unwrap(Effect.map(
    readable(file),
    () =>
      Stream.fromAsyncIterable(
        fs.createReadStream(file).pipe(
          parseCsv({ columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, info: true })
        ) as AsyncIterable<{ readonly record: Record<string, string>; readonly info: { readonly lines: number } }>,
        (cause) =>
          new CliError({ message: `${file} is not valid CSV: ${cause instanceof Error ? cause.message : cause}` })
      ).pipe(Stream.map(({ info, record }) => {
        // An empty cell means "not given".
        const fields: Record<string, string> = {}
        for (const [key, value] of Object.entries(record)) if (value !== "") fields[key] = value
        return { line: info.lines, value: Either.right(fields) }
      }))
  ))
}

/** A row ready to import, or rejected with a tag and a message a person can act on. @internal */
export type Candidate =
  | {
    readonly _tag: "Ready"
    readonly line: number
    readonly email: string
    readonly params: Users.CreateUserParams
    /** Texts that must never appear in a report or on the screen (the password hash). */
    readonly secrets: ReadonlyArray<string>
  }
  | {
    readonly _tag: "Rejected"
    readonly line: number
    readonly email: string | null
    readonly tag: string
    readonly message: string
  }

const Flag = Schema.Union(
  Schema.Boolean,
  Schema.transformLiterals(["true", true], ["false", false], ["TRUE", true], ["FALSE", false], ["1", true], [
    "0",
    false
  ])
)
const StringMap = Schema.Record({ key: Schema.String, value: Schema.String })
const Text = Schema.optional(Schema.NullOr(Schema.String))

/** A row of the generic formats (NDJSON and CSV): the API's snake_case fields. @internal */
const GenericRow = Schema.Struct({
  email: Schema.String,
  first_name: Text,
  last_name: Text,
  email_verified: Schema.optional(Flag),
  external_id: Text,
  // In CSV a JSON object in a cell.
  metadata: Schema.optional(Schema.NullOr(Schema.Union(StringMap, Schema.parseJson(StringMap)))),
  password_hash: Schema.optional(Schema.String),
  password_hash_type: Schema.optional(Schema.String)
})

/** A user of an Auth0 bulk export. @internal */
const Auth0User = Schema.Struct({
  user_id: Schema.String,
  email: Schema.String,
  email_verified: Schema.optional(Schema.Boolean),
  given_name: Text,
  family_name: Text,
  user_metadata: Schema.optional(Schema.Unknown),
  app_metadata: Schema.optional(Schema.Unknown)
})

/** The first problem of a row, without the value it found (a row may hold a password hash). */
const firstIssue = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  if (issue === undefined) return "invalid row"
  const message = issue.message.replace(/, actual [\s\S]*$/, "")
  return issue.path.length === 0 ? message : `${issue.path.join(".")}: ${message}`
}

// Deliberately loose (the API has the last word): something@something.tld, no spaces.
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Password hashes from a password export, by lowercased email and by Auth0 user id. @internal */
export type PasswordIndex = ReadonlyMap<string, Auth0.PasswordHash>

/** Read a password export into an index (it must be joined to rows in any order). @internal */
export const readPasswords = (file: string): Effect.Effect<PasswordIndex, CliError> =>
  Stream.runFold(lines(file), new Map<string, Auth0.PasswordHash>(), (index, { line, text }) => {
    const parsed = Either.getOrUndefined(parseJsonLine(text))
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      // The line itself is not echoed: it may hold a hash.
      throw new CliError({ message: `${file} line ${line}: not a JSON object (email and passwordHash)` })
    }
    // A user without a hash in the export is imported without a password.
    const entry = Auth0.passwordEntry(parsed)
    if (entry !== undefined) { for (const key of entry.keys) index.set(key, entry.entry) }
    return index
  }).pipe(Effect.catchAllDefect((defect) => defect instanceof CliError ? Effect.fail(defect) : Effect.die(defect)))

const reject = (line: number, email: string | null, tag: string, message: string): Candidate => ({
  _tag: "Rejected",
  line,
  email,
  tag,
  message
})

/** Turn one raw row into `Users.create` input. @internal */
export const candidate = (row: RawRow, format: ImportFormat, passwords: PasswordIndex): Candidate => {
  if (Either.isLeft(row.value)) return reject(row.line, null, "RowInvalid", row.value.left)
  const raw = row.value.right
  const email = typeof raw === "object" && raw !== null && typeof (raw as { email?: unknown }).email === "string"
    ? (raw as { email: string }).email
    : null
  let fields: {
    email: string
    firstName: string | null | undefined
    lastName: string | null | undefined
    emailVerified: boolean | undefined
    externalId: string | null | undefined
    metadata: Record<string, string> | null | undefined
    hash: Auth0.PasswordHash | undefined
  }
  if (format === "auth0") {
    const decoded = Schema.decodeUnknownEither(Auth0User)(raw)
    if (Either.isLeft(decoded)) return reject(row.line, email, "RowInvalid", firstIssue(decoded.left))
    const user = decoded.right
    const metadata = Auth0.flattenMetadata(user.user_metadata, user.app_metadata)
    if (Either.isLeft(metadata)) return reject(row.line, email, "MetadataDoesNotFit", metadata.left.message)
    fields = {
      email: user.email,
      firstName: user.given_name,
      lastName: user.family_name,
      emailVerified: user.email_verified,
      externalId: user.user_id,
      metadata: Object.keys(metadata.right).length === 0 ? undefined : metadata.right,
      hash: passwords.get(user.user_id) ?? passwords.get(user.email.toLowerCase())
    }
  } else {
    const decoded = Schema.decodeUnknownEither(GenericRow)(raw)
    if (Either.isLeft(decoded)) return reject(row.line, email, "RowInvalid", firstIssue(decoded.left))
    const user = decoded.right
    fields = {
      email: user.email,
      firstName: user.first_name,
      lastName: user.last_name,
      emailVerified: user.email_verified,
      externalId: user.external_id,
      metadata: user.metadata,
      hash: user.password_hash === undefined
        ? passwords.get(user.email.toLowerCase())
        : { hash: user.password_hash, type: user.password_hash_type ?? Auth0.detectHashType(user.password_hash) }
    }
  }
  if (!emailShape.test(fields.email)) return reject(row.line, fields.email, "InvalidEmail", "not an email address")
  if (fields.hash !== undefined && fields.hash.type === undefined) {
    return reject(
      row.line,
      fields.email,
      "UnsupportedPasswordHash",
      "the password hash is in a format WorkOS cannot import (bcrypt, argon2, scrypt, firebase-scrypt, pbkdf2, ssha and ssha256 are accepted)"
    )
  }
  const params = {
    email: fields.email,
    ...(fields.firstName == null ? {} : { firstName: fields.firstName }),
    ...(fields.lastName == null ? {} : { lastName: fields.lastName }),
    ...(fields.emailVerified === undefined ? {} : { emailVerified: fields.emailVerified }),
    ...(fields.externalId == null ? {} : { externalId: fields.externalId }),
    ...(fields.metadata == null ? {} : { metadata: fields.metadata }),
    ...(fields.hash === undefined ? {} : {
      passwordHash: Redacted.make(fields.hash.hash),
      // Checked against the accepted types by `Users.validateCreate`.
      passwordHashType: fields.hash.type as Users.PasswordHashType
    })
  } satisfies Users.CreateUserParams
  return {
    _tag: "Ready",
    line: row.line,
    email: fields.email,
    params,
    secrets: fields.hash === undefined ? [] : [fields.hash.hash]
  }
}
