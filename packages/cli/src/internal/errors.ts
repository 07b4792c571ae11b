/**
 * What the executable prints when a command fails: one line per failure, no stack.
 *
 * @internal
 */
import * as ValidationError from "@effect/cli/ValidationError"
import * as Cause from "effect/Cause"

/** An error's `_tag` and message (the tag when it has no message), or a text for anything else. @internal */
export const tagAndMessage = (error: unknown): { readonly tag: string; readonly message: string } => {
  if (typeof error === "object" && error !== null && "_tag" in error) {
    const { _tag, message } = error as { _tag: string; message?: unknown }
    return { tag: String(_tag), message: typeof message === "string" && message !== "" ? message : String(_tag) }
  }
  return { tag: "UnknownError", message: String(error) }
}

/** The lines to print for a failed command (none for usage errors, which @effect/cli printed). @internal */
export const oneLine = (cause: Cause.Cause<unknown>): ReadonlyArray<string> => {
  if (Cause.isInterruptedOnly(cause)) return []
  const failures = [...Cause.failures(cause)].flatMap((error): Array<string> => {
    if (ValidationError.isValidationError(error)) return []
    if (typeof error !== "object" || error === null || !("_tag" in error)) return [String(error)]
    const { message, tag } = tagAndMessage(error)
    return [tag === "CliError" ? message : `${tag}: ${message}`]
  })
  const defects = [...Cause.defects(cause)].map((defect) =>
    `unexpected error: ${defect instanceof Error ? defect.message : String(defect)}`
  )
  return [...failures, ...defects]
}
