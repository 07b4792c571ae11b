/**
 * The policy for every response model: an optional field also accepts `null`, decoded as
 * absent. Checked on bodies generated from each model's own schema, with each optional
 * wire field in turn set to `null`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Either, FastCheck, Schema, SchemaAST } from "effect"
import { AuthenticationResponse } from "../src/Authentication.js"
import * as SDK from "../src/index.js"
import { userWire } from "./utils/wire.js"

type AnyClass = Schema.Schema<any, any, never> & { readonly fields: Record<string, unknown> }

/** Not response bodies: the claims inside a verified JWT, and this SDK's own cookie. */
const notResponses = new Set(["AccessToken.AccessTokenClaims", "SealedSession.SessionData"])

/** Every model schema the SDK exports, less its errors (tagged) and the two above. */
const models: ReadonlyArray<readonly [string, AnyClass]> = Object.entries(SDK).flatMap(([moduleName, module]) =>
  Object.entries(module as Record<string, unknown>).flatMap(([name, value]) =>
    typeof value === "function" && Schema.isSchema(value) && "fields" in value &&
      !("_tag" in (value.fields as object)) && !notResponses.has(`${moduleName}.${name}`)
      ? [[`${moduleName}.${name}`, value as unknown as AnyClass] as const]
      : []
  )
)

/** The optional keys of a model's wire (encoded) form. */
const optionalWireKeys = (schema: AnyClass): Array<string> => {
  const encoded = SchemaAST.encodedAST(schema.ast)
  return SchemaAST.isTypeLiteral(encoded)
    ? encoded.propertySignatures.filter((p) => p.isOptional).map((p) => String(p.name))
    : []
}

describe("optional response fields accept null", () => {
  it("the SDK exports the models this checks", () => {
    const names = models.map(([name]) => name)
    for (const expected of ["Authentication.AuthenticationResponse", "Users.CreatedUser", "Invitations.Invitation"]) {
      assert.include(names, expected)
    }
    assert.isAbove(models.length, 15)
  })

  for (const [name, model] of models) {
    const keys = optionalWireKeys(model)
    if (keys.length === 0) continue
    it(`${name}: ${keys.join(", ")}`, () => {
      const decode = Schema.decodeUnknownEither(model)
      // Bodies generated from the wire form itself (snake_case, as the API sends them).
      const bodies = Arbitrary.make(Schema.encodedSchema(model)) as FastCheck.Arbitrary<Record<string, unknown>>
      FastCheck.assert(
        FastCheck.property(bodies, FastCheck.constantFrom(...keys), (generated, key) => {
          FastCheck.pre(Either.isRight(decode(generated)))
          const body = { ...generated, [key]: null }
          const decoded = decode(body)
          if (Either.isLeft(decoded)) return false
          // `null` reads as absent: the same as a body without the key.
          const { [key]: _, ...without } = body
          return JSON.stringify(decode(without)) === JSON.stringify(decoded)
        }),
        { numRuns: 25, seed: 7 }
      )
    })
  }

  it.effect("a sign-in answered with organization_id: null succeeds, without an organization", () =>
    Effect.gen(function*() {
      const wire = {
        user: userWire,
        organization_id: null,
        access_token: "a.b.c",
        refresh_token: "r",
        authentication_method: null,
        impersonator: null
      }
      const response = yield* Schema.decodeUnknown(AuthenticationResponse)(wire)
      assert.isUndefined(response.organizationId)
      assert.isUndefined(response.authenticationMethod)
      assert.strictEqual(response.user.id, "user_01")
    }))
})
