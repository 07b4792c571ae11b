/**
 * Fast decoding for every schema, built from the schema's own AST.
 *
 * `Schema.decodeUnknown` interprets a schema through Effect's general parser: it builds
 * issue trees as it goes, wraps every step in an `Either`, and renames `fromKey` fields
 * through `Option`s. A response body is almost always valid, so the work that makes good
 * error messages is wasted on it.
 *
 * {@link compile} turns a schema's AST into plain functions that only answer "valid, and
 * here is the value" or "not valid" ({@link FAIL}). Each node does exactly what the parser
 * does on success (the same checks, the same property order, the same transformations, and
 * class instances built as their constructors build them), so a value it returns is the value
 * `Schema.decodeUnknown` returns. On {@link FAIL}, {@link decodeUnknown} runs the schema
 * itself, which gives the same error as before. A node it does not model (an async
 * transformation, a template literal, a union it cannot dispatch without trying members in
 * order) is handed to the schema's own parser for that node alone.
 *
 * `test/FastDecode.test.ts` holds the two to the same results on every fixture, on bodies
 * generated from every model, and on those bodies broken in every way it knows.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/** What a compiled node returns for input it rejects. @internal */
export const FAIL: unique symbol = Symbol.for("effect-workos/decode/FAIL")

/** A compiled node: the decoded value, or {@link FAIL}. @internal */
export type Fast = (input: unknown) => unknown

const hasOwn = Object.prototype.hasOwnProperty
const options = AST.defaultParseOption

const compiled = new WeakMap<AST.AST, Fast>()

/**
 * The fast decoder of an AST (memoised per AST node, as Effect memoises its parsers).
 *
 * @internal
 */
export const compile = (ast: AST.AST): Fast => {
  let fast = compiled.get(ast)
  if (fast === undefined) {
    fast = hasOwnParseOptions(ast) ? delegate(ast) : go(ast)
    compiled.set(ast, fast)
  }
  return fast
}

/** The schema's own parser for one node, for what {@link go} does not model. */
const delegate = (ast: AST.AST): Fast => {
  const parse = ParseResult.decodeUnknown(Schema.make(ast))
  return (input) => rightOrFail(parse(input))
}

/**
 * Thrown by a step that answered with an asynchronous `Effect` instead of an `Either`: the
 * parser would wait for it (and, in a union, keep trying the other members meanwhile), so
 * the whole input is left to the parser.
 */
const ASYNC: unique symbol = Symbol.for("effect-workos/decode/ASYNC")

/** A step's result: its value, {@link FAIL}, or {@link ASYNC} thrown. */
const rightOrFail = (result: Effect.Effect<unknown, unknown, unknown>): unknown => {
  if (!Either.isEither(result)) throw ASYNC
  return Either.isRight(result) ? result.right : FAIL
}

/** The fast path of a whole input: its value, or {@link FAIL} when the parser must decide. */
const run = (fast: Fast, input: unknown): unknown => {
  try {
    return fast(input)
  } catch (error) {
    if (error === ASYNC) return FAIL
    throw error
  }
}

/** The predicate of each node that only checks its input (see {@link check}). */
const predicates = new WeakMap<Fast, (input: unknown) => boolean>()

/**
 * A check that returns its input unchanged. Its predicate is kept, so that a union of
 * checks (`NullOr(String)`) is one predicate, not a loop over members.
 */
const check = (predicate: (input: unknown) => boolean): Fast => {
  const fast: Fast = (input) => predicate(input) ? input : FAIL
  predicates.set(fast, predicate)
  return fast
}

const go = (ast: AST.AST): Fast => {
  switch (ast._tag) {
    case "Literal": {
      const literal = ast.literal
      return check((input) => input === literal)
    }
    case "StringKeyword":
      return check((input) => typeof input === "string")
    case "NumberKeyword":
      return check((input) => typeof input === "number")
    case "BooleanKeyword":
      return check((input) => typeof input === "boolean")
    case "UndefinedKeyword":
      return check((input) => input === undefined)
    case "UnknownKeyword":
    case "AnyKeyword":
      return (input) => input
    case "Enums": {
      const values = ast.enums.map(([, value]) => value)
      return check((input) => values.some((value) => value === input))
    }
    case "Refinement":
      return refinement(ast)
    case "Transformation":
      return transformation(ast)
    case "Declaration":
      return declaration(ast)
    case "TypeLiteral":
      return typeLiteral(ast)
    case "TupleType":
      return tupleType(ast)
    case "Union":
      return union(ast)
    case "Suspend": {
      let inner: Fast | undefined
      return (input) => (inner ??= compile(ast.f()))(input)
    }
    default:
      return delegate(ast)
  }
}

const refinement = (ast: AST.Refinement): Fast => {
  const from = compile(ast.from)
  return (input) => {
    const value = from(input)
    return value === FAIL || Option.isSome(ast.filter(value, options, ast)) ? FAIL : value
  }
}

const declaration = (ast: AST.Declaration): Fast => {
  const parse = ast.decodeUnknown(...ast.typeParameters)
  return (input) => rightOrFail(parse(input, options, ast))
}

const transformation = (ast: AST.Transformation): Fast => {
  const from = compile(ast.from)
  const to = compile(ast.to)
  const step = ast.transformation
  switch (step._tag) {
    case "ComposeTransformation":
      return (input) => {
        const value = from(input)
        return value === FAIL ? FAIL : to(value)
      }
    case "FinalTransformation": {
      const klass = AST.isDeclaration(ast.to) ? classPlan(step, ast) : undefined
      if (klass !== undefined) {
        // A class over a struct with renamed fields (every model): the struct is built
        // straight into the instance, with no intermediate object to copy.
        const struct = ast.from
        const direct = AST.isTransformation(struct) && struct.transformation._tag === "TypeLiteralTransformation" &&
            !hasOwnParseOptions(struct)
          ? renamed(struct, struct.transformation, klass.allocate)
          : undefined
        if (direct !== undefined) {
          // A default for a required field that never decodes to `undefined` (`metadata`,
          // the nullable strings) is never filled: the struct always wrote a value there.
          // (`renamed` built it, so `struct` is a transformation to a plain type literal.)
          const written = (struct as AST.Transformation).to as AST.TypeLiteral
          const fill = klass.fillExcept((key) =>
            written.propertySignatures.some((signature) =>
              signature.name === key && !signature.isOptional && neverUndefined(signature.type)
            )
          )
          return (input) => {
            const value = direct(input)
            return value === FAIL ? FAIL : fill(value as Record<PropertyKey, unknown>)
          }
        }
        return (input) => {
          const value = from(input)
          return value === FAIL ? FAIL : klass.construct(value as Record<PropertyKey, unknown>)
        }
      }
      const decode = step.decode
      return (input) => {
        const value = from(input)
        if (value === FAIL) return FAIL
        const transformed = rightOrFail(decode(value, options, ast, input))
        return transformed === FAIL ? FAIL : to(transformed)
      }
    }
    case "TypeLiteralTransformation": {
      const fused = renamed(ast, step)
      if (fused !== undefined) return fused
      // What `ParseResult` does for renames and defaults, on the object the `from` side built.
      const steps = step.propertySignatureTransformations
      return (input) => {
        const value = from(input)
        if (value === FAIL) return FAIL
        const object = value as Record<PropertyKey, unknown>
        for (const { decode, from: key, to: target } of steps) {
          const result = decode(hasOwn.call(object, key) ? Option.some(object[key]) : Option.none())
          delete object[key]
          if (Option.isSome(result)) object[target] = result.value
        }
        return to(object)
      }
    }
  }
}

const PROBE = "effect-workos/decode/probe"

const objectPrototype = Object.prototype as Record<PropertyKey, unknown>

/** How a class's instances are built without its constructor (see {@link classPlan}). */
interface ClassPlan {
  /** An empty instance: an object of the class's prototype. */
  readonly allocate: () => Record<PropertyKey, unknown>
  /**
   * What fills the constructor's defaults into an instance holding the decoded fields,
   * leaving out the fields `filled` says always hold a value.
   */
  readonly fillExcept: (
    filled: (key: PropertyKey) => boolean
  ) => (instance: Record<PropertyKey, unknown>) => Record<PropertyKey, unknown>
  /** What the constructor makes of `props`. */
  readonly construct: (props: Record<PropertyKey, unknown>) => Record<PropertyKey, unknown>
}

/**
 * What a `Schema.Class`'s decoding step does, `new Class(props, true)`, without going
 * through its constructor. With validation off, that constructor copies `props`, walks
 * every field for constructor defaults (filling those `props` lacks, at the end, in field
 * order) and assigns the copy to the new instance: a copy and a walk per instance, about a
 * third of decoding a user. This assigns `props` to an object of the class's prototype and
 * fills the same defaults, walking only the fields that have one.
 *
 * Only for a class the step itself shows to be one, by running it twice when compiling:
 * on an object with a distinct marker value for every field, it must answer an instance
 * of a schema class (a constructor with `fields`) holding exactly those keys, in order,
 * with the same values; on an object without the fields, exactly the keys and defaults
 * this adds. So a constructor that changes, adds or reorders properties keeps being
 * called: a subclass's own, or that of the tagged kinds, which moves `_tag` to the end.
 * What a constructor does besides building the object (a side effect) happens for the two
 * probes only: the SDK's models have none.
 */
const classPlan = (
  step: AST.FinalTransformation,
  ast: AST.Transformation
): ClassPlan | undefined => {
  const made = (props: Record<PropertyKey, unknown>): Record<PropertyKey, unknown> | undefined => {
    try {
      const instance = rightOrFail(step.decode(props, options, ast, props))
      return typeof instance === "object" && instance !== null ? instance as Record<PropertyKey, unknown> : undefined
    } catch {
      return undefined
    }
  }
  const empty = { [PROBE]: PROBE }
  const instance = made(empty)
  if (instance === undefined) return undefined
  const prototype: object | null = Object.getPrototypeOf(instance)
  const klass: unknown = prototype?.constructor
  if (prototype === null || !Schema.isSchema(klass) || !("fields" in klass)) return undefined
  const fields = klass.fields as Schema.Struct.Fields
  if (typeof fields !== "object" || fields === null) return undefined
  const defaults: Array<readonly [PropertyKey, () => unknown]> = []
  for (const key of Reflect.ownKeys(fields)) {
    const field = fields[key]
    if (!Schema.isPropertySignature(field)) continue
    const signature = field.ast
    const make = signature._tag === "PropertySignatureDeclaration"
      ? signature.defaultValue
      : signature.to.defaultValue
    if (make !== undefined) defaults.push([key, make])
  }
  const allocate = (): Record<PropertyKey, unknown> => Object.create(prototype)
  // What the constructor reads, `props[key]`, read from the instance: its own property, or
  // for a key it lacks, what a plain object would inherit.
  const filling = (
    some: ReadonlyArray<readonly [PropertyKey, () => unknown]>
  ): (out: Record<PropertyKey, unknown>) => Record<PropertyKey, unknown> =>
    some.length === 0 ? identity : (out) => {
      for (const [key, make] of some) {
        if ((hasOwn.call(out, key) ? out[key] : objectPrototype[key]) === undefined) out[key] = make()
      }
      return out
    }
  const fill = filling(defaults)
  const fillExcept = (filled: (key: PropertyKey) => boolean) => filling(defaults.filter(([key]) => !filled(key)))
  const construct = (props: Record<PropertyKey, unknown>): Record<PropertyKey, unknown> =>
    fill(Object.assign(allocate(), props))
  const full: Record<PropertyKey, unknown> = {}
  for (const key of Reflect.ownKeys(fields)) full[key] = { [PROBE]: key }
  const sameKeys = (actual: Record<PropertyKey, unknown> | undefined, expected: Record<PropertyKey, unknown>) => {
    if (actual === undefined || Object.getPrototypeOf(actual) !== prototype) return false
    const keys = Reflect.ownKeys(actual)
    const wanted = Reflect.ownKeys(expected)
    return keys.length === wanted.length && keys.every((key, i) => key === wanted[i])
  }
  const filled = made(full)
  const same = instance[PROBE] === PROBE && sameKeys(instance, construct(empty) as Record<PropertyKey, unknown>) &&
    sameKeys(filled, full) && Reflect.ownKeys(full).every((key) => filled![key] === full[key])
  return same ? { allocate, fillExcept, construct } : undefined
}

/**
 * Whether every value a node decodes to is defined, from its shape alone: a string,
 * number, boolean, literal, enum, object or array, refined or in a union of such.
 */
const neverUndefined = (ast: AST.AST): boolean => {
  switch (ast._tag) {
    case "StringKeyword":
    case "NumberKeyword":
    case "BooleanKeyword":
    case "Literal":
    case "Enums":
    case "TypeLiteral":
    case "TupleType":
      return true
    case "Refinement":
      return neverUndefined(ast.from)
    case "Union":
      return ast.types.every(neverUndefined)
    default:
      return false
  }
}

/** Whether {@link compile} hands the node to the schema's parser for its annotations. */
const hasOwnParseOptions = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

/** A type literal of named properties only (at least one), with no parse options of its own. */
const isPlainTypeLiteral = (ast: AST.AST): ast is AST.TypeLiteral =>
  AST.isTypeLiteral(ast) && ast.indexSignatures.length === 0 && ast.propertySignatures.length > 0 &&
  !hasOwnParseOptions(ast)

/**
 * A struct with renamed or defaulted fields (`fromKey`, `optionalWith`): the wire-keyed type
 * literal, the property signature transformations, then the type-side type literal. The
 * parser builds the wire object, renames keys on it with `delete` (which turns it into a
 * slow dictionary object), wraps every value in an `Option`, and builds the type-side
 * object. Here the type-side object is built straight from the input: each property is read
 * from the wire key the transformations take it from, decoded by that key's wire type and
 * then by its own (unless both are the same node, which would answer the same twice), and
 * `Option`s are made only for transformations that are not plain renames. Wire keys no
 * property reads are checked all the same. `allocate` gives the object to build (a
 * class's instance, see {@link transformation}); a plain one by default.
 *
 * The key a transformation reads must not be one another transformation writes (then the
 * order of the steps matters); such a struct takes the general path. Duplicate keys need no
 * check: `TypeLiteralTransformation` refuses them when it is built.
 */
const renamed = (
  ast: AST.Transformation,
  step: AST.TypeLiteralTransformation,
  allocate: () => Record<PropertyKey, unknown> = () => ({})
): Fast | undefined => {
  const { from: wireAst, to: typeAst } = ast
  const steps = step.propertySignatureTransformations
  const fromKeys = new Set(steps.map((pst) => pst.from))
  if (
    !isPlainTypeLiteral(wireAst) || !isPlainTypeLiteral(typeAst) ||
    steps.some((pst) => pst.to !== pst.from && fromKeys.has(pst.to))
  ) return undefined
  /** The wire type literal's properties, as its own decoder ({@link typeLiteral}) reads them. */
  const wire = new Map(
    wireAst.propertySignatures.map((signature) =>
      [signature.name, { name: signature.name, optional: signature.isOptional, type: compile(signature.type) }] as const
    )
  )
  /** Where each type-side property comes from: a transformation, the wire key, or nowhere. */
  const plans = typeAst.propertySignatures.map((signature) => {
    const name = signature.name
    const pst = steps.find((candidate) => candidate.to === name)
    const key = pst !== undefined ? pst.from : fromKeys.has(name) ? undefined : name
    const source = key === undefined ? undefined : wire.get(key)
    const type = compile(signature.type)
    const decode = pst === undefined || pst.decode === identity ? undefined : pst.decode
    return {
      name,
      optional: signature.isOptional,
      type,
      source,
      decode,
      // A value read from the wire key, unchanged, whose type on both sides is the same node
      // (a field with no transformation in it: `String`, `NullOr(String)`): the wire side
      // has validated it already, and validating it again answers the same.
      checked: decode === undefined && source !== undefined && source.type === type,
      // What the parser reads for a required key that is not there: the prototype's value.
      missing: objectPrototype[name]
    }
  })
  const read = new Set(plans.map((plan) => plan.source))
  const unread = [...wire.values()].filter((field) => !read.has(field))
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL
    const record = input as Record<PropertyKey, unknown>
    for (const field of unread) {
      if (field.optional && !hasOwn.call(record, field.name)) continue
      if (field.type(record[field.name]) === FAIL) return FAIL
    }
    const output = allocate()
    for (const plan of plans) {
      const source = plan.source
      // On the wire object, a required key is always there (decoded from `undefined` when
      // the input lacks it) and an optional one when the input has it.
      let present = source !== undefined && (!source.optional || hasOwn.call(record, source.name))
      let value: unknown
      if (present) {
        value = source!.type(record[source!.name])
        if (value === FAIL) return FAIL
      }
      if (plan.decode !== undefined) {
        const result = plan.decode(present ? Option.some(value) : Option.none())
        present = Option.isSome(result)
        value = present ? (result as Option.Some<unknown>).value : undefined
      }
      if (!present) {
        if (plan.optional) continue
        value = plan.missing
      } else if (plan.checked) {
        output[plan.name] = value
        continue
      }
      const decoded = plan.type(value)
      if (decoded === FAIL) return FAIL
      output[plan.name] = decoded
    }
    return output
  }
}

const typeLiteral = (ast: AST.TypeLiteral): Fast => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return check((input) => input !== null && input !== undefined)
  }
  // Index signatures other than `string` keys (symbols, patterns, refined keys) skip keys
  // in ways not modelled here.
  if (ast.indexSignatures.some((signature) => signature.parameter._tag !== "StringKeyword")) return delegate(ast)
  const names = ast.propertySignatures.map((signature) => signature.name)
  const optional = ast.propertySignatures.map((signature) => signature.isOptional)
  const types = ast.propertySignatures.map((signature) => compile(signature.type))
  const indexTypes = ast.indexSignatures.map((signature) => compile(signature.type))
  const expected = new Set<PropertyKey>(names)
  const count = names.length
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL
    const record = input as Record<PropertyKey, unknown>
    const output: Record<PropertyKey, unknown> = {}
    for (let i = 0; i < count; i++) {
      const name = names[i]!
      // Like the parser (not `exact`): a missing required key is decoded as its value,
      // `undefined`, and fails unless the type accepts it.
      if (optional[i] && !hasOwn.call(record, name)) continue
      const value = types[i]!(record[name])
      if (value === FAIL) return FAIL
      output[name] = value
    }
    for (const type of indexTypes) {
      for (const key of Object.keys(record)) {
        const value = type(record[key])
        if (value === FAIL) return FAIL
        if (!expected.has(key)) output[key] = value
      }
    }
    return output
  }
}

const tupleType = (ast: AST.TupleType): Fast => {
  // Arrays and fixed tuples; optional elements and trailing rest elements are delegated.
  if (ast.rest.length > 1 || ast.elements.some((element) => element.isOptional)) return delegate(ast)
  const elements = ast.elements.map((element) => compile(element.type))
  const rest = ast.rest.length === 1 ? compile(ast.rest[0]!.type) : undefined
  const fixed = elements.length
  return (input) => {
    if (!Array.isArray(input)) return FAIL
    const length = input.length
    if (length < fixed || (rest === undefined && length > fixed)) return FAIL
    const output = new Array<unknown>(length)
    for (let i = 0; i < length; i++) {
      const value = (i < fixed ? elements[i]! : rest!)(input[i])
      if (value === FAIL) return FAIL
      output[i] = value
    }
    return output
  }
}

/** Effect's own plan for trying a union's members (exported at runtime, not typed). */
type SearchTree = {
  readonly keys: {
    readonly [key: PropertyKey]: { readonly buckets: { readonly [literal: string]: ReadonlyArray<AST.AST> } }
  }
  readonly otherwise: ReadonlyArray<AST.AST>
}
const getSearchTree = (ParseResult as unknown as {
  readonly getSearchTree?: (members: ReadonlyArray<AST.AST>, isDecoding: boolean) => SearchTree
}).getSearchTree

/**
 * A union, tried as the parser tries it: the members whose literal keys (`object`, `type`,
 * `event`) match the input, then the members without literal keys, in the parser's own
 * order (from its search tree), and the first member that accepts the input wins.
 */
const union = (ast: AST.Union): Fast => {
  if (getSearchTree === undefined) return delegate(ast)
  const tree = getSearchTree(ast.types, true)
  const keys = Reflect.ownKeys(tree.keys).map((key) => {
    const buckets = tree.keys[key]!.buckets
    const compiledBuckets = new Map<string, ReadonlyArray<Fast>>()
    for (const literal of Object.keys(buckets)) compiledBuckets.set(literal, buckets[literal]!.map(compile))
    return [key, compiledBuckets] as const
  })
  const otherwise = tree.otherwise.map(compile)
  // Members that only check their input, tried in order, answer the input itself when any
  // accepts it: one predicate does the same (the optional and nullable fields of every model).
  const checks = otherwise.map((member) => predicates.get(member))
  if (keys.length === 0 && checks.every((predicate) => predicate !== undefined)) {
    const [first, second] = checks
    return checks.length === 2
      ? check((input) => first!(input) || second!(input))
      : check((input) => checks.some((predicate) => predicate!(input)))
  }
  const tryAll = (members: ReadonlyArray<Fast>, input: unknown): unknown => {
    for (const member of members) {
      const value = member(input)
      if (value !== FAIL) return value
    }
    return FAIL
  }
  if (keys.length === 0) return (input) => tryAll(otherwise, input)
  return (input) => {
    if (typeof input === "object" && input !== null) {
      const record = input as Record<PropertyKey, unknown>
      for (const [key, buckets] of keys) {
        if (!hasOwn.call(record, key)) continue
        const members = buckets.get(String(record[key]))
        if (members === undefined) continue
        const value = tryAll(members, input)
        if (value !== FAIL) return value
      }
    }
    return tryAll(otherwise, input)
  }
}

const decoders = new WeakMap<AST.AST, (input: unknown) => Effect.Effect<any, ParseResult.ParseError>>()

/**
 * `Schema.decodeUnknown(schema)` with the fast path: the same value on success, the same
 * `ParseError` on failure (the schema itself decodes the input that the fast path rejects).
 *
 * @internal
 */
export const decodeUnknown = <A, I>(
  schema: Schema.Schema<A, I, never>
): (input: unknown) => Effect.Effect<A, ParseResult.ParseError> => {
  let decoder = decoders.get(schema.ast)
  if (decoder === undefined) {
    const fast = compile(schema.ast)
    const slow = Schema.decodeUnknown(schema)
    decoder = (input) => {
      const value = run(fast, input)
      return value === FAIL ? slow(input) : Either.right(value)
    }
    decoders.set(schema.ast, decoder)
  }
  return decoder
}

/**
 * `Schema.decodeUnknownEither(schema)` with the fast path (see {@link decodeUnknown}).
 *
 * @internal
 */
export const decodeUnknownEither = <A, I>(
  schema: Schema.Schema<A, I, never>
): (input: unknown) => Either.Either<A, ParseResult.ParseError> => {
  const fast = compile(schema.ast)
  const slow = Schema.decodeUnknownEither(schema)
  return (input) => {
    const value = run(fast, input)
    return value === FAIL ? slow(input) : Either.right(value as A)
  }
}

/**
 * `Schema.decodeUnknownOption(schema)` with the fast path (see {@link decodeUnknown}).
 *
 * @internal
 */
export const decodeUnknownOption = <A, I>(schema: Schema.Schema<A, I, never>): (input: unknown) => Option.Option<A> => {
  const decode = decodeUnknownEither(schema)
  return (input) => Either.getRight(decode(input))
}
