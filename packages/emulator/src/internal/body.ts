/**
 * Request bodies, validated by schemas: each route declares its body as a
 * `Schema.Struct` of the field schemas below, and every field that fails is reported in
 * one 422 in the API's shape (`invalid_request_parameters` with `errors: [{ field, code }]`):
 * `email_required`, `email_must_be_string`, `invalid_email`, `invalid_metadata`, …
 *
 * @internal
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { HttpError, isEmail, unprocessable } from "./core.js"

/** The error code of a field whose value a schema refuses, from the field's name. */
const FieldCode = Symbol.for("effect-workos-emulator/FieldCode")

const coded = (code: (field: string) => string) => ({ [FieldCode]: code })
const mustBe = (kind: string) => coded((field) => `${field}_must_be_${kind}`)

/** The JSON object of a request body (`{}` when it is empty). @internal */
export const parse = (text: string): Record<string, unknown> => {
  if (text.trim() === "") return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HttpError(400, { code: "invalid_json", message: "The request body is not valid JSON" })
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw unprocessable([{ field: "body", code: "must_be_object" }])
  }
  return value as Record<string, unknown>
}

/** A schema whose failures all get one code (`invalid_domain_data`). @internal */
export const withCode = <S extends Schema.Annotable.All>(schema: S, code: string): S =>
  schema.annotations(coded(() => code)) as S

/** A required, non-empty string. @internal */
export const string = Schema.String.pipe(Schema.minLength(1)).annotations(mustBe("string"))

/** A required email address (`invalid_email` when it is not one). @internal */
export const email = string.pipe(Schema.filter(isEmail, coded(() => "invalid_email")))

/** An optional string (`null` is refused). @internal */
export const optionalString = Schema.optional(Schema.String.annotations(mustBe("string")))

/** An optional string that may be `null` (to clear it). @internal */
export const nullableString = Schema.optional(Schema.NullOr(Schema.String).annotations(mustBe("string")))

/** An optional boolean; `null` counts as absent. @internal */
export const optionalBoolean = Schema.optionalWith(Schema.Boolean.annotations(mustBe("boolean")), { nullable: true })

/** An optional integer. @internal */
export const optionalInteger = Schema.optional(Schema.Int.annotations(mustBe("integer")))

/** An optional array of strings. @internal */
export const optionalStringArray = Schema.optional(Schema.Array(Schema.String).annotations(mustBe("string_array")))

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

const isMetadata = (u: unknown): u is Record<string, string> => {
  const entries = Object.entries(u as Record<string, unknown>)
  return entries.length <= 50 &&
    entries.every(([key, v]) => typeof v === "string" && key.length <= 40 && v.length <= 600)
}

/** Optional metadata: at most 50 string values, keys up to 40 and values up to 600 characters. @internal */
export const metadata = Schema.optional(
  Schema.NullOr(
    Schema.Unknown.pipe(
      Schema.filter(isObject, coded(() => "metadata_must_be_object")),
      Schema.filter(isMetadata, coded(() => "invalid_metadata"))
    )
  )
)

type Code = (field: string) => string

const fallback: Code = (field) => `invalid_${field}`

/**
 * The field errors of a failed decode, in the order of the struct's fields. A failure's
 * code is the nearest `FieldCode` annotation on the way to it (a refinement's own, like
 * `invalid_email`, or its field schema's, like `email_must_be_string`).
 */
const fieldErrors = (
  issue: ParseResult.ParseIssue,
  field: string | undefined,
  inherited: Code | undefined
): Array<{ readonly field: string; readonly code: string }> => {
  const own = "ast" in issue ? AST.getAnnotation<Code>(issue.ast, FieldCode) : undefined
  const code = own?._tag === "Some" ? own.value : inherited
  const report = () => field === undefined ? [] : [{ field, code: (code ?? fallback)(field) }]
  switch (issue._tag) {
    case "Composite":
      return (Array.isArray(issue.issues) ? issue.issues : [issue.issues]).flatMap((i) => fieldErrors(i, field, code))
    case "Pointer":
      // The first step names the field; below it (an array element) the field's code holds.
      return field === undefined
        ? fieldErrors(issue.issue, String(Array.isArray(issue.path) ? issue.path[0] : issue.path), undefined)
        : fieldErrors(issue.issue, field, code)
    case "Missing":
      return field === undefined ? [] : [{ field, code: `${field}_required` }]
    case "Refinement":
      return issue.kind === "Predicate" ? report() : fieldErrors(issue.issue, field, code)
    case "Transformation":
      return fieldErrors(issue.issue, field, code)
    case "Type":
    case "Forbidden":
      return report()
    case "Unexpected":
      return []
  }
}

/** The first error per field (a field that fails twice is reported once). */
const firstPerField = (errors: ReadonlyArray<{ readonly field: string; readonly code: string }>) =>
  errors.filter((e, i) => errors.findIndex((other) => other.field === e.field) === i)

/**
 * Decode a request body with a route's schema; every field that fails is reported at
 * once, as the API does.
 *
 * @internal
 */
export const decode = <A, I>(schema: Schema.Schema<A, I>, value: Record<string, unknown>): A => {
  const result = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "ignore" })(value)
  if (Either.isRight(result)) return result.right
  const errors = firstPerField(fieldErrors(result.left.issue, undefined, undefined))
  throw unprocessable(errors.length > 0 ? errors : [{ field: "body", code: "invalid" }])
}
