/**
 * Records a test puts in the world directly (seeded users and organizations, and what the
 * API has no create endpoint for: feature flags, Connect applications, data providers,
 * directory groups).
 *
 * @internal
 */
import type { SeedOrganization, SeedUser } from "../Emulator.js"
import { iso, type UserRecord } from "./core.js"
import type { World } from "./world.js"

/** @internal */
export const createOrganization = (world: World, seed: SeedOrganization, now: number): string =>
  world.createOrganization(seed, now).id

/** A seeded user, with its identities, TOTP factor and memberships. @internal */
export const createUser = (world: World, seed: SeedUser, now: number): string => {
  const user: UserRecord = world.createUser({
    email: seed.email,
    first_name: seed.firstName,
    last_name: seed.lastName,
    email_verified: seed.emailVerified ?? true,
    external_id: seed.externalId,
    metadata: seed.metadata ? { ...seed.metadata } : undefined,
    passwordHash: seed.password === undefined ? undefined : world.hashPassword(seed.password),
    radar: seed.radar
  }, now)
  user.identities = (seed.identities ?? []).map((i) => ({ idp_id: i.idpId, type: "OAuth", provider: i.provider }))
  if (seed.totpSecret !== undefined) world.enrollTotp(user, "WorkOS", user.email, seed.totpSecret, now)
  for (const membership of seed.memberships ?? []) {
    const org = world.organizations.get(membership.organization) ??
      [...world.organizations.values()].find((o) => o.name === membership.organization)
    if (!org) throw new Error(`Seed: no organization "${membership.organization}" for ${seed.email}`)
    world.createMembership(user.id, org.id, [membership.role ?? "member"], membership.status ?? "active", now)
  }
  return user.id
}

/** @internal */
export interface FeatureFlag {
  readonly slug: string
  readonly name?: string
  readonly userIds?: ReadonlyArray<string>
  readonly organizationIds?: ReadonlyArray<string>
}

/** @internal */
export const addFeatureFlag = (world: World, flag: FeatureFlag, now: number): string => {
  const at = iso(now)
  const id = world.id("flag", now)
  world.featureFlags.set(id, {
    seq: world.nextSeq(),
    id,
    slug: flag.slug,
    name: flag.name ?? flag.slug,
    description: null,
    tags: [],
    enabled: true,
    default_value: false,
    userIds: [...(flag.userIds ?? [])],
    organizationIds: [...(flag.organizationIds ?? [])],
    created_at: at,
    updated_at: at
  })
  return id
}

/** @internal */
export interface AuthorizedApplication {
  readonly name: string
  readonly scopes?: ReadonlyArray<string>
}

/** @internal */
export const addAuthorizedApplication = (
  world: World,
  userId: string,
  application: AuthorizedApplication,
  now: number
): string => {
  const at = iso(now)
  const id = world.id("authorized_connect_app", now)
  const scopes = [...(application.scopes ?? ["openid", "profile"])]
  world.authorizedApplications.set(id, {
    seq: world.nextSeq(),
    id,
    user_id: userId,
    object: "authorized_connect_application",
    granted_scopes: scopes,
    application: {
      object: "connect_application",
      id: world.id("conn_app", now),
      client_id: world.id("client", now),
      description: null,
      name: application.name,
      scopes,
      application_type: "oauth",
      redirect_uris: [{ uri: "https://app.example.com/callback", default: true }],
      uses_pkce: true,
      is_first_party: true,
      created_at: at,
      updated_at: at
    }
  })
  return id
}

/** @internal */
export interface DataProvider {
  readonly slug: string
  readonly name?: string
}

/** @internal */
export const addDataProvider = (world: World, provider: DataProvider, now: number): string => {
  const at = iso(now)
  const id = world.id("data_provider", now)
  world.dataProviders.push({
    seq: world.nextSeq(),
    id,
    object: "data_provider",
    name: provider.name ?? provider.slug,
    description: null,
    slug: provider.slug,
    integration_type: provider.slug,
    credentials_type: "oauth",
    integrationType: provider.slug,
    credentialsType: "oauth",
    scopes: [],
    auth_methods: ["oauth"],
    ownership: "userland_user",
    created_at: at,
    updated_at: at,
    createdAt: at,
    updatedAt: at
  })
  return id
}

/** @internal */
export const addGroup = (
  world: World,
  organizationId: string,
  name: string,
  membershipIds: ReadonlyArray<string>,
  now: number
): string => {
  const at = iso(now)
  const id = world.id("group", now)
  world.groups.set(id, {
    seq: world.nextSeq(),
    id,
    organization_id: organizationId,
    name,
    description: null,
    created_at: at,
    updated_at: at,
    membershipIds: [...membershipIds]
  })
  return id
}
