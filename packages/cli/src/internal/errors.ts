/**
 * What the executable prints when a command fails: one line per failure, no stack.
 *
 * @internal
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"

/** The lines to print for a failed command (none for usage errors, which @effect/cli printed). @internal */
export const oneLine = (cause: Cause.Cause<unknown>): ReadonlyArray<string> => {
  if (Cause.isInterruptedOnly(cause)) return []
  const failures = [...Cause.failures(cause)].flatMap((error): Array<string> => {
    if (ValidationError.isValidationError(error)) return []
    if (typeof error === "object" && error !== null && "_tag" in error) {
      const { _tag, message } = error as { _tag: string; message?: unknown }
      const text = typeof message === "string" && message !== "" ? message : _tag
      return [_tag === "CliError" ? text : `${_tag}: ${text}`]
    }
    return [String(error)]
  })
  const defects = [...Cause.defects(cause)].map((defect) =>
    `unexpected error: ${defect instanceof Error ? defect.message : String(defect)}`
  )
  return [...failures, ...defects]
}
