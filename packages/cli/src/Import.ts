/**
 * `effect-workos users import`: users from NDJSON, CSV or an Auth0 export into WorkOS,
 * with their imported password hashes.
 *
 * - Idempotent: a row whose email or `externalId` already belongs to a user is skipped
 *   (or, with `update`, updates that user), so running an import twice never creates a
 *   duplicate.
 * - One bad row never stops the import: it goes to the report (NDJSON: line, email, status,
 *   error tag, message; never a password or a hash) and the rest continue.
 * - `dryRun` checks every row with the SDK's own input schemas (`Users.validateCreate`)
 *   and sends nothing.
 * - Rows are sent `concurrency` at a time under the configuration's shared rate limiter.
 * - A checkpoint `<report>.checkpoint.json` records the last line before which every row is
 *   done; `resume` continues from it after an interruption.
 *
 * @since 0.2.0
 */
import { Users } from "effect-workos"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as fs from "node:fs"
import * as path from "node:path"
import { tagAndMessage } from "./internal/errors.js"
import { attempt, CliError, fileSink, readCheckpoint, writeAtomically } from "./internal/files.js"
import * as Rows from "./internal/rows.js"
import * as Progress from "./Progress.js"

/**
 * The formats `users import` reads: `ndjson` and `csv` with the API's field names (what
 * `users export` writes, plus `password_hash` and `password_hash_type`), or `auth0`, an
 * Auth0 bulk user export.
 *
 * @since 0.2.0
 * @category models
 */
export type Format = Rows.ImportFormat

/**
 * Options of {@link run}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly file: string
  readonly format: Format
  /** A password export (Auth0's, or lines of `email`, `password_hash`, `password_hash_type`). */
  readonly passwords?: string | undefined
  /** Rows in flight at once (default 8). */
  readonly concurrency?: number | undefined
  readonly dryRun?: boolean | undefined
  /** Update users that exist instead of skipping them. */
  readonly update?: boolean | undefined
  /** Where rejected and skipped rows are written (default `<file>.report.ndjson`). */
  readonly report?: string | undefined
  readonly resume?: boolean | undefined
  readonly progress?: Progress.Options["mode"] | undefined
  readonly progressInterval?: Progress.Options["interval"]
}

/**
 * Counts of an import (those of a resumed run included).
 *
 * @since 0.2.0
 * @category models
 */
export interface Counts {
  readonly created: number
  readonly updated: number
  readonly skipped: number
  readonly failed: number
  /** Rows a dry run found valid. */
  readonly valid: number
}

/**
 * What an import did.
 *
 * @since 0.2.0
 * @category models
 */
export interface Summary extends Counts {
  readonly rows: number
  readonly elapsedMs: number
  readonly report: string
  readonly dryRun: boolean
}

/**
 * One line of the report.
 *
 * @since 0.2.0
 * @category models
 */
export interface ReportEntry {
  readonly line: number
  readonly email: string | null
  readonly status: "failed" | "skipped"
  /** The error's `_tag` (`WorkOSBadRequest`, `RowInvalid`, `MetadataDoesNotFit`, …) or why it was skipped. */
  readonly tag: string
  readonly message: string
}

/**
 * The checkpoint of an interrupted import, in `<report>.checkpoint.json`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Checkpoint {
  readonly version: 1
  readonly file: string
  readonly format: Format
  readonly dryRun: boolean
  /** Every row up to this line is done. */
  readonly line: number
  readonly counts: Counts
}

type Outcome =
  | { readonly _tag: "Created" | "Updated" | "Valid"; readonly line: number }
  | { readonly _tag: "Reported"; readonly entry: ReportEntry }

const taken = new Set(["email_not_available", "external_id_already_used"])

/** The API's answer when the email or the external id already belongs to a user. */
const alreadyExists = (error: unknown): string | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  const { code, errors } = error as { code?: unknown; errors?: ReadonlyArray<{ readonly code?: string | undefined }> }
  if (typeof code === "string" && taken.has(code)) return code
  return errors?.map((e) => e.code).find((c): c is string => c !== undefined && taken.has(c))
}

const scrub = (message: string, secrets: ReadonlyArray<string>): string =>
  secrets.reduce((text, secret) => secret === "" ? text : text.split(secret).join("<redacted>"), message)

/** Find the user a taken email or external id belongs to. */
const existingUser = (params: Users.CreateUserParams) => {
  const byEmail = Effect.flatMap(
    Users.listPage({ email: params.email, limit: 1 }),
    (page) => Effect.succeed(Option.fromNullable(page.data[0]))
  )
  return params.externalId == null ? byEmail : Users.getByExternalId(params.externalId).pipe(
    Effect.map(Option.some),
    Effect.catchTag("WorkOSNotFound", () => byEmail)
  )
}

const updateParams = (params: Users.CreateUserParams): Users.UpdateUserParams => ({
  ...(params.firstName == null ? {} : { firstName: params.firstName }),
  ...(params.lastName == null ? {} : { lastName: params.lastName }),
  ...(params.emailVerified == null ? {} : { emailVerified: params.emailVerified }),
  ...(params.externalId == null ? {} : { externalId: params.externalId }),
  ...(params.metadata == null ? {} : { metadata: params.metadata }),
  ...(params.passwordHash === undefined
    ? {}
    : { passwordHash: params.passwordHash, passwordHashType: params.passwordHashType })
})

const importRow = (
  row: Extract<Rows.Candidate, { _tag: "Ready" }>,
  options: Options
): Effect.Effect<Outcome, never, Users.Requirements> => {
  const reported = (status: ReportEntry["status"], tag: string, message: string): Outcome => ({
    _tag: "Reported",
    entry: { line: row.line, email: row.email, status, tag, message: scrub(message, row.secrets) }
  })
  const failed = (error: unknown) => {
    const { message, tag } = tagAndMessage(error)
    return reported("failed", tag, message)
  }
  const validated = Users.validateCreate(row.params)
  if (options.dryRun === true) {
    return validated.pipe(
      Effect.as<Outcome>({ _tag: "Valid", line: row.line }),
      Effect.catchAll((e) => Effect.succeed(failed(e)))
    )
  }
  const onTaken = (code: string): Effect.Effect<Outcome, unknown, Users.Requirements> => {
    const why = code === "email_not_available" ? "a user with this email exists" : "a user with this external id exists"
    if (options.update !== true) {
      return Effect.succeed(reported("skipped", "AlreadyExists", `${why} (--update updates it)`))
    }
    return Effect.flatMap(existingUser(row.params), (user) =>
      Option.isNone(user)
        ? Effect.succeed(reported("failed", "AlreadyExists", `${why}, but it could not be found to update`))
        : Effect.as(Users.update(user.value.id, updateParams(row.params)), {
          _tag: "Updated" as const,
          line: row.line
        }))
  }
  return validated.pipe(
    Effect.zipRight(Users.create(row.params)),
    Effect.as<Outcome>({ _tag: "Created", line: row.line }),
    Effect.catchAll((error) => {
      const code = alreadyExists(error)
      return code === undefined ? Effect.fail(error) : onTaken(code)
    }),
    Effect.catchAll((error) => Effect.succeed(failed(error)))
  )
}

const emptyCounts: Counts = { created: 0, updated: 0, skipped: 0, failed: 0, valid: 0 }

/**
 * Where an import keeps its report and checkpoint.
 *
 * @since 0.2.0
 * @category models
 */
export const paths = (options: Pick<Options, "file" | "report">) => {
  const report = options.report ?? `${options.file}.report.ndjson`
  return { report, checkpoint: `${report}.checkpoint.json` }
}

/**
 * Run an import. Fails only for what stops the whole import (an unreadable file, a
 * malformed password export, a checkpoint of another import); rows that fail are counted
 * and reported.
 *
 * @since 0.2.0
 * @category commands
 */
export const run = (options: Options): Effect.Effect<Summary, CliError, Users.Requirements> =>
  Effect.scoped(Effect.gen(function*() {
    const concurrency = options.concurrency ?? 8
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      return yield* new CliError({ message: `--concurrency must be an integer from 1 to 64, got ${concurrency}` })
    }
    const dryRun = options.dryRun === true
    const files = paths(options)
    const same = (a: string, b: string | undefined) => b !== undefined && path.resolve(a) === path.resolve(b)
    if (same(files.report, options.file) || same(files.report, options.passwords)) {
      return yield* new CliError({ message: `The report ${files.report} would overwrite an input file` })
    }
    const previous = yield* readCheckpoint<Checkpoint>(files.checkpoint)
    if (previous !== undefined) {
      if (options.resume !== true) {
        return yield* new CliError({
          message: `An interrupted import into ${files.report} stopped at line ${previous.line}. ` +
            `Pass --resume to continue it, or delete ${files.checkpoint} to start over`
        })
      }
      if (previous.file !== options.file || previous.format !== options.format || previous.dryRun !== dryRun) {
        return yield* new CliError({ message: `${files.checkpoint} belongs to an import of another file or format` })
      }
    }
    const passwords = options.passwords === undefined ? new Map() : yield* Rows.readPasswords(options.passwords)

    // The report: on resume, keep what was reported up to the checkpoint (later rows run again).
    const kept = previous === undefined ?
      "" :
      yield* attempt(`Cannot read ${files.report}`, () =>
        fs.existsSync(files.report)
          ? fs.readFileSync(files.report, "utf8").split("\n").filter((line) => {
            if (line.trim() === "") return false
            try {
              return (JSON.parse(line) as ReportEntry).line <= previous.line
            } catch {
              return false
            }
          }).map((line) => line + "\n").join("")
          : "")
    const fd = yield* Effect.acquireRelease(
      attempt(`Cannot open ${files.report}`, () => fs.openSync(files.report, "w")),
      (fd) => Effect.sync(() => fs.closeSync(fd))
    )
    const report = fileSink(fd, 0, files.report)
    yield* report.write(kept)

    const startLine = previous?.line ?? 0
    const counts = { ...(previous?.counts ?? emptyCounts) }
    const initial = counts.created + counts.updated + counts.skipped + counts.failed + counts.valid
    const progress = yield* Progress.make({
      label: dryRun ? "checked" : "imported",
      mode: options.progress ?? "auto",
      interval: options.progressInterval,
      initial
    })
    const rows = Rows.read(options.file, options.format)
    // The total for the percentage and the ETA: counted alongside, the import does not wait for it.
    yield* Stream.runCount(rows).pipe(
      Effect.tap((total) => Effect.sync(() => progress.setTotal(total))),
      Effect.ignore,
      Effect.forkScoped
    )

    // Lines in the order they were read; `line` advances past a prefix of finished ones.
    const pending: Array<number> = []
    const finished = new Set<number>()
    let line = startLine
    let savedAt = 0
    const save = Effect.suspend(() =>
      writeAtomically(
        files.checkpoint,
        JSON.stringify(
          { version: 1, file: options.file, format: options.format, dryRun, line, counts } satisfies Checkpoint
        )
      )
    )
    /** Count a finished row and advance the checkpoint's line past the finished prefix; its report line. */
    const settle = (outcome: Outcome, rowLine: number): string => {
      let entry = ""
      switch (outcome._tag) {
        case "Created":
          counts.created++
          break
        case "Updated":
          counts.updated++
          break
        case "Valid":
          counts.valid++
          break
        case "Reported":
          if (outcome.entry.status === "failed") counts.failed++
          else counts.skipped++
          entry = JSON.stringify(outcome.entry) + "\n"
      }
      finished.add(rowLine)
      while (pending.length > 0 && finished.has(pending[0]!)) {
        line = pending.shift()!
        finished.delete(line)
      }
      return entry
    }
    const settleAll = (results: Iterable<{ readonly outcome: Outcome; readonly line: number }>) =>
      Effect.gen(function*() {
        let entries = ""
        let n = 0
        for (const { line: rowLine, outcome } of results) {
          entries += settle(outcome, rowLine)
          n++
        }
        yield* report.write(entries)
        progress.advance(n)
        const now = yield* Clock.currentTimeMillis
        if (now - savedAt >= 500) {
          savedAt = now
          yield* save
        }
      })
    const rejected = (row: Extract<Rows.Candidate, { _tag: "Rejected" }>) => ({
      outcome: {
        _tag: "Reported",
        entry: { line: row.line, email: row.email, status: "failed", tag: row.tag, message: row.message }
      } as Outcome,
      line: row.line
    })

    const started = yield* Clock.currentTimeMillis
    const candidates = rows.pipe(
      Stream.filter((row) => row.line > startLine),
      Stream.map((row) => Rows.candidate(row, options.format, passwords)),
      Stream.mapChunks((chunk) => {
        for (const row of chunk) pending.push(row.line)
        return chunk
      })
    )
    const results = dryRun
      // Nothing to wait for: a block of rows at a time, in order.
      ? Stream.mapChunksEffect(candidates, (chunk) =>
        Effect.map(
          Effect.forEach(chunk, (row) =>
            row._tag === "Rejected"
              ? Effect.succeed(rejected(row))
              : Effect.map(importRow(row, options), (outcome) => ({ outcome, line: row.line }))),
          Chunk.unsafeFromArray
        ))
      : Stream.mapEffect(
        candidates,
        (row): Effect.Effect<{ readonly outcome: Outcome; readonly line: number }, never, Users.Requirements> =>
          row._tag === "Rejected"
            ? Effect.succeed(rejected(row))
            : Effect.map(importRow(row, options), (outcome) => ({ outcome, line: row.line })),
        { concurrency, unordered: true }
      )
    yield* results.pipe(
      Stream.runForEachChunk(settleAll),
      // Whatever stops it, the checkpoint holds every row finished so far.
      Effect.onError((cause) =>
        Effect.zipRight(
          Effect.ignore(save),
          Effect.sync(() =>
            process.stderr.write(
              `\n${
                Cause.isInterruptedOnly(cause) ? "Interrupted" : "Stopped"
              }: every row up to line ${line} is done. ` +
                `Run the same command with --resume to continue.\n`
            )
          )
        )
      )
    )
    yield* attempt(`Cannot remove ${files.checkpoint}`, () => fs.rmSync(files.checkpoint, { force: true }))
    const ended = yield* Clock.currentTimeMillis
    const total = counts.created + counts.updated + counts.skipped + counts.failed + counts.valid
    return { ...counts, rows: total, elapsedMs: ended - started, report: files.report, dryRun }
  }))
