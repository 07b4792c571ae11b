/**
 * The fast decoder (`internal/decode.ts`) answers exactly as `Schema.decodeUnknown` does:
 * the same value (same classes, same keys in the same order, same defaults) wherever the
 * schema accepts the input, and a rejection wherever it rejects it. Checked on every
 * fixture, on bodies the official spec's JSON schemas generate, on bodies every model
 * generates, and on those bodies broken one field at a time.
 */
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Either, FastCheck, identity, Redacted, Schema, SchemaAST } from "effect"
import { generateSync } from "json-schema-faker"
import * as fs from "node:fs"
import * as path from "node:path"
import YAML from "yaml"
import * as SDK from "../src/index.js"
import {
  Authentication,
  AuthFactors,
  EmailChange,
  EmailVerification,
  Events,
  FeatureFlags,
  Invitations,
  MagicAuth,
  OrganizationMemberships,
  Organizations,
  Pagination,
  PasswordReset,
  UserApiKeys,
  Users
} from "../src/index.js"
import { compile, decodeUnknown, decodeUnknownEither, FAIL } from "../src/internal/decode.js"
import { fixtures } from "./utils/fixtures.js"

type AnySchema = Schema.Schema<any, any, never>

/** Fails unless `fast` and `slow` are the same value: classes, key order, `Redacted` contents. */
const assertSame = (fast: unknown, slow: unknown, at = "value"): void => {
  if (Redacted.isRedacted(fast) && Redacted.isRedacted(slow)) {
    return assertSame(Redacted.value(fast), Redacted.value(slow), `${at} (redacted)`)
  }
  if (typeof fast !== "object" || fast === null || typeof slow !== "object" || slow === null) {
    assert.isTrue(Object.is(fast, slow), `${at}: ${String(fast)} is not ${String(slow)}`)
    return
  }
  assert.strictEqual(Object.getPrototypeOf(fast), Object.getPrototypeOf(slow), `${at}: not the same class`)
  // An error's stack says where it was made, which differs by construction.
  const keys = (value: object) => Reflect.ownKeys(value).filter((key) => !(value instanceof Error && key === "stack"))
  assert.deepStrictEqual(keys(fast), keys(slow), `${at}: not the same keys`)
  for (const key of keys(fast)) {
    assertSame(
      (fast as Record<PropertyKey, unknown>)[key],
      (slow as Record<PropertyKey, unknown>)[key],
      `${at}.${String(key)}`
    )
  }
}

/** Compares the compiled decoder with the schema on one input; returns whether it was accepted. */
const agree = (schema: AnySchema, input: unknown, label: string): boolean => {
  const fast = compile(schema.ast)(input)
  const slow = Schema.decodeUnknownEither(schema)(input)
  if (Either.isLeft(slow)) {
    assert.strictEqual(fast, FAIL, `${label}: the schema rejects ${JSON.stringify(input)} but the fast path accepts it`)
    return false
  }
  assert.notStrictEqual(fast, FAIL, `${label}: the fast path rejects what the schema accepts: ${JSON.stringify(input)}`)
  assertSame(fast, slow.right, label)
  return true
}

/** Each way of breaking one field of a body: removed, `null`, and every JSON type in its place. */
const broken = (body: unknown): Array<unknown> => {
  const out: Array<unknown> = []
  const replacements: ReadonlyArray<unknown> = [null, 0, -1.5, "", "x", true, [], {}, [{}]]
  const walk = (node: unknown, rebuild: (value: unknown) => unknown): void => {
    if (typeof node !== "object" || node === null) return
    const entries = Object.entries(node)
    for (const [key, value] of entries) {
      const set = (next: unknown) =>
        rebuild(Array.isArray(node) ? node.map((v, i) => String(i) === key ? next : v) : { ...node, [key]: next })
      if (!Array.isArray(node)) {
        const { [key]: _, ...rest } = node as Record<string, unknown>
        out.push(rebuild(rest))
      }
      for (const replacement of replacements) out.push(set(replacement))
      walk(value, set)
    }
  }
  walk(body, (value) => value)
  return out
}

/** Every schema the SDK exports, less its service tags and errors' tagged unions. */
const exported: ReadonlyArray<readonly [string, AnySchema]> = Object.entries(SDK).flatMap(([moduleName, module]) =>
  Object.entries(module as Record<string, unknown>).flatMap(([name, value]) =>
    (typeof value === "function" || typeof value === "object") && value !== null && Schema.isSchema(value)
      ? [[`${moduleName}.${name}`, value as AnySchema] as const]
      : []
  )
)

/** Bodies a model generates: on its wire side directly, and from its type side encoded. */
const generated = (schema: AnySchema, runs: number, seed: number): Array<unknown> => {
  const wire = FastCheck.sample(Arbitrary.make(Schema.encodedSchema(schema)), { numRuns: runs, seed })
  const encode = Schema.encodeUnknownEither(schema)
  const typed = FastCheck.sample(Arbitrary.make(schema), { numRuns: runs, seed }).flatMap((value) => {
    const body = encode(value)
    return Either.isRight(body) ? [body.right] : []
  })
  return [...wire, ...typed]
}

describe("the fast decoder equals Schema.decodeUnknown", () => {
  it("on every fixture, and on every fixture broken one field at a time", () => {
    let rejected = 0
    for (const [file, body, schema] of fixtures()) {
      assert.isTrue(agree(schema as AnySchema, body, file), `${file} decodes`)
      // A list fixture breaks thousands of ways; every third is plenty.
      for (const bad of broken(body).filter((_, i) => i % 3 === 0)) {
        if (!agree(schema as AnySchema, bad, file)) rejected++
      }
    }
    // The broken bodies reach the rejection side too.
    assert.isAbove(rejected, 500)
  }, 60_000)

  it("on bodies generated from the spec's JSON schemas", () => {
    const spec = YAML.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, "../../../../shared/reference/workos-openapi.yaml"), "utf8")
    ) as { components: { schemas: Record<string, unknown> } }
    // `example` is an annotation; json-schema-faker 0.6 generates it as a property of free-form objects.
    const $defs = JSON.parse(
      JSON.stringify(spec.components.schemas).replaceAll("#/components/schemas/", "#/$defs/"),
      (key, value) => key === "example" ? undefined : value
    )
    const components: ReadonlyArray<readonly [string, AnySchema]> = [
      ["UserlandUser", Users.User],
      ["UserlandUserList", Pagination.Page(Users.User)],
      ["UserlandUserOrganizationMembership", OrganizationMemberships.OrganizationMembership],
      ["UserlandUserOrganizationMembershipList", Pagination.Page(OrganizationMemberships.OrganizationMembership)],
      ["UserlandUserInvite", Invitations.Invitation],
      ["UserlandUserInviteList", Pagination.Page(Invitations.Invitation)],
      ["MagicAuth", MagicAuth.MagicAuth],
      ["PasswordReset", PasswordReset.PasswordReset],
      ["EmailVerification", EmailVerification.EmailVerification],
      ["EmailChange", EmailChange.EmailChange],
      ["AuthenticationFactor", AuthFactors.AuthenticationFactor],
      ["AuthenticationChallenge", AuthFactors.AuthenticationChallenge],
      ["UserlandUserAuthenticationFactorList", Pagination.Page(AuthFactors.AuthenticationFactor)],
      ["UserlandAuthenticateResponse", Authentication.AuthenticationResponse],
      ["UserApiKey", UserApiKeys.UserApiKey],
      ["UserApiKeyWithValue", UserApiKeys.UserApiKeyWithValue],
      ["UserApiKeyList", Pagination.Page(UserApiKeys.UserApiKey)],
      ["Flag", FeatureFlags.FeatureFlag],
      ["FlagList", Pagination.Page(FeatureFlags.FeatureFlag)],
      ["Organization", Organizations.Organization],
      ["OrganizationList", Pagination.Page(Organizations.Organization)]
    ]
    for (const [name, schema] of components) {
      assert.property($defs, name)
      let accepted = 0
      for (let seed = 1; seed <= 30; seed++) {
        const body = generateSync({ $defs, $ref: `#/$defs/${name}` }, {
          seed,
          optionalsProbability: seed % 3 === 0 ? 0 : 0.5,
          fillProperties: false
        })
        if (agree(schema, body, `${name} (seed ${seed})`)) accepted++
        for (const bad of broken(body).slice(0, 60)) agree(schema, bad, `${name} (seed ${seed}, broken)`)
      }
      // The spec's bodies are what the schemas are for: most of them decode.
      assert.isAbove(accepted, 15, `${name}: ${accepted} of 30 spec bodies decoded`)
    }
  }, 60_000)

  it("on bodies every exported model generates, and on them broken one field at a time", () => {
    let models = 0
    for (const [name, schema] of exported) {
      let bodies: Array<unknown>
      try {
        bodies = generated(schema, 12, 42)
      } catch {
        continue // no arbitrary for it (a service tag's schema, a declaration without one)
      }
      models++
      for (const body of bodies) {
        agree(schema, body, name)
        for (const bad of broken(body).slice(0, 40)) agree(schema, bad, `${name} (broken)`)
      }
    }
    assert.isAbove(models, 40)
  }, 60_000)

  it("on lists and the event union, and on arbitrary JSON", () => {
    const schemas: ReadonlyArray<readonly [string, AnySchema]> = [
      ["Page(User)", Pagination.Page(Users.User)],
      ["Page(OrganizationMembership)", Pagination.Page(OrganizationMemberships.OrganizationMembership)],
      ["Event", Events.Event],
      ["parseJson(Event)", Schema.parseJson(Events.Event)]
    ]
    for (const [name, schema] of schemas) {
      for (const body of generated(schema, 20, 7)) agree(schema, body, name)
      for (const body of FastCheck.sample(FastCheck.jsonValue(), { numRuns: 100, seed: 3 })) agree(schema, body, name)
    }
    // A union's literal key (`object`, `event`) holding a value no member has: the fast path
    // finds no member under it and goes on to the members without literal keys.
    for (const body of generated(Events.Event, 10, 11)) {
      for (const object of ["not_an_event", ""]) {
        const record = body as Record<string, unknown>
        agree(Events.Event, { ...record, object }, `Event with object ${object}`)
        agree(Events.Event, { ...record, event: `${object}.brand_new` }, `Event with event ${object}.brand_new`)
      }
    }
  })

  it("on the schema shapes the models do not use yet", () => {
    const cases: ReadonlyArray<readonly [string, AnySchema, ReadonlyArray<unknown>]> = [
      // A property that is also matched by the index signature: its value comes from the property.
      [
        "struct with a record",
        Schema.Struct({ a: Schema.NumberFromString }, Schema.Record({ key: Schema.String, value: Schema.Unknown })),
        [{ a: "1", b: 2 }, { a: "x" }, { b: 1 }, { a: "2", c: null }]
      ],
      // A renamed field beside an index signature: the parser's own rename step, not the fused one.
      [
        "struct with a record and a renamed field",
        Schema.Struct(
          { userId: Schema.optional(Schema.String).pipe(Schema.fromKey("user_id")) },
          Schema.Record({ key: Schema.String, value: Schema.Unknown })
        ),
        [{ user_id: "u_1", other: 1 }, { other: 1 }, {}, { user_id: 1 }, { userId: "kept" }]
      ],
      ["tuple", Schema.Tuple(Schema.String, Schema.Number), [["a", 1], ["a"], ["a", 1, 2], [1, "a"], []]],
      ["non-empty array", Schema.NonEmptyArray(Schema.String), [["a"], ["a", "b"], [], [1]]],
      ["enum", Schema.Enums({ A: "a", B: 2 }), ["a", 2, "b", "2", null]],
      // Two members share a discriminator value: the first that accepts wins, in the parser's order.
      [
        "overlapping union",
        Schema.Union(
          Schema.Struct({ kind: Schema.Literal("a"), n: Schema.Number }),
          Schema.Struct({ kind: Schema.Literal("a"), s: Schema.String }),
          Schema.Struct({ kind: Schema.Literal("b") }),
          Schema.Struct({ other: Schema.String }),
          Schema.NumberFromString,
          Schema.String
        ),
        [{ kind: "a", n: 1, s: "x" }, { kind: "a", s: "x" }, { kind: "b" }, { kind: "c", other: "o" }, "12", "x", 1]
      ],
      [
        "suspended",
        Schema.suspend((): AnySchema => Schema.Struct({ next: Schema.NullOr(Schema.Number) })),
        [{ next: 1 }, { next: null }, {}]
      ]
    ]
    for (const [name, schema, inputs] of cases) for (const input of inputs) agree(schema, input, name)
    // A required type-side key the wire object lacks is read from the object's prototype,
    // as the parser reads it (only a hand-built AST gets there).
    const { PropertySignature: Property, TypeLiteral, unknownKeyword } = SchemaAST
    const Manual = Schema.make<unknown, unknown, never>(
      new SchemaAST.Transformation(
        new TypeLiteral([
          new Property("constructor", unknownKeyword, true, true),
          new Property("c", unknownKeyword, false, true)
        ], []),
        new TypeLiteral([
          new Property("constructor", unknownKeyword, false, true),
          new Property("d", unknownKeyword, false, true)
        ], []),
        new SchemaAST.TypeLiteralTransformation([
          new SchemaAST.PropertySignatureTransformation("c", "d", identity, identity)
        ])
      )
    )
    assert.isTrue(agree(Manual, { c: 1 }, "manual"))
    assert.strictEqual((compile(Manual.ast)({ c: 1 }) as { constructor: unknown }).constructor, Object)
    // The same, but the type side wants a string there: the prototype's value (a function)
    // fails it, so the whole input fails, as in the parser.
    const Strict = Schema.make<unknown, unknown, never>(
      new SchemaAST.Transformation(
        new TypeLiteral([new Property("c", unknownKeyword, false, true)], []),
        new TypeLiteral([
          new Property("constructor", SchemaAST.stringKeyword, false, true),
          new Property("d", unknownKeyword, false, true)
        ], []),
        new SchemaAST.TypeLiteralTransformation([
          new SchemaAST.PropertySignatureTransformation("c", "d", identity, identity)
        ])
      )
    )
    assert.isFalse(agree(Strict, { c: 1 }, "manual, strict"))
    // A wire key no type-side property reads is still checked (only a hand-built AST has
    // one), and an optional one only when it is there.
    const Dropped = Schema.make<unknown, unknown, never>(
      new SchemaAST.Transformation(
        new TypeLiteral([
          new Property("a", SchemaAST.stringKeyword, false, true),
          new Property("b", SchemaAST.stringKeyword, true, true),
          new Property("c", unknownKeyword, false, true)
        ], []),
        new TypeLiteral([new Property("d", unknownKeyword, false, true)], []),
        new SchemaAST.TypeLiteralTransformation([
          new SchemaAST.PropertySignatureTransformation("c", "d", identity, identity)
        ])
      )
    )
    assert.isTrue(agree(Dropped, { a: "x", c: 1 }, "dropped key"))
    assert.isFalse(agree(Dropped, { c: 1 }, "dropped key, missing"))
    assert.isFalse(agree(Dropped, { a: 1, c: 1 }, "dropped key, wrong type"))
    assert.isTrue(agree(Dropped, { a: "x", b: "y", c: 1 }, "dropped optional key"))
    assert.isFalse(agree(Dropped, { a: "x", b: 2, c: 1 }, "dropped optional key, wrong type"))
    // A renamed key whose wire type rejects the value fails, though its type side takes anything.
    const Loose = Schema.make<unknown, unknown, never>(
      new SchemaAST.Transformation(
        new TypeLiteral([new Property("c", SchemaAST.stringKeyword, false, true)], []),
        new TypeLiteral([new Property("d", unknownKeyword, false, true)], []),
        new SchemaAST.TypeLiteralTransformation([
          new SchemaAST.PropertySignatureTransformation("c", "d", identity, identity)
        ])
      )
    )
    assert.isTrue(agree(Loose, { c: "x" }, "loose type side"))
    assert.isFalse(agree(Loose, { c: 1 }, "loose type side, wrong wire type"))
    // A class over a renamed struct with parse options of its own: the options count.
    class Exact extends Schema.Class<Exact>("Exact")(
      Schema.Struct({ userId: Schema.String.pipe(Schema.propertySignature, Schema.fromKey("user_id")) }).annotations({
        parseOptions: { onExcessProperty: "error" }
      })
    ) {}
    assert.isTrue(agree(Exact as AnySchema, { user_id: "u_1" }, "exact class"))
    assert.isFalse(agree(Exact as AnySchema, { user_id: "u_1", other: 1 }, "exact class, excess key"))
  })

  it("builds classes as their constructors do, and keeps a constructor that does more", () => {
    // Built without the constructor: a plain class, with constructor defaults (filled at
    // the end, in field order) and a default the input overrides.
    class Plain extends Schema.Class<Plain>("Plain")({
      a: Schema.String,
      tags: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] }),
      b: Schema.optional(Schema.Number),
      made: Schema.optional(Schema.String).pipe(Schema.withConstructorDefault(() => "by default"))
    }) {}
    // Each of these keeps its constructor: it changes a value, adds a property, or is tagged.
    class Trims extends Schema.Class<Trims>("Trims")({ a: Schema.String }) {
      constructor(props: { a: string }, options?: boolean) {
        super("a" in props ? { ...props, a: String(props.a).trim() } : props, options)
      }
    }
    class Extra extends Schema.Class<Extra>("Extra")({ a: Schema.String }) {
      readonly extra = 1
    }
    class Tagged extends Schema.TaggedClass<Tagged>()("Tagged", { a: Schema.String }) {}
    const inputs = [{ a: " x " }, { a: "y", tags: ["t"], b: 1 }, { a: "z", b: undefined, made: undefined }, {
      made: "given",
      a: "w"
    }]
    for (const [name, schema] of [["Plain", Plain], ["Trims", Trims], ["Extra", Extra]] as const) {
      for (const input of inputs) assert.isTrue(agree(schema as AnySchema, input, `${name} ${JSON.stringify(input)}`))
    }
    for (const input of [{ _tag: "Tagged", a: "x" }, { a: "x", _tag: "Tagged" }]) {
      assert.isTrue(agree(Tagged as AnySchema, input, `Tagged ${JSON.stringify(input)}`))
    }
    // Built in place from a renamed struct: a default is filled where the field decoded to
    // `undefined`, and only there.
    class Renamed extends Schema.Class<Renamed>("Renamed")({
      userId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("user_id")),
      maybe: Schema.UndefinedOr(Schema.String).pipe(
        Schema.propertySignature,
        Schema.withConstructorDefault(() => "filled")
      ),
      tags: Schema.optionalWith(Schema.Array(Schema.String), { default: () => ["default"] }),
      nick: Schema.optionalWith(Schema.NullOr(Schema.String), { default: () => null })
    }) {}
    for (
      const input of [{ user_id: "u" }, { user_id: "u", maybe: undefined }, { user_id: "u", maybe: "m", tags: ["t"] }, {
        user_id: "u",
        nick: "n"
      }]
    ) assert.isTrue(agree(Renamed as AnySchema, input, `Renamed ${JSON.stringify(input)}`))
    const renamed = compile(Renamed.ast)({ user_id: "u", maybe: undefined }) as Renamed
    assert.instanceOf(renamed, Renamed)
    assert.deepStrictEqual([renamed.maybe, renamed.tags, renamed.nick], ["filled", ["default"], null])
    assert.strictEqual((compile(Plain.ast)({ a: "x" }) as Plain).made, "by default")
    assert.strictEqual((compile(Trims.ast)({ a: " x " }) as Trims).a, "x")
    assert.strictEqual((compile(Extra.ast)({ a: "x" }) as Extra).extra, 1)
  })

  it("a class whose constructor only builds the object is not called per value", () => {
    let calls = 0
    class Counted extends Schema.Class<Counted>("Counted")({ a: Schema.String }) {
      constructor(props: { a: string }, options?: boolean) {
        super(props, options)
        calls++
      }
    }
    const decode = compile(Counted.ast)
    const probes = calls
    for (const a of ["x", "y", "z"]) assert.instanceOf(decode({ a }), Counted)
    assert.strictEqual(calls, probes, "the constructor ran only when compiling")
    assert.strictEqual(probes, 2)
  })

  it("an empty struct accepts anything but null and undefined, as the schema does", () => {
    const empty = Schema.Struct({}) as AnySchema
    for (const input of [{}, { a: 1 }, [], 0, "", false, null, undefined]) agree(empty, input, String(input))
    assert.strictEqual(compile(empty.ast)(null), FAIL)
    assert.strictEqual(compile(empty.ast)(undefined), FAIL)
    assert.notStrictEqual(compile(empty.ast)(0), FAIL)
  })

  it("gives the schema's own error where it rejects, and its value where it accepts", () => {
    const [, user] = fixtures().find(([file]) => file === "user.json")!
    const bad = { ...(user as object), email_verified: "yes" }
    const decodeEither = decodeUnknownEither(Users.User)
    assert.deepStrictEqual(decodeEither(bad), Schema.decodeUnknownEither(Users.User)(bad))
    assert.instanceOf(Either.getOrThrow(decodeEither(user)), Users.User)
    const decode = decodeUnknown(Users.User)
    assert.strictEqual(decode, decodeUnknown(Users.User), "built once per schema")
  })

  it("leaves an asynchronous step to the schema (a union would otherwise take its next member)", async () => {
    const Slow = Schema.transformOrFail(Schema.String, Schema.Number, {
      strict: true,
      decode: (s) => Effect.delay(Effect.succeed(s.length), "1 millis"),
      encode: (n) => Effect.succeed("x".repeat(n))
    })
    const schema = Schema.Struct({ a: Schema.Union(Slow, Schema.String) })
    const value = await Effect.runPromise(decodeUnknown(schema)({ a: "abc" }))
    assert.deepStrictEqual(value, { a: 3 })
  })
})
