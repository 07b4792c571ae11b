/**
 * The emulator's routes for users: create, read, update, delete, list, identities; passwords and imported hashes.
 *
 * @internal
 */
import { type Body } from "../body.js"
import { codeError, empty, isEmail, iso, notFound, ok, paginate } from "../core.js"
import { userJson } from "../wire.js"
import { type World } from "../world.js"

const passwordFromBody = (world: World, body: Body): string | undefined | null => {
  const password = body.nullableString("password")
  const hash = body.optionalString("password_hash")
  const hashType = body.optionalString("password_hash_type")
  const saltPosition = body.optionalString("password_salt_position")
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
      body.errors.push({ field: "password_hash_type", code: "invalid_password_hash_type" })
      return undefined
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

  world.route("POST", "/user_management/users", ({ body: read, now }) => {
    const body = read()
    const email = body.string("email")
    if (email !== "" && !isEmail(email)) body.errors.push({ field: "email", code: "invalid_email" })
    const metadata = body.metadata("metadata")
    const externalId = body.nullableString("external_id")
    const fields = {
      first_name: body.nullableString("first_name"),
      last_name: body.nullableString("last_name"),
      name: body.nullableString("name"),
      email_verified: body.optionalBoolean("email_verified")
    }
    const passwordHash = passwordFromBody(world, body)
    body.check()
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

  world.route("PUT", "/user_management/users/{id}", ({ body: read, now, params }) => {
    const user = world.user(params.id!)
    const body = read()
    const email = body.optionalString("email")
    if (email !== undefined && !isEmail(email)) throw codeError(400, "invalid_email", "The email is not valid.")
    const firstName = body.optionalString("first_name")
    const lastName = body.optionalString("last_name")
    const name = body.optionalString("name")
    const emailVerified = body.optionalBoolean("email_verified")
    const metadata = body.metadata("metadata")
    const externalId = body.nullableString("external_id")
    const locale = body.nullableString("locale")
    const passwordHash = passwordFromBody(world, body)
    body.check()
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
