/**
 * The schemas decode every response body of the official Node SDK's fixtures (real
 * WorkOS responses, some omitting fields the spec marks required).
 */
import { assert, describe, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { dir, schemas } from "./utils/fixtures.js"

describe("official fixtures", () => {
  it("every fixture file has a schema", () => {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"))
    assert.deepStrictEqual(files.filter((f) => !(f in schemas)), [])
  })

  for (const [file, schema] of Object.entries(schemas)) {
    it(`decodes ${file}, and no field of it is unknown to the schema`, () => {
      const json: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))
      const result = Schema.decodeUnknownEither(schema)(json, { onExcessProperty: "error" })
      assert.isTrue(Either.isRight(result), Either.isLeft(result) ? String(result.left) : "")
    })
  }
})
