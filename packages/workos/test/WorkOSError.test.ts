import { assert, describe, it } from "@effect/vitest"
import { Duration, Schema } from "effect"
import { WorkOSError } from "../src/index.js"

const info = { method: "GET", path: "/user_management/users", requestId: "req_1", code: null, message: "m" }

const samples: ReadonlyArray<WorkOSError.WorkOSError> = [
  new WorkOSError.WorkOSBadRequest({ ...info, status: 400, errors: [new WorkOSError.FieldError({ code: "x" })] }),
  new WorkOSError.WorkOSUnauthorized({ ...info, status: 401 }),
  new WorkOSError.WorkOSForbidden({ ...info, status: 403 }),
  new WorkOSError.WorkOSNotFound({ ...info, status: 404 }),
  new WorkOSError.WorkOSConflict({ ...info, status: 409 }),
  new WorkOSError.WorkOSUnprocessable({ ...info, status: 422, errors: [] }),
  new WorkOSError.WorkOSRateLimited({ ...info, status: 429, retryAfter: Duration.seconds(3) }),
  new WorkOSError.WorkOSServerError({ ...info, status: 502, retryAfter: null }),
  new WorkOSError.WorkOSOAuthError({ ...info, status: 400, error: "invalid_grant", errorDescription: null }),
  new WorkOSError.WorkOSUnexpectedStatus({ ...info, status: 405 }),
  new WorkOSError.WorkOSTimeout({ ...info, status: null }),
  new WorkOSError.WorkOSTransportError({ ...info, status: null, connectionFailed: true }),
  new WorkOSError.WorkOSDecodeError({ ...info, status: 200, schemaPath: "data[0].id" }),
  new WorkOSError.WorkOSInvalidRequest({ ...info, status: null, field: "id" }),
  new WorkOSError.WorkOSPaginationLoop({ ...info, status: null, cursor: "user_1" })
]

describe("WorkOSError", () => {
  it("isWorkOSError recognises every error class and nothing else", () => {
    for (const error of samples) assert.isTrue(WorkOSError.isWorkOSError(error), error._tag)
    assert.strictEqual(new Set(samples.map((e) => e._tag)).size, WorkOSError.WorkOSError.members.length)
    assert.isFalse(WorkOSError.isWorkOSError({ _tag: "NotFound" }))
    assert.isFalse(WorkOSError.isWorkOSError(new Error("x")))
    assert.isFalse(WorkOSError.isWorkOSError(null))
  })

  it("errors survive encoding and decoding through the union schema (for RPC, caches, logs)", () => {
    for (const error of samples) {
      const encoded = Schema.encodeSync(WorkOSError.WorkOSError)(error)
      const json = JSON.parse(JSON.stringify(encoded))
      const decoded = Schema.decodeUnknownSync(WorkOSError.WorkOSError)(json)
      assert.strictEqual(decoded._tag, error._tag)
      assert.strictEqual(decoded.message, error.message)
      assert.strictEqual(Object.getPrototypeOf(decoded), Object.getPrototypeOf(error))
    }
  })

  it("the message is the Error message", () => {
    const error = samples[3]!
    assert.instanceOf(error, Error)
    assert.strictEqual((error as Error).message, "m")
  })
})
