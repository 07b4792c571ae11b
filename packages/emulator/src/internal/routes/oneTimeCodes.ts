/**
 * The emulator's routes for one-time codes and links: magic auth, password reset, email verification, email change.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Body from "../body.js"
import {
  codeError,
  type EmailChangeRecord,
  HttpError,
  isEmail,
  iso,
  notFound,
  ok,
  type PasswordResetRecord
} from "../core.js"
import { oneTimeJson, userJson } from "../wire.js"
import { type World } from "../world.js"

export const registerOneTimeCodes = (world: World): void => {
  const CreateMagicAuth = Schema.Struct({
    email: Body.email,
    invitation_token: Body.optionalString,
    ip_address: Body.optionalString,
    user_agent: Body.optionalString,
    radar_auth_attempt_id: Body.optionalString,
    signals_id: Body.optionalString
  })
  world.route("POST", "/user_management/magic_auth", ({ body: decode, now }) => {
    const { email, invitation_token: invitationToken } = decode(CreateMagicAuth)
    if (invitationToken !== undefined && ![...world.invitations.values()].some((i) => i.token === invitationToken)) {
      throw new HttpError(400, { error: "invitation_invalid", error_description: "Invitation token is invalid." })
    }
    // Magic auth signs users up too: WorkOS creates the user on first send.
    const user = world.userByEmail(email) ?? world.createUser({ email }, now)
    const record = world.emailOneTimeCode(
      world.magicAuths,
      "magic_auth",
      "magic_auth",
      user,
      world.options.lifetimes.magicAuth,
      now
    )
    return ok(oneTimeJson("magic_auth", record), 201)
  })

  world.route("GET", "/user_management/magic_auth/{id}", ({ params }) => {
    const record = world.magicAuths.get(params.id!)
    if (!record) throw notFound(`Magic auth not found: '${params.id}'.`)
    return ok(oneTimeJson("magic_auth", record))
  })

  const resetEvent = (r: PasswordResetRecord) => {
    const { password_reset_token: _token, password_reset_url: _url, ...rest } = resetJson(r)
    return rest
  }
  const resetJson = (r: PasswordResetRecord) => ({
    object: "password_reset",
    id: r.id,
    user_id: r.user_id,
    email: r.email,
    password_reset_token: r.token,
    password_reset_url: `${world.options.baseUrl}/reset-password?token=${r.token}`,
    expires_at: iso(r.expires_at),
    created_at: iso(r.created_at)
  })

  const CreatePasswordReset = Schema.Struct({ email: Body.string })
  world.route("POST", "/user_management/password_reset", ({ body: decode, now }) => {
    const { email } = decode(CreatePasswordReset)
    const user = world.userByEmail(email)
    if (!user) throw notFound(`User not found: '${email}'.`)
    const record: PasswordResetRecord = {
      seq: world.nextSeq(),
      id: world.id("password_reset", now),
      user_id: user.id,
      email: user.email,
      token: world.prng.token(32),
      expires_at: now + world.options.lifetimes.passwordReset,
      created_at: now,
      used: false
    }
    world.passwordResets.set(record.id, record)
    world.emit("password_reset.created", resetEvent(record), now)
    const json = resetJson(record)
    world.send({
      kind: "password_reset",
      to: user.email,
      id: record.id,
      userId: user.id,
      code: null,
      token: record.token,
      url: json.password_reset_url
    }, now)
    return ok(json, 201)
  })

  world.route("GET", "/user_management/password_reset/{id}", ({ params }) => {
    const record = world.passwordResets.get(params.id!)
    if (!record) throw notFound(`Password reset not found: '${params.id}'.`)
    return ok(resetJson(record))
  })

  const ResetPassword = Schema.Struct({ token: Body.string, new_password: Body.string })
  world.route("POST", "/user_management/password_reset/confirm", ({ body: decode, now }) => {
    const { token, new_password: newPassword } = decode(ResetPassword)
    const record = [...world.passwordResets.values()].find((r) => r.token === token)
    if (!record) throw notFound("Password reset token not found.")
    if (record.used || record.expires_at <= now) {
      throw codeError(400, "password_reset_error", "The password reset token is no longer valid.", {
        errors: [{
          code: record.used ? "password_reset_token_used" : "password_reset_token_expired",
          message: "Request a new password reset."
        }]
      })
    }
    if (newPassword.length < 8) {
      throw codeError(400, "password_reset_error", "Password does not meet strength requirements.", {
        errors: [{ code: "password_too_short", message: "Password must be at least 8 characters." }]
      })
    }
    const user = world.user(record.user_id)
    record.used = true
    user.passwordHash = world.hashPassword(newPassword)
    user.updated_at = iso(now)
    world.emit("password_reset.succeeded", resetEvent(record), now)
    // A password reset ends every session of the user.
    world.revokeUserSessions(user.id, now)
    return ok({ user: userJson(user) })
  })

  world.route("GET", "/user_management/email_verification/{id}", ({ params }) => {
    const record = world.emailVerifications.get(params.id!)
    if (!record) throw notFound(`Email verification not found: '${params.id}'.`)
    return ok(oneTimeJson("email_verification", record))
  })

  world.route("POST", "/user_management/users/{id}/email_verification/send", ({ now, params }) => {
    const user = world.user(params.id!)
    if (user.email_verified) throw codeError(400, "email_already_verified", "The email is already verified.")
    world.sendEmailVerification(user, now)
    return ok({ user: userJson(user) })
  })

  const Code = Schema.Struct({ code: Body.string })
  world.route("POST", "/user_management/users/{id}/email_verification/confirm", ({ body: decode, now, params }) => {
    const user = world.user(params.id!)
    const { code } = decode(Code)
    if (user.email_verified) throw codeError(400, "email_previously_verified", "The email is already verified.")
    const records = [...world.emailVerifications.values()].filter((r) => r.user_id === user.id)
    const record = records.find((r) => r.code === code)
    if (!record) throw codeError(400, "email_verification_code_incorrect", "The code is incorrect.")
    if (record.used) throw codeError(400, "email_verification_code_previously_used", "The code was already used.")
    if (record.expires_at <= now) throw codeError(400, "email_verification_code_expired", "The code has expired.")
    record.used = true
    user.email_verified = true
    user.updated_at = iso(now)
    world.emit("user.updated", userJson(user), now)
    return ok({ user: userJson(user) })
  })

  const SendEmailChange = Schema.Struct({ new_email: Body.string })
  world.route("POST", "/user_management/users/{id}/email_change/send", ({ body: decode, now, params }) => {
    const user = world.user(params.id!)
    const { new_email: newEmail } = decode(SendEmailChange)
    if (!isEmail(newEmail)) throw codeError(422, "invalid_email", "The email is not valid.")
    if (newEmail.toLowerCase() === user.email.toLowerCase()) {
      throw codeError(409, "email_change_not_needed", "This is already the user's email.")
    }
    if (world.userByEmail(newEmail)) throw codeError(409, "email_not_available", "This email is not available.")
    const change: EmailChangeRecord = {
      user_id: user.id,
      new_email: newEmail,
      code: world.prng.digits(6),
      expires_at: now + world.options.lifetimes.emailVerification,
      created_at: now,
      used: false,
      attempts: 0
    }
    world.emailChanges.set(user.id, change)
    world.send({
      kind: "email_change",
      to: newEmail,
      id: null,
      userId: user.id,
      code: change.code,
      token: null,
      url: null
    }, now)
    return ok({
      object: "email_change",
      user: userJson(user),
      new_email: newEmail,
      expires_at: iso(change.expires_at),
      created_at: iso(now)
    })
  })

  world.route("POST", "/user_management/users/{id}/email_change/confirm", ({ body: decode, now, params }) => {
    const user = world.user(params.id!)
    const { code } = decode(Code)
    const change = world.emailChanges.get(user.id)
    if (!change) throw codeError(409, "no_pending_email_change", "There is no pending email change.")
    if (change.used) throw codeError(409, "email_change_code_previously_used", "The code was already used.")
    if (change.attempts >= 5) throw codeError(429, "email_change_too_many_attempts", "Too many attempts.")
    if (change.expires_at <= now) throw codeError(400, "email_change_code_expired", "The code has expired.")
    if (change.code !== code) {
      change.attempts++
      throw codeError(400, "email_change_code_incorrect", "The code is incorrect.")
    }
    if (world.userByEmail(change.new_email)) {
      throw codeError(409, "email_not_available", "This email is not available.")
    }
    change.used = true
    user.email = change.new_email
    world.indexUser(user)
    user.email_verified = true
    user.updated_at = iso(now)
    world.emit("user.updated", userJson(user), now)
    return ok({ object: "email_change_confirmation", user: userJson(user) })
  })
}
