/**
 * Progress on stderr for long commands: a live line redrawn in place on a terminal, plain
 * periodic lines elsewhere (CI logs), or nothing.
 *
 * @since 0.2.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"

/**
 * How progress is shown: `bar` redraws one line (a terminal), `plain` prints a line every
 * interval (logs), `none` prints nothing. `auto` is `bar` when stderr is a terminal.
 *
 * @since 0.2.0
 * @category models
 */
export type Mode = "auto" | "bar" | "plain" | "none"

/**
 * A running progress display. `advance` is cheap (a counter); drawing happens on its own
 * schedule.
 *
 * @since 0.2.0
 * @category models
 */
export interface Progress {
  /** Count `n` more rows as done. */
  readonly advance: (n: number) => void
  /** Rows done so far. */
  readonly done: () => number
  /** Set or correct the total (e.g. once a file has been counted). */
  readonly setTotal: (total: number) => void
}

/**
 * Options of {@link make}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** What is counted, e.g. `exported`. */
  readonly label: string
  readonly mode: Mode
  /** Time between two drawings (default 100 ms for `bar`, 5 s for `plain`). */
  readonly interval?: Duration.DurationInput | undefined
  /** Where lines go (default `process.stderr`). */
  readonly output?: { readonly write: (text: string) => unknown; readonly isTTY?: boolean | undefined } | undefined
  /** Rows done before this run (a resumed command): counted in the total, not in the rate. */
  readonly initial?: number | undefined
  readonly total?: number | undefined
}

const grouped = (n: number): string => Math.round(n).toLocaleString("en-US")

const clockTime = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const pad = (x: number) => String(x).padStart(2, "0")
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`
}

/**
 * The text of one progress line: rows done, rows per second, and with a known total the
 * percentage and the time left at the current rate.
 *
 * @example
 * ```ts
 * import { Progress } from "effect-workos-cli"
 *
 * // "imported 2,500 / 10,000 (25.0%) · 500 rows/s · ETA 0:15"
 * const text = Progress.render({ label: "imported", done: 2500, initial: 0, total: 10000, elapsedMs: 5000 })
 * ```
 *
 * @since 0.2.0
 * @category rendering
 */
export const render = (state: {
  readonly label: string
  readonly done: number
  readonly initial: number
  readonly total: number | undefined
  readonly elapsedMs: number
}): string => {
  const rate = state.elapsedMs > 0 ? ((state.done - state.initial) * 1000) / state.elapsedMs : 0
  const parts = [
    state.total === undefined
      ? `${state.label} ${grouped(state.done)}`
      : `${state.label} ${grouped(state.done)} / ${grouped(state.total)} (${
        (state.total === 0 ? 100 : (100 * state.done) / state.total).toFixed(1)
      }%)`,
    `${grouped(rate)} rows/s`
  ]
  if (state.total !== undefined && state.done < state.total && rate > 0) {
    parts.push(`ETA ${clockTime((state.total - state.done) / rate)}`)
  }
  return parts.join(" · ")
}

/**
 * Start a progress display for the life of the scope. Closing the scope draws the final
 * state once (and ends the live line).
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Progress, never, Scope.Scope> =>
  Effect.gen(function*() {
    const output = options.output ?? process.stderr
    const mode = options.mode === "auto" ? (output.isTTY === true ? "bar" : "plain") : options.mode
    const initial = options.initial ?? 0
    let done = initial
    let total = options.total
    const progress: Progress = {
      advance: (n) => {
        done += n
      },
      done: () => done,
      setTotal: (n) => {
        total = n
      }
    }
    if (mode === "none") return progress
    const started = yield* Clock.currentTimeMillis
    const line = Effect.map(
      Clock.currentTimeMillis,
      (now) => render({ label: options.label, done, initial, total, elapsedMs: now - started })
    )
    const draw = Effect.flatMap(line, (text) =>
      Effect.sync(() => {
        // Erase the line and redraw it in place on a terminal; one line per drawing elsewhere.
        output.write(mode === "bar" ? `\r\x1b[2K${text}` : `${text}\n`)
      }))
    const interval = Duration.decode(options.interval ?? (mode === "bar" ? "100 millis" : "5 seconds"))
    yield* Effect.sleep(interval).pipe(
      Effect.zipRight(Effect.repeat(draw, Schedule.spaced(interval))),
      Effect.forkScoped
    )
    yield* Effect.addFinalizer(() => Effect.zipRight(draw, Effect.sync(() => mode === "bar" && output.write("\n"))))
    return progress
  })
