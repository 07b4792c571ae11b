/**
 * The emulator's routes for authentication factors (TOTP) and their challenges.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Body from "../body.js"
import { empty, type FactorRecord, HttpError, notFound, ok, paginate } from "../core.js"
import { challengeJson, factorJson } from "../wire.js"
import { type World } from "../world.js"

const factorById = (world: World, id: string): FactorRecord => {
  const factor = world.factors.get(id)
  if (!factor) throw notFound(`Authentication factor not found: '${id}'.`)
  return factor
}

export const registerFactors = (world: World): void => {
  world.route("GET", "/auth/factors/{id}", ({ params }) => ok(factorJson(factorById(world, params.id!), false)))
  world.route("DELETE", "/auth/factors/{id}", ({ params }) => {
    const factor = factorById(world, params.id!)
    world.factors.delete(factor.id)
    for (const [id, c] of world.challenges) if (c.factor_id === factor.id) world.challenges.delete(id)
    return empty()
  })
  const EnrollFactor = Schema.Struct({
    type: Body.string,
    totp_issuer: Body.optionalString,
    totp_user: Body.optionalString,
    totp_secret: Body.optionalString
  })
  world.route("POST", "/user_management/users/{userlandUserId}/auth_factors", ({ body: decode, now, params }) => {
    const user = world.user(params.userlandUserId!)
    const { type, totp_issuer: issuer, totp_user: account, totp_secret: secret } = decode(EnrollFactor)
    if (type !== "totp") throw new HttpError(422, { message: `Unsupported factor type: '${type}'.` })
    if (secret !== undefined && !/^[A-Z2-7]+=*$/.test(secret)) {
      throw new HttpError(422, { message: "totp_secret must be Base32." })
    }
    const factor = world.enrollTotp(user, issuer ?? "WorkOS", account ?? user.email, secret, now)
    const challenge = world.createChallenge(factor.id, now)
    return ok({
      authentication_factor: factorJson(factor, true),
      authentication_challenge: challengeJson(challenge)
    }, 201)
  })

  world.route("GET", "/user_management/users/{userlandUserId}/auth_factors", ({ params, query }) => {
    const user = world.user(params.userlandUserId!)
    const factors = [...world.factors.values()].filter((f) => f.user_id === user.id)
    return ok(paginate(factors, query, (f) => factorJson(f, false)))
  })

  // The MFA API's challenge endpoint: what a client calls after an `mfa_challenge` step.
  world.route("POST", "/auth/factors/{id}/challenge", ({ now, params }) => {
    const factor = world.factors.get(params.id!)
    if (!factor) throw notFound(`Authentication factor not found: '${params.id}'.`)
    return ok(challengeJson(world.createChallenge(factor.id, now)), 201)
  })
}
