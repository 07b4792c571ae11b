/**
 * `effect-workos users export`: every user (or those of an organization, or one email) to
 * NDJSON, CSV or a JSON array, streamed with constant memory.
 *
 * To a file, rows go to `<out>.partial` and a checkpoint `<out>.checkpoint.json` records,
 * after every page, the cursor and how many bytes of the partial file are complete. The
 * finished file is renamed into place, so `<out>` is never half written. After an
 * interruption (Ctrl-C, a network failure) `--resume` truncates the partial file to the
 * checkpoint and continues from its cursor: no user is written twice or lost.
 *
 * @since 0.2.0
 */
import { Users, type WorkOSError } from "effect-workos"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as fs from "node:fs"
import {
  attempt,
  CliError,
  fileSink,
  readCheckpoint,
  type Sink,
  streamSink,
  writeAtomically
} from "./internal/files.js"
import { userRecord, writers } from "./internal/format.js"
import * as Progress from "./Progress.js"

/**
 * The formats `users export` writes.
 *
 * @since 0.2.0
 * @category models
 */
export type Format = "ndjson" | "csv" | "json"

/**
 * Options of {@link run}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly format: Format
  readonly organizationId?: string | undefined
  readonly email?: string | undefined
  /** The file to write; standard output when absent (no checkpoint then). */
  readonly out?: string | undefined
  /** Continue an interrupted export of `out` from its checkpoint. */
  readonly resume?: boolean | undefined
  readonly progress?: Progress.Options["mode"] | undefined
  readonly progressInterval?: Progress.Options["interval"]
  /** Where the data goes when `out` is absent (default `process.stdout`). */
  readonly stdout?: NodeJS.WritableStream | undefined
}

/**
 * What an export did.
 *
 * @since 0.2.0
 * @category models
 */
export interface Summary {
  /** Users in the output, those of a resumed run included. */
  readonly rows: number
  /** Users written by this run. */
  readonly written: number
  readonly resumedFrom: number
  readonly out: string | undefined
}

/**
 * The checkpoint of an interrupted export, in `<out>.checkpoint.json`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Checkpoint {
  readonly version: 1
  readonly format: Format
  readonly organizationId: string | null
  readonly email: string | null
  /** The id of the last user written: the `after` cursor to continue from. */
  readonly after: string | null
  /** Complete bytes of `<out>.partial`; anything after them is cut before continuing. */
  readonly bytes: number
  readonly rows: number
}

/**
 * Where an export of `out` keeps its unfinished rows and its checkpoint.
 *
 * @since 0.2.0
 * @category models
 */
export const paths = (out: string) => ({ partial: `${out}.partial`, checkpoint: `${out}.checkpoint.json` })

const sameRun = (checkpoint: Checkpoint, options: Options): boolean =>
  checkpoint.version === 1 && checkpoint.format === options.format &&
  checkpoint.organizationId === (options.organizationId ?? null) && checkpoint.email === (options.email ?? null)

/**
 * Run an export. Users come oldest first (`order: "asc"`), so users created while it runs
 * are included and the cursor of the last user written is where to continue.
 *
 * @since 0.2.0
 * @category commands
 */
export const run = (
  options: Options
): Effect.Effect<Summary, CliError | WorkOSError.ListFailure, Users.Requirements> =>
  Effect.scoped(Effect.gen(function*() {
    const writer = writers[options.format]
    const out = options.out
    if (out === undefined && options.resume === true) {
      return yield* new CliError({ message: "--resume needs --out: an export to standard output keeps no checkpoint" })
    }
    const files = out === undefined ? undefined : paths(out)
    const previous = files === undefined ? undefined : yield* readCheckpoint<Checkpoint>(files.checkpoint)
    if (previous !== undefined && files !== undefined) {
      if (options.resume !== true) {
        return yield* new CliError({
          message: `An interrupted export to ${out} stopped after ${previous.rows} users. ` +
            `Pass --resume to continue it, or delete ${files.checkpoint} and ${files.partial} to start over`
        })
      }
      if (!sameRun(previous, options)) {
        return yield* new CliError({
          message: `${files.checkpoint} belongs to an export with other options (format ${previous.format}, ` +
            `organization ${previous.organizationId ?? "any"}, email ${previous.email ?? "any"})`
        })
      }
    }
    const resumed = previous !== undefined && fs.existsSync(files!.partial)
    const start = resumed ? previous : undefined

    let sink: Sink
    if (files === undefined) {
      sink = streamSink(options.stdout ?? process.stdout)
    } else {
      const fd = yield* Effect.acquireRelease(
        attempt(`Cannot open ${files.partial}`, () => fs.openSync(files.partial, resumed ? "r+" : "w")),
        (fd) => Effect.sync(() => fs.closeSync(fd))
      )
      if (start !== undefined) {
        yield* attempt(`Cannot truncate ${files.partial}`, () => fs.ftruncateSync(fd, start.bytes))
      }
      sink = fileSink(fd, start?.bytes ?? 0, files.partial)
    }
    if (start === undefined) yield* sink.write(writer.header)

    const progress = yield* Progress.make({
      label: "exported",
      mode: options.progress ?? "auto",
      interval: options.progressInterval,
      initial: start?.rows ?? 0
    })
    let rows = start?.rows ?? 0
    let after = start?.after ?? null
    const save = files === undefined ? Effect.void : Effect.suspend(() =>
      writeAtomically(
        files.checkpoint,
        JSON.stringify(
          {
            version: 1,
            format: options.format,
            organizationId: options.organizationId ?? null,
            email: options.email ?? null,
            after,
            bytes: sink.bytes(),
            rows
          } satisfies Checkpoint
        )
      )
    )
    if (files !== undefined && start === undefined) yield* save

    yield* Users.list({
      order: "asc",
      ...(options.organizationId === undefined ? {} : { organizationId: options.organizationId }),
      ...(options.email === undefined ? {} : { email: options.email }),
      ...(after === null ? {} : { after })
    }).pipe(
      Stream.runForEachChunk((chunk) =>
        Effect.gen(function*() {
          const users = Array.from(chunk)
          if (users.length === 0) return
          yield* sink.write(writer.rows(users.map(userRecord), rows))
          rows += users.length
          after = users[users.length - 1]!.id
          progress.advance(users.length)
          // Only after the rows are written: a checkpoint never counts bytes that are not there.
          yield* save
        })
      ),
      // The checkpoint already holds every page written; say how to continue from it.
      Effect.onError((cause) =>
        Effect.sync(() => {
          if (out === undefined) return
          const what = Cause.isInterruptedOnly(cause) ? "Interrupted" : "Stopped"
          process.stderr.write(
            `\n${what} after ${rows} users (saved in ${files!.partial}). ` +
              `Run the same command with --resume to continue.\n`
          )
        })
      )
    )
    yield* sink.write(writer.footer(rows))
    if (files !== undefined && out !== undefined) {
      yield* attempt(`Cannot finish ${out}`, () => {
        fs.renameSync(files.partial, out)
        fs.rmSync(files.checkpoint, { force: true })
      })
    }
    return { rows, written: rows - (start?.rows ?? 0), resumedFrom: start?.rows ?? 0, out }
  }))
