/**
 * Validates emulator responses against the official OpenAPI spec's JSON schemas with
 * ajv, so "the emulator answers in the spec's shapes" is checked, not eyeballed.
 */
import addFormats from "ajv-formats"
import Ajv2020 from "ajv/dist/2020.js"
import * as fs from "node:fs"
import * as path from "node:path"
import YAML from "yaml"
import type { Emulator } from "../../src/index.js"

const specPath = path.resolve(import.meta.dirname, "../../../../../shared/reference/workos-openapi.yaml")
const spec = YAML.parse(fs.readFileSync(specPath, "utf8")) as {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >
  components: unknown
}

const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: true })
addFormats.default(ajv)
ajv.addSchema({ $id: "spec", components: spec.components })

const rewriteRefs = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(rewriteRefs)
  if (node !== null && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" ? `spec${v}` : rewriteRefs(v)])
    )
  }
  return node
}

const validators = new Map<string, ReturnType<typeof ajv.compile> | null>()

/** The response schema the spec declares for an operation and status, compiled once. */
const validatorFor = (method: string, template: string, status: number) => {
  const key = `${method} ${template} ${status}`
  if (!validators.has(key)) {
    const schema = spec.paths[template]?.[method.toLowerCase()]?.responses?.[String(status)]?.content?.[
      "application/json"
    ]?.schema
    validators.set(key, schema === undefined ? null : ajv.compile(rewriteRefs(schema) as object))
  }
  return validators.get(key)!
}

/** Whether the spec has this operation at all. */
export const inSpec = (method: string, template: string) => spec.paths[template]?.[method.toLowerCase()] !== undefined

export const specOperations = (): Array<{ method: string; template: string }> =>
  Object.entries(spec.paths).flatMap(([template, item]) =>
    Object.keys(item).filter((m) => ["get", "post", "put", "delete"].includes(m)).map((m) => ({
      method: m.toUpperCase(),
      template
    }))
  ).filter(({ template }) => template.startsWith("/user_management") || template.startsWith("/sso/jwks"))

export const stats = { validated: 0, operations: new Set<string>() }

/** Throws if a response the spec describes does not match its schema. */
export const validateExchange = (exchange: Emulator.Exchange): void => {
  if (exchange.template === undefined || !inSpec(exchange.method, exchange.template)) return
  const validate = validatorFor(exchange.method, exchange.template, exchange.status)
  if (validate === null || exchange.body === undefined) return
  if (!validate(exchange.body)) {
    throw new Error(
      `${exchange.method} ${exchange.template} ${exchange.status} does not match the spec: ${
        ajv.errorsText(validate.errors, { separator: "; " })
      }\n${JSON.stringify(exchange.body).slice(0, 2000)}`
    )
  }
  stats.validated++
  stats.operations.add(`${exchange.method} ${exchange.template}`)
}
