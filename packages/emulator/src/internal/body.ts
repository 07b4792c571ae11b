/**
 * Request bodies: a JSON object read field by field, the field errors collected into one
 * 422 in the API's shape (`invalid_request_parameters` with `errors: [{ field, code }]`).
 *
 * @internal
 */
import { HttpError, unprocessable } from "./core.js"

/** Reads a JSON object body and collects field errors into one 422. @internal */
export class Body {
  readonly errors: Array<{ field: string; code: string }> = []
  private constructor(readonly value: Record<string, unknown>) {}

  static parse(text: string): Body {
    if (text.trim() === "") return new Body({})
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new HttpError(400, { code: "invalid_json", message: "The request body is not valid JSON" })
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw unprocessable([{ field: "body", code: "must_be_object" }])
    }
    return new Body(value as Record<string, unknown>)
  }

  has(field: string): boolean {
    return this.value[field] !== undefined
  }

  string(field: string): string {
    const value = this.value[field]
    if (typeof value !== "string" || value === "") {
      this.errors.push({ field, code: value === undefined ? `${field}_required` : `${field}_must_be_string` })
      return ""
    }
    return value
  }

  optionalString(field: string): string | undefined {
    const value = this.value[field]
    if (value === undefined) return undefined
    if (typeof value !== "string") {
      this.errors.push({ field, code: `${field}_must_be_string` })
      return undefined
    }
    return value
  }

  /** `undefined` when absent, `null` when explicitly null. */
  nullableString(field: string): string | null | undefined {
    return this.value[field] === null ? null : this.optionalString(field)
  }

  optionalBoolean(field: string): boolean | undefined {
    const value = this.value[field]
    if (value === undefined || value === null) return undefined
    if (typeof value !== "boolean") {
      this.errors.push({ field, code: `${field}_must_be_boolean` })
      return undefined
    }
    return value
  }

  optionalInteger(field: string): number | undefined {
    const value = this.value[field]
    if (value === undefined) return undefined
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.errors.push({ field, code: `${field}_must_be_integer` })
      return undefined
    }
    return value
  }

  optionalStringArray(field: string): Array<string> | undefined {
    const value = this.value[field]
    if (value === undefined) return undefined
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      this.errors.push({ field, code: `${field}_must_be_string_array` })
      return undefined
    }
    return value as Array<string>
  }

  metadata(field: string): Record<string, string> | null | undefined {
    const value = this.value[field]
    if (value === undefined || value === null) return value as null | undefined
    if (typeof value !== "object" || Array.isArray(value)) {
      this.errors.push({ field, code: "metadata_must_be_object" })
      return undefined
    }
    const entries = Object.entries(value as Record<string, unknown>)
    if (
      entries.length > 50 || entries.some(([k, v]) => typeof v !== "string" || k.length > 40 || v.length > 600)
    ) {
      this.errors.push({ field, code: "invalid_metadata" })
      return undefined
    }
    return value as Record<string, string>
  }

  /** Throws the collected 422, if any. */
  check(): void {
    if (this.errors.length > 0) throw unprocessable(this.errors)
  }
}
