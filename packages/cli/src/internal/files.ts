/**
 * The file plumbing the commands share: checkpoints written atomically, text appended to a
 * file or to stdout with backpressure, and the one error type for what a user must fix.
 *
 * @internal
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as fs from "node:fs"
import * as path from "node:path"

/** A failure the user must fix (a flag, a file, a checkpoint): printed as one line. @internal */
export class CliError extends Data.TaggedError("CliError")<{ readonly message: string }> {}

const describe = (cause: unknown): string =>
  cause instanceof Error ? cause.message.replace(/^\w+: /, "") : String(cause)

/** Run a synchronous file operation; its error becomes a `CliError` naming what was done. @internal */
export const attempt = <A>(what: string, f: () => A): Effect.Effect<A, CliError> =>
  Effect.try({ try: f, catch: (cause) => new CliError({ message: `${what}: ${describe(cause)}` }) })

/** Write a whole file by writing a sibling temporary file and renaming it over the target. @internal */
export const writeAtomically = (file: string, text: string): Effect.Effect<void, CliError> =>
  attempt(`Cannot write ${file}`, () => {
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`)
    fs.writeFileSync(temporary, text)
    fs.renameSync(temporary, file)
  })

/** Read a JSON checkpoint, or `undefined` when there is none. @internal */
export const readCheckpoint = <A>(file: string): Effect.Effect<A | undefined, CliError> =>
  attempt(`Cannot read the checkpoint ${file}`, () => {
    if (!fs.existsSync(file)) return undefined
    return JSON.parse(fs.readFileSync(file, "utf8")) as A
  })

/** Where appended text goes: an open file or a stream such as stdout. @internal */
export interface Sink {
  readonly write: (text: string) => Effect.Effect<void, CliError>
  /** Bytes written through this sink, plus the offset it started at. */
  readonly bytes: () => number
}

/** Append to a file descriptor from `offset`, truncating what lies beyond it. @internal */
export const fileSink = (fd: number, offset: number, label: string): Sink => {
  let position = offset
  return {
    write: (text) =>
      attempt(`Cannot write ${label}`, () => {
        const buffer = Buffer.from(text, "utf8")
        let written = 0
        while (written < buffer.length) {
          written += fs.writeSync(fd, buffer, written, buffer.length - written, position + written)
        }
        position += buffer.length
      }),
    bytes: () => position
  }
}

/** Write to a Node stream, waiting for it to drain so a slow reader holds the producer back. @internal */
export const streamSink = (stream: NodeJS.WritableStream): Sink => {
  let count = 0
  // A reader that went away (`| head`) surfaces through the write callbacks, not as a crash.
  stream.on("error", () => {})
  return {
    write: (text) =>
      text === "" ? Effect.void : Effect.async<void, CliError>((resume) => {
        count += Buffer.byteLength(text)
        stream.write(text, (error) =>
          resume(
            error
              ? Effect.fail(
                new CliError({
                  message: (error as NodeJS.ErrnoException).code === "EPIPE"
                    ? "The output was closed before the export ended"
                    : `Cannot write the output: ${error.message}`
                })
              )
              : Effect.void
          ))
      }),
    bytes: () => count
  }
}
