/**
 * The emulator's routes for per-user resources and environment settings: API keys, feature flags, groups, authorized
 * applications, connected accounts, data providers, CORS origins, redirect URIs, the JWT
 * template, Radar.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Body from "../body.js"
import {
  type ApiKeyRecord,
  codeError,
  empty,
  type EmulatorResponse,
  HttpError,
  iso,
  notFound,
  ok,
  paginate,
  type SimpleRecord,
  unprocessable
} from "../core.js"
import { oneTimeJson } from "../wire.js"
import { type RouteContext, type World } from "../world.js"

const apiKeyJson = (world: World, k: ApiKeyRecord, withValue: boolean) => {
  return {
    object: "api_key",
    id: k.id,
    owner: { type: "user", id: k.user_id, organization_id: k.organization_id },
    name: k.name,
    obfuscated_value: `${k.value.slice(0, 3)}...${k.value.slice(-4)}`,
    last_used_at: k.last_used_at,
    expires_at: k.expires_at,
    permissions: k.permissions,
    created_at: k.created_at,
    updated_at: k.updated_at,
    ...(withValue ? { value: k.value } : {})
  }
}

export const registerEnvironment = (world: World): void => {
  world.route("GET", "/user_management/users/{userId}/feature-flags", ({ params, query }) => {
    const user = world.user(params.userId!)
    const orgs = new Set(world.activeMemberships(user.id).map((m) => m.organization_id))
    const flags = [...world.featureFlags.values()].filter((f) =>
      f.enabled && (f.userIds.includes(user.id) || f.organizationIds.some((o) => orgs.has(o)))
    )
    return ok(paginate(flags, query, (f) => ({
      object: "feature_flag",
      id: f.id,
      slug: f.slug,
      name: f.name,
      description: f.description,
      owner: null,
      tags: f.tags,
      enabled: f.enabled,
      default_value: f.default_value,
      created_at: f.created_at,
      updated_at: f.updated_at
    })))
  })

  world.route("GET", "/user_management/users/{userId}/api_keys", ({ params, query }) => {
    const user = world.user(params.userId!)
    const organizationId = query.get("organization_id")
    const keys = [...world.apiKeys.values()].filter((k) =>
      k.user_id === user.id && (!organizationId || k.organization_id === organizationId)
    )
    return ok(paginate(keys, query, (k) => apiKeyJson(world, k, false)))
  })

  const CreateApiKey = Schema.Struct({
    name: Body.string,
    organization_id: Body.string,
    permissions: Body.optionalStringArray,
    expires_at: Body.optionalString
  })
  world.route("POST", "/user_management/users/{userId}/api_keys", ({ body: decode, now, params }) => {
    const user = world.user(params.userId!)
    const body = decode(CreateApiKey)
    const { name, organization_id: organizationId, expires_at: expiresAt } = body
    const permissions = [...(body.permissions ?? [])]
    if (expiresAt !== undefined && !(Date.parse(expiresAt) > now)) {
      throw new HttpError(400, {
        message: "Validation failed",
        errors: [{ code: "expires_at_must_be_in_the_future", field: "expires_at" }]
      })
    }
    const member = world.activeMemberships(user.id).some((m) => m.organization_id === organizationId)
    if (!member) {
      throw new HttpError(400, {
        message: "The user has no active membership in this organization.",
        errors: [{ code: "organization_membership_required", field: "organization_id" }]
      })
    }
    const at = iso(now)
    const key: ApiKeyRecord = {
      seq: world.nextSeq(),
      id: world.id("api_key", now),
      user_id: user.id,
      organization_id: organizationId,
      name,
      value: `sk_user_${world.prng.token(40)}`,
      permissions,
      expires_at: expiresAt === undefined ? null : new Date(Date.parse(expiresAt)).toISOString(),
      last_used_at: null,
      created_at: at,
      updated_at: at
    }
    world.apiKeys.set(key.id, key)
    return ok(apiKeyJson(world, key, true), 201)
  })

  world.route("GET", "/user_management/users/{user_id}/authorized_applications", ({ params, query }) => {
    const user = world.user(params.user_id!)
    const apps = [...world.authorizedApplications.values()].filter((a) => a.user_id === user.id)
    return ok(paginate(apps, query, ({ seq: _s, user_id: _u, ...a }) => a))
  })

  world.route("DELETE", "/user_management/users/{user_id}/authorized_applications/{application_id}", ({ params }) => {
    const user = world.user(params.user_id!)
    const app = [...world.authorizedApplications.values()].find((a) =>
      a.user_id === user.id &&
      (a.id === params.application_id ||
        (a.application as { id: string; client_id: string }).id === params.application_id ||
        (a.application as { client_id: string }).client_id === params.application_id)
    )
    if (!app) throw notFound(`Authorized application not found: '${params.application_id}'.`)
    world.authorizedApplications.delete(app.id)
    return empty(204)
  })

  const accountKey = (userId: string, slug: string, organizationId: string | null) =>
    `${userId}|${slug}|${organizationId ?? ""}`
  const provider = (slug: string) => {
    const found = world.dataProviders.find((p) => p.slug === slug)
    if (!found) throw notFound(`Data provider not found: '${slug}'.`)
    return found
  }
  const accountJson = ({ seq: _s, ...a }: SimpleRecord) => a

  world.route("GET", "/user_management/users/{user_id}/connected_accounts/{slug}", ({ params, query }) => {
    world.user(params.user_id!)
    provider(params.slug!)
    const account = world.connectedAccounts.get(
      accountKey(params.user_id!, params.slug!, query.get("organization_id"))
    )
    if (!account) throw notFound(`Connected account not found for '${params.slug}'.`)
    return ok(accountJson(account))
  })

  const UpsertAccount = Schema.Struct({
    access_token: Body.optionalString,
    refresh_token: Body.optionalString,
    expires_at: Body.optionalString,
    scopes: Body.optionalStringArray,
    state: Body.optionalString
  })
  const upsertAccount = (ctx: RouteContext, create: boolean): EmulatorResponse => {
    const { now, params, query } = ctx
    world.user(params.user_id!)
    provider(params.slug!)
    const { scopes, state } = ctx.body(UpsertAccount)
    if (state !== undefined && state !== "connected" && state !== "needs_reauthorization") {
      throw unprocessable([{ field: "state", code: "invalid_state" }])
    }
    const organizationId = query.get("organization_id")
    const key = accountKey(params.user_id!, params.slug!, organizationId)
    const existing = world.connectedAccounts.get(key)
    if (create && existing) throw codeError(409, "connected_account_exists", "The account is already connected.")
    if (!create && !existing) throw notFound(`Connected account not found for '${params.slug}'.`)
    const at = iso(now)
    const account: SimpleRecord = existing ?? {
      seq: world.nextSeq(),
      id: world.id("connected_account", now),
      object: "connected_account",
      user_id: params.user_id!,
      organization_id: organizationId,
      auth_method: "oauth",
      scopes: [],
      state: "connected",
      created_at: at,
      updated_at: at
    }
    if (scopes !== undefined) account.scopes = scopes
    if (state !== undefined) account.state = state
    account.updated_at = at
    world.connectedAccounts.set(key, account)
    return ok(accountJson(account), create ? 201 : 200)
  }
  world.route("POST", "/user_management/users/{user_id}/connected_accounts/{slug}", (ctx) => upsertAccount(ctx, true))
  world.route("PUT", "/user_management/users/{user_id}/connected_accounts/{slug}", (ctx) => upsertAccount(ctx, false))
  world.route("DELETE", "/user_management/users/{user_id}/connected_accounts/{slug}", ({ params, query }) => {
    world.user(params.user_id!)
    const key = accountKey(params.user_id!, params.slug!, query.get("organization_id"))
    if (!world.connectedAccounts.delete(key)) throw notFound(`Connected account not found for '${params.slug}'.`)
    return empty(204)
  })

  world.route("GET", "/user_management/users/{user_id}/data_providers", ({ params, query }) => {
    const user = world.user(params.user_id!)
    const organizationId = query.get("organization_id")
    return ok({
      object: "list",
      data: world.dataProviders.map(({ seq: _s, ...p }) => {
        const account = world.connectedAccounts.get(accountKey(user.id, p.slug as string, organizationId))
        // The data-provider listing repeats some account fields in camelCase, as the spec says.
        const connected = account
          ? {
            ...accountJson(account),
            userlandUserId: account.user_id,
            organizationId: account.organization_id,
            createdAt: account.created_at,
            updatedAt: account.updated_at
          }
          : null
        return { ...p, connected_account: connected }
      })
    })
  })

  const timestamps = (now: number) => ({ created_at: iso(now), updated_at: iso(now) })
  const strip = ({ seq: _s, ...r }: SimpleRecord) => r

  world.route(
    "GET",
    "/user_management/cors_origins",
    ({ query }) => ok(paginate([...world.corsOrigins.values()], query, strip))
  )
  const CreateCorsOrigin = Schema.Struct({ origin: Body.string })
  world.route("POST", "/user_management/cors_origins", ({ body: decode, now }) => {
    const { origin } = decode(CreateCorsOrigin)
    let valid = false
    try {
      const url = new URL(origin)
      valid = (url.protocol === "http:" || url.protocol === "https:") && url.origin === origin.replace(/\/$/, "")
    } catch {
      valid = false
    }
    if (!valid) {
      throw new HttpError(422, {
        message: "Validation failed",
        errors: [{ property: "origin", constraints: { isOrigin: "origin must be a valid origin" } }]
      })
    }
    if ([...world.corsOrigins.values()].some((c) => c.origin === origin)) {
      throw codeError(409, "cors_origin_already_exists", "This CORS origin already exists.")
    }
    const record: SimpleRecord = {
      seq: world.nextSeq(),
      id: world.id("cors_origin", now),
      object: "cors_origin",
      origin,
      ...timestamps(now)
    }
    world.corsOrigins.set(record.id, record)
    return ok(strip(record), 201)
  })

  world.route(
    "GET",
    "/user_management/redirect_uris",
    ({ query }) => ok(paginate([...world.redirectUris.values()], query, strip))
  )
  const CreateRedirectUri = Schema.Struct({ uri: Body.string })
  world.route("POST", "/user_management/redirect_uris", ({ body: decode, now }) => {
    const { uri } = decode(CreateRedirectUri)
    if ([...world.redirectUris.values()].some((r) => r.uri === uri)) {
      throw codeError(409, "redirect_uri_already_exists", "This redirect URI already exists.")
    }
    const record: SimpleRecord = {
      seq: world.nextSeq(),
      id: world.id("redirect_uri", now),
      object: "redirect_uri",
      uri,
      default: world.redirectUris.size === 0,
      ...timestamps(now)
    }
    world.redirectUris.set(record.id, record)
    return ok(strip(record), 201)
  })
  world.route("DELETE", "/user_management/redirect_uris/{id}", ({ params }) => {
    const record = world.redirectUris.get(params.id!)
    if (!record) throw notFound(`Redirect URI not found: '${params.id}'.`)
    if (record.default === true && world.redirectUris.size > 1) {
      throw codeError(409, "default_redirect_uri", "The default redirect URI cannot be deleted.")
    }
    world.redirectUris.delete(record.id)
    return empty(204)
  })

  world.route("GET", "/user_management/jwt_template", ({ now }) => {
    const template = world.jwtTemplate ?? { content: "{}", ...timestamps(now) }
    return ok({ object: "jwt_template", ...template })
  })
  const UpdateJwtTemplate = Schema.Struct({ content: Body.string })
  world.route("PUT", "/user_management/jwt_template", ({ body: decode, now }) => {
    const { content } = decode(UpdateJwtTemplate)
    world.jwtTemplate = { content, created_at: world.jwtTemplate?.created_at ?? iso(now), updated_at: iso(now) }
    return ok({ object: "jwt_template", ...world.jwtTemplate })
  })

  world.route("GET", "/user_management/radar_challenges/{id}", ({ params }) => {
    const record = world.radarChallenges.get(params.id!)
    if (!record) throw notFound(`Radar challenge not found: '${params.id}'.`)
    return ok({ ...oneTimeJson("radar_challenge", record), type: "email" })
  })
}
