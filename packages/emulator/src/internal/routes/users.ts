/**
 * The emulator's routes for users: create, read, update, delete, list, identities; passwords and imported hashes.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Body from "../body.js"
import { codeError, empty, isEmail, iso, notFound, ok, paginate, unprocessable } from "../core.js"
import { userJson } from "../wire.js"
import { type World } from "../world.js"

/** The password fields of a create or update. */
const PasswordFields = {
  password: Body.nullableString,
  password_hash: Body.optionalString,
  password_hash_type: Body.optionalString,
  password_salt_position: Body.optionalString
}

const passwordFromBody = (
  world: World,
  body: Schema.Struct.Type<typeof PasswordFields>
): string | undefined | null => {
  const { password, password_hash: hash, password_hash_type: hashType, password_salt_position: saltPosition } = body
  if (password != null && hash !== undefined) {
    throw codeError(400, "password_and_password_hash_provided", "Provide either password or password_hash, not both.")
  }
  if (password != null && hashType !== undefined) {
    throw codeError(400, "password_and_password_hash_type_provided", "Provide either password or password_hash_type.")
  }
  if (saltPosition !== undefined && hash === undefined) {
    throw codeError(
      400,
      "password_salt_position_requires_password_hash",
      "password_salt_position needs password_hash."
    )
  }
  if (hash !== undefined) {
    const types = ["bcrypt", "firebase-scrypt", "ssha", "ssha256", "scrypt", "pbkdf2", "argon2"]
    if (hashType === undefined || !types.includes(hashType)) {
      throw unprocessable([{ field: "password_hash_type", code: "invalid_password_hash_type" }])
    }
    if (hashType === "bcrypt" && !/^\$2[aby]\$\d\d\$.{53}$/.test(hash)) {
      throw codeError(400, "invalid_password_hash", "The password hash is not a valid bcrypt hash.")
    }
    // Only bcrypt hashes can be checked by the emulator; others are kept but never match.
    return hashType === "bcrypt" ? hash : `unsupported:${hashType}`
  }
  if (password === null) return null
  if (password !== undefined) {
    if (password.length < 8) {
      throw codeError(400, "password_strength_error", "Password does not meet strength requirements.", {
        errors: [{ code: "password_too_short", message: "Password must be at least 8 characters." }]
      })
    }
    return world.hashPassword(password)
  }
  return undefined
}

export const registerUsers = (world: World): void => {
  world.route("GET", "/user_management/users", ({ query }) => {
    const email = query.get("email")?.toLowerCase()
    const organizationId = query.get("organization_id") ?? query.get("organization")
    const members = organizationId
      ? new Set(
        [...world.memberships.values()].filter((m) => m.organization_id === organizationId).map((m) => m.user_id)
      )
      : undefined
    if (email === undefined && members === undefined) {
      const { items, position } = world.users.ordered()
      return ok(paginate(items, query, userJson, position))
    }
    const users = [...world.users.values()].filter((u) =>
      (email === undefined || u.email.toLowerCase() === email) && (members === undefined || members.has(u.id))
    )
    return ok(paginate(users, query, userJson))
  })

  const CreateUser = Schema.Struct({
    email: Body.email,
    metadata: Body.metadata,
    external_id: Body.nullableString,
    first_name: Body.nullableString,
    last_name: Body.nullableString,
    name: Body.nullableString,
    email_verified: Body.optionalBoolean,
    ...PasswordFields
  })

  world.route("POST", "/user_management/users", ({ body: decode, now }) => {
    const body = decode(CreateUser)
    const { email, metadata, external_id: externalId } = body
    const fields = {
      first_name: body.first_name,
      last_name: body.last_name,
      name: body.name,
      email_verified: body.email_verified
    }
    const passwordHash = passwordFromBody(world, body)
    if (world.userByEmail(email)) {
      throw codeError(400, "user_creation_error", "Could not create user.", {
        errors: [{ code: "email_not_available", message: "This email is not available." }]
      })
    }
    if (externalId && world.userByExternalId(externalId)) {
      throw codeError(400, "user_creation_error", "Could not create user.", {
        errors: [{ code: "external_id_already_used", message: "This external id is already used." }]
      })
    }
    const user = world.createUser({
      email,
      ...fields,
      metadata,
      external_id: externalId,
      passwordHash: passwordHash ?? undefined
    }, now)
    return ok(userJson(user), 201)
  })

  world.route("GET", "/user_management/users/external_id/{external_id}", ({ params }) => {
    const user = world.userByExternalId(params.external_id!)
    if (!user) throw notFound(`User not found: '${params.external_id}'.`)
    return ok(userJson(user))
  })

  world.route("GET", "/user_management/users/{id}", ({ params }) => ok(userJson(world.user(params.id!))))

  const UpdateUser = Schema.Struct({
    email: Body.optionalString,
    first_name: Body.optionalString,
    last_name: Body.optionalString,
    name: Body.optionalString,
    email_verified: Body.optionalBoolean,
    metadata: Body.metadata,
    external_id: Body.nullableString,
    locale: Body.nullableString,
    ...PasswordFields
  })

  world.route("PUT", "/user_management/users/{id}", ({ body: decode, now, params }) => {
    const user = world.user(params.id!)
    const body = decode(UpdateUser)
    const {
      email,
      first_name: firstName,
      last_name: lastName,
      name,
      email_verified: emailVerified,
      metadata,
      external_id: externalId,
      locale
    } = body
    if (email !== undefined && !isEmail(email)) throw codeError(400, "invalid_email", "The email is not valid.")
    const passwordHash = passwordFromBody(world, body)
    if (email !== undefined && email.toLowerCase() !== user.email.toLowerCase() && world.userByEmail(email)) {
      throw codeError(400, "email_not_available", "This email is not available.")
    }
    if (externalId && (world.userByExternalId(externalId)?.id ?? user.id) !== user.id) {
      throw codeError(400, "external_id_already_used", "This external id is already used.")
    }
    if (email !== undefined) user.email = email
    if (firstName !== undefined) user.first_name = firstName
    if (lastName !== undefined) user.last_name = lastName
    if (name !== undefined) user.name = name
    if (emailVerified !== undefined) user.email_verified = emailVerified
    if (metadata !== undefined) user.metadata = metadata ?? {}
    if (externalId !== undefined) user.external_id = externalId
    if (locale !== undefined) user.locale = locale
    if (passwordHash !== undefined) user.passwordHash = passwordHash ?? undefined
    world.indexUser(user)
    user.updated_at = iso(now)
    world.emit("user.updated", userJson(user), now)
    return ok(userJson(user))
  })

  world.route("DELETE", "/user_management/users/{id}", ({ now, params }) => {
    const user = world.user(params.id!)
    if (user.metadata.deletion_protected === "true") {
      throw codeError(409, "user_deletion_not_allowed", "This user cannot be deleted.")
    }
    world.deleteUser(user.id, now)
    return empty()
  })

  world.route("GET", "/user_management/users/{id}/identities", ({ params }) => ok(world.user(params.id!).identities))
}
