/**
 * Users: list, get, create, update, delete, identities.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Http from "./internal/http.js"
import { listEndpoint } from "./internal/pagination.js"
import { ExternalId, Metadata, oauthProviders, openEnum, optional } from "./internal/schema.js"
import { User } from "./internal/user.js"
import * as Pagination from "./Pagination.js"
import type * as WorkOSConfig from "./WorkOSConfig.js"
import type { ListFailure, RequestFailure, WorkOSInvalidRequest } from "./WorkOSError.js"

export {
  /**
   * A WorkOS user. Timestamps are ISO 8601 strings as the API sends them.
   *
   * @since 0.1.0
   * @category models
   */
  User
} from "./internal/user.js"

/**
 * The user `create` returns: a {@link User}, plus the Radar attempt id when Radar is on.
 *
 * @since 0.1.0
 * @category models
 */
export class CreatedUser extends User.extend<CreatedUser>("effect-workos/CreatedUser")({
  radarAuthAttemptId: optional(Schema.String).pipe(Schema.fromKey("radar_auth_attempt_id"))
}) {}

/**
 * An OAuth provider a user has signed in with. `provider` and `type` are open: values
 * WorkOS adds later decode as plain strings.
 *
 * @since 0.1.0
 * @category models
 */
export class Identity extends Schema.Class<Identity>("effect-workos/Identity")({
  idpId: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("idp_id")),
  type: openEnum("OAuth"),
  // The spec's identity `provider` spells GitHub `GithubOAuth` (what the API sends, see
  // the `identity.json` fixture), while `authentication_method` and the authorization
  // URL's `provider` spell it `GitHubOAuth` (Authentication.AuthenticationMethod). Each
  // enum keeps the API's spelling for its field; the Node SDK rewrites this one, we do not.
  provider: openEnum(...oauthProviders("GithubOAuth"))
}) {}

/**
 * The algorithms WorkOS accepts for imported password hashes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PasswordHashType = Schema.Literal(
  "bcrypt",
  "firebase-scrypt",
  "ssha",
  "ssha256",
  "scrypt",
  "pbkdf2",
  "argon2"
)

/**
 * The password hash formats `Users.create` and `Users.update` accept for imported passwords.
 *
 * @since 0.1.0
 * @category models
 */
export type PasswordHashType = typeof PasswordHashType.Type

/**
 * How to set a user's password: nothing, a plaintext password, or a hash imported from
 * another system. The two are mutually exclusive.
 *
 * @since 0.1.0
 * @category models
 */
export type PasswordInput =
  | {
    readonly password?: undefined
    readonly passwordHash?: undefined
    readonly passwordHashType?: undefined
    readonly passwordSaltPosition?: undefined
  }
  | {
    readonly password: Redacted.Redacted<string>
    readonly passwordHash?: undefined
    readonly passwordHashType?: undefined
    readonly passwordSaltPosition?: undefined
  }
  | {
    readonly password?: undefined
    readonly passwordHash: Redacted.Redacted<string>
    readonly passwordHashType: PasswordHashType
    /** Only with `ssha256`: whether the salt was prepended or appended (default `suffix`). */
    readonly passwordSaltPosition?: "prefix" | "suffix" | undefined
  }

const passwordFields = {
  password: Schema.optional(Schema.Redacted(Schema.String)),
  passwordHash: Schema.optional(Schema.Redacted(Schema.String)).pipe(Schema.fromKey("password_hash")),
  passwordHashType: Schema.optional(PasswordHashType).pipe(Schema.fromKey("password_hash_type")),
  passwordSaltPosition: Schema.optional(Schema.Literal("prefix", "suffix")).pipe(
    Schema.fromKey("password_salt_position")
  )
}

type PasswordFields = Schema.Struct.Type<typeof passwordFields>

const checkPassword = (input: PasswordFields): Schema.FilterOutput => {
  const hashed = input.passwordHash !== undefined || input.passwordHashType !== undefined ||
    input.passwordSaltPosition !== undefined
  if (input.password !== undefined && hashed) {
    return { path: ["password"], message: "password and passwordHash/passwordHashType are mutually exclusive" }
  }
  if (hashed && (input.passwordHash === undefined || input.passwordHashType === undefined)) {
    return { path: ["passwordHash"], message: "passwordHash and passwordHashType must be given together" }
  }
  if (input.passwordSaltPosition !== undefined && input.passwordHashType !== "ssha256") {
    return { path: ["passwordSaltPosition"], message: "passwordSaltPosition is only supported with ssha256" }
  }
  return undefined
}

/**
 * Input of {@link create}.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateUserParams = {
  readonly email: string
  readonly firstName?: string | null | undefined
  readonly lastName?: string | null | undefined
  readonly name?: string | null | undefined
  readonly emailVerified?: boolean | null | undefined
  readonly metadata?: Readonly<Record<string, string>> | null | undefined
  readonly externalId?: string | null | undefined
  readonly ipAddress?: string | null | undefined
  readonly userAgent?: string | null | undefined
  /** A Radar signals id correlating client-side signals with this request. */
  readonly signalsId?: string | undefined
} & PasswordInput

const CreateUserBody = Schema.Struct({
  email: Schema.String,
  firstName: Schema.optional(Schema.NullOr(Schema.String)).pipe(Schema.fromKey("first_name")),
  lastName: Schema.optional(Schema.NullOr(Schema.String)).pipe(Schema.fromKey("last_name")),
  name: Schema.optional(Schema.NullOr(Schema.String)),
  emailVerified: Schema.optional(Schema.NullOr(Schema.Boolean)).pipe(Schema.fromKey("email_verified")),
  metadata: Schema.optional(Schema.NullOr(Metadata)),
  externalId: Schema.optional(Schema.NullOr(ExternalId)).pipe(Schema.fromKey("external_id")),
  ipAddress: Schema.optional(Schema.NullOr(Schema.String)).pipe(Schema.fromKey("ip_address")),
  userAgent: Schema.optional(Schema.NullOr(Schema.String)).pipe(Schema.fromKey("user_agent")),
  signalsId: Schema.optional(Schema.String).pipe(Schema.fromKey("signals_id")),
  ...passwordFields
}).pipe(Schema.filter(checkPassword))

/**
 * Input of {@link update}. Omitted fields are left as they are; `null` clears the
 * fields the API lets you clear (`metadata`, `externalId`, `locale`).
 *
 * @since 0.1.0
 * @category models
 */
export type UpdateUserParams = {
  readonly email?: string | undefined
  readonly firstName?: string | undefined
  readonly lastName?: string | undefined
  readonly name?: string | undefined
  readonly emailVerified?: boolean | undefined
  readonly metadata?: Readonly<Record<string, string>> | null | undefined
  readonly externalId?: string | null | undefined
  readonly locale?: string | null | undefined
} & PasswordInput

const UpdateUserBody = Schema.Struct({
  email: Schema.optional(Schema.String),
  firstName: Schema.optional(Schema.String).pipe(Schema.fromKey("first_name")),
  lastName: Schema.optional(Schema.String).pipe(Schema.fromKey("last_name")),
  name: Schema.optional(Schema.String),
  emailVerified: Schema.optional(Schema.Boolean).pipe(Schema.fromKey("email_verified")),
  metadata: Schema.optional(Schema.NullOr(Metadata)),
  externalId: Schema.optional(Schema.NullOr(ExternalId)).pipe(Schema.fromKey("external_id")),
  locale: Schema.optional(Schema.NullOr(Schema.String)),
  ...passwordFields
}).pipe(Schema.filter(checkPassword))

/**
 * Filters and cursors of {@link list} and {@link listPage}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListUsersParams extends Pagination.ListParams {
  readonly email?: string | undefined
  readonly organizationId?: string | undefined
}

const ListUsersQuery = Schema.Struct({
  ...Pagination.ListParamsFields,
  email: Schema.optional(Schema.String),
  organizationId: Schema.optional(Schema.String).pipe(Schema.fromKey("organization_id"))
})

const endpoint = /* @__PURE__ */ listEndpoint({
  span: "WorkOS.Users",
  path: "/user_management/users",
  query: ListUsersQuery,
  item: User
})
const Identities = Schema.Array(Identity)

/**
 * What every endpoint here requires: `WorkOSConfig.Requirements`, under this module's name.
 *
 * @since 0.1.0
 * @category models
 */
export type Requirements = WorkOSConfig.Requirements

/**
 * Get a user by id. Fails with `WorkOSNotFound` when there is none.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-workos"
 *
 * const program = Users.get("user_01E4ZCR3C56J083X43JQXF3JK5").pipe(
 *   Effect.catchTag("WorkOSNotFound", () => Effect.succeed(null))
 * )
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get = (userId: string): Effect.Effect<User, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Users.get",
    method: "GET",
    path: Http.path("/user_management/users/{id}", { id: userId }),
    success: User
  })

/**
 * Get a user by the `externalId` you gave it.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getByExternalId = (externalId: string): Effect.Effect<User, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Users.getByExternalId",
    method: "GET",
    path: Http.path("/user_management/users/external_id/{external_id}", { external_id: externalId }),
    success: User
  })

/**
 * One page of users. The server's default page size is 10.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listPage = (
  params: ListUsersParams = {}
): Effect.Effect<Pagination.Page<User>, RequestFailure, Requirements> => endpoint.listPage(params)

/**
 * Every user matching the filters, as a stream that fetches pages (100 users by default)
 * as it is consumed. `Stream.take(n)` stops fetching.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { Users } from "effect-workos"
 *
 * const count = Users.list({ organizationId: "org_123" }).pipe(Stream.runCount)
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const list = (
  params: ListUsersParams = {},
  options?: Pagination.ListOptions
): Stream.Stream<User, ListFailure, Requirements> => endpoint.list(params, options)

/**
 * Create a user. Not retried after the request may have reached the server, so a
 * timeout never creates the user twice.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Users } from "effect-workos"
 *
 * const program = Users.create({
 *   email: "marcelina@example.com",
 *   password: Redacted.make("correct horse battery staple"),
 *   firstName: "Marcelina"
 * })
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const create = (params: CreateUserParams): Effect.Effect<CreatedUser, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Users.create",
    method: "POST",
    path: Http.path("/user_management/users"),
    body: Http.input(CreateUserBody, params),
    success: CreatedUser
  })

/**
 * Check what {@link create} would send, without sending it: fails with the same
 * `WorkOSInvalidRequest` `create` would fail with before any request (a malformed
 * `externalId`, too many metadata keys, a password next to a hash, …). For dry runs of a
 * bulk import; the server's own checks (an email already in use) still apply on `create`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Users } from "effect-workos"
 *
 * const ok = Users.validateCreate({ email: "ada@example.com", externalId: "x".repeat(200) }).pipe(
 *   Effect.as(true),
 *   Effect.catchTag("WorkOSInvalidRequest", () => Effect.succeed(false))
 * )
 * ```
 *
 * @since 0.2.0
 * @category endpoints
 */
export const validateCreate = (params: CreateUserParams): Effect.Effect<void, WorkOSInvalidRequest> =>
  Effect.asVoid(
    Http.encodeInput(Http.input(CreateUserBody, params), { method: "POST", path: "/user_management/users" }, "body")
  )

/**
 * Update a user. Omitted fields are untouched; `null` clears `metadata`, `externalId`
 * or `locale`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const update = (
  userId: string,
  params: UpdateUserParams
): Effect.Effect<User, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Users.update",
    method: "PUT",
    path: Http.path("/user_management/users/{id}", { id: userId }),
    body: Http.input(UpdateUserBody, params),
    success: User
  })

const del = (userId: string): Effect.Effect<void, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Users.delete",
    method: "DELETE",
    path: Http.path("/user_management/users/{id}", { id: userId }),
    success: undefined
  })

export {
  /**
   * Delete a user. Fails with `WorkOSConflict` (`user_deletion_not_allowed`) when the
   * environment forbids it.
   *
   * @since 0.1.0
   * @category endpoints
   */
  del as delete
}

/**
 * The OAuth identities linked to a user (the API answers with a plain array, not a page).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const listIdentities = (userId: string): Effect.Effect<ReadonlyArray<Identity>, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.Users.listIdentities",
    method: "GET",
    path: Http.path("/user_management/users/{id}/identities", { id: userId }),
    success: Identities
  })
