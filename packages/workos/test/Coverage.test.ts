/**
 * Every operation of the spec's `/user_management/*` (and `/sso/jwks/{clientId}`,
 * organizations, factors and events) has an
 * SDK function, and that function sends that method and path. The same map is rendered
 * as docs/coverage.md (regenerate with UPDATE_DOCS=1).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Emulator } from "effect-workos-emulator"
import * as fs from "node:fs"
import * as path from "node:path"
import YAML from "yaml"
import {
  AccessToken,
  Authentication,
  AuthFactors,
  AuthorizationUrl,
  AuthorizedApplications,
  ConnectedAccounts,
  CorsOrigins,
  DeviceAuthorization,
  EmailChange,
  EmailVerification,
  Events,
  FeatureFlags,
  Invitations,
  JwtTemplate,
  MagicAuth,
  OrganizationMemberships,
  Organizations,
  PasswordReset,
  RadarChallenges,
  RedirectUris,
  Sessions,
  UserApiKeys,
  Users,
  WorkOSConfig
} from "../src/index.js"
import { recordingTracer } from "./utils/tracer.js"

const root = path.resolve(import.meta.dirname, "../../..")
const spec = YAML.parse(
  fs.readFileSync(path.resolve(root, "../shared/reference/workos-openapi.yaml"), "utf8")
) as { paths: Record<string, Record<string, { operationId?: string; summary?: string }>> }

type Call =
  | { readonly kind: "http"; readonly effect: Effect.Effect<unknown, unknown, any> }
  | { readonly kind: "url"; readonly effect: Effect.Effect<string, unknown, WorkOSConfig.WorkOSConfig> }

interface Mapping {
  readonly fn: string
  readonly call: Call
}

const http = (fn: string, effect: Effect.Effect<unknown, unknown, any>): Mapping => ({
  fn,
  call: { kind: "http", effect }
})
const url = (fn: string, effect: Effect.Effect<string, unknown, WorkOSConfig.WorkOSConfig>): Mapping => ({
  fn,
  call: { kind: "url", effect }
})

const u = "user_01"
const secret = Redacted.make("s")

/** operation ("METHOD /path") → the SDK function that performs it. */
export const coverage: Record<string, Mapping> = {
  "GET /sso/jwks/{clientId}": http(
    "AccessToken.verify (JWKS fetch)",
    AccessToken.verify("t").pipe(Effect.provide(AccessToken.layer()))
  ),
  "POST /user_management/authenticate": http(
    "Authentication.withPassword, withCode, withRefreshToken, withMagicAuth, withEmailVerification, withTotp, withOrganizationSelection, withRadarEmailChallenge, withRadarSmsChallenge, withDeviceCode",
    Authentication.withPassword({ email: "a@b.co", password: "p" })
  ),
  "GET /user_management/authorize": url(
    "AuthorizationUrl.make, AuthorizationUrl.makeWithPkce",
    AuthorizationUrl.make({ provider: "authkit", redirectUri: "https://app.example.com/cb" })
  ),
  "POST /user_management/authorize/device": http(
    "DeviceAuthorization.start (poll: Authentication.withDeviceCode)",
    DeviceAuthorization.start()
  ),
  "POST /user_management/cors_origins": http("CorsOrigins.create", CorsOrigins.create("https://a.example.com")),
  "GET /user_management/cors_origins": http("CorsOrigins.list, CorsOrigins.listPage", CorsOrigins.listPage()),
  "GET /user_management/email_verification/{id}": http("EmailVerification.get", EmailVerification.get("ev_1")),
  "GET /user_management/invitations": http("Invitations.list, Invitations.listPage", Invitations.listPage()),
  "POST /user_management/invitations": http("Invitations.send", Invitations.send({ email: "a@b.co" })),
  "GET /user_management/invitations/by_token/{token}": http("Invitations.findByToken", Invitations.findByToken("tok")),
  "GET /user_management/invitations/{id}": http("Invitations.get", Invitations.get("inv_1")),
  "POST /user_management/invitations/{id}/accept": http("Invitations.accept", Invitations.accept("inv_1")),
  "POST /user_management/invitations/{id}/resend": http("Invitations.resend", Invitations.resend("inv_1")),
  "POST /user_management/invitations/{id}/revoke": http("Invitations.revoke", Invitations.revoke("inv_1")),
  "GET /user_management/jwt_template": http("JwtTemplate.get", JwtTemplate.get),
  "PUT /user_management/jwt_template": http("JwtTemplate.update", JwtTemplate.update("{}")),
  "POST /user_management/magic_auth": http("MagicAuth.create", MagicAuth.create({ email: "a@b.co" })),
  "GET /user_management/magic_auth/{id}": http("MagicAuth.get", MagicAuth.get("ma_1")),
  "GET /user_management/organization_memberships": http(
    "OrganizationMemberships.list, OrganizationMemberships.listPage",
    OrganizationMemberships.listPage({ userId: u })
  ),
  "POST /user_management/organization_memberships": http(
    "OrganizationMemberships.create",
    OrganizationMemberships.create({ userId: u, organizationId: "org_1" })
  ),
  "GET /user_management/organization_memberships/{id}": http(
    "OrganizationMemberships.get",
    OrganizationMemberships.get("om_1")
  ),
  "DELETE /user_management/organization_memberships/{id}": http(
    "OrganizationMemberships.delete",
    OrganizationMemberships.delete("om_1")
  ),
  "PUT /user_management/organization_memberships/{id}": http(
    "OrganizationMemberships.update",
    OrganizationMemberships.update("om_1", {})
  ),
  "PUT /user_management/organization_memberships/{id}/deactivate": http(
    "OrganizationMemberships.deactivate",
    OrganizationMemberships.deactivate("om_1")
  ),
  "PUT /user_management/organization_memberships/{id}/reactivate": http(
    "OrganizationMemberships.reactivate",
    OrganizationMemberships.reactivate("om_1")
  ),
  "GET /user_management/organization_memberships/{omId}/groups": http(
    "OrganizationMemberships.listGroups, OrganizationMemberships.listGroupsPage",
    OrganizationMemberships.listGroupsPage("om_1")
  ),
  "POST /user_management/password_reset": http("PasswordReset.create", PasswordReset.create({ email: "a@b.co" })),
  "POST /user_management/password_reset/confirm": http(
    "PasswordReset.reset",
    PasswordReset.reset({ token: "t", newPassword: Redacted.make("p") })
  ),
  "GET /user_management/password_reset/{id}": http("PasswordReset.get", PasswordReset.get("pr_1")),
  "POST /user_management/radar_challenges": http(
    "RadarChallenges.sendSms",
    RadarChallenges.sendSms({ userId: u, pendingAuthenticationToken: secret, phoneNumber: "+15555550100" })
  ),
  "GET /user_management/radar_challenges/{id}": http("RadarChallenges.get", RadarChallenges.get("rc_1")),
  "POST /user_management/redirect_uris": http("RedirectUris.create", RedirectUris.create("https://a.example.com/cb")),
  "GET /user_management/redirect_uris": http("RedirectUris.list, RedirectUris.listPage", RedirectUris.listPage()),
  "DELETE /user_management/redirect_uris/{id}": http("RedirectUris.delete", RedirectUris.delete("ru_1")),
  "GET /user_management/sessions/logout": url(
    "AuthorizationUrl.logoutUrl",
    AuthorizationUrl.logoutUrl({ sessionId: "session_1" })
  ),
  "POST /user_management/sessions/revoke": http("Sessions.revoke", Sessions.revoke("session_1")),
  "GET /user_management/users": http("Users.list, Users.listPage", Users.listPage()),
  "POST /user_management/users": http("Users.create", Users.create({ email: "a@b.co" })),
  "GET /user_management/users/external_id/{external_id}": http("Users.getByExternalId", Users.getByExternalId("ext")),
  "PUT /user_management/users/{id}": http("Users.update", Users.update(u, {})),
  "GET /user_management/users/{id}": http("Users.get", Users.get(u)),
  "DELETE /user_management/users/{id}": http("Users.delete", Users.delete(u)),
  "POST /user_management/users/{id}/email_change/confirm": http(
    "EmailChange.confirm",
    EmailChange.confirm(u, "123456")
  ),
  "POST /user_management/users/{id}/email_change/send": http("EmailChange.send", EmailChange.send(u, "b@c.co")),
  "POST /user_management/users/{id}/email_verification/confirm": http(
    "EmailVerification.verify",
    EmailVerification.verify(u, "123456")
  ),
  "POST /user_management/users/{id}/email_verification/send": http("EmailVerification.send", EmailVerification.send(u)),
  "GET /user_management/users/{id}/identities": http("Users.listIdentities", Users.listIdentities(u)),
  "GET /user_management/users/{id}/sessions": http("Sessions.list, Sessions.listPage", Sessions.listPage(u)),
  "GET /user_management/users/{userId}/api_keys": http(
    "UserApiKeys.list, UserApiKeys.listPage",
    UserApiKeys.listPage(u)
  ),
  "POST /user_management/users/{userId}/api_keys": http(
    "UserApiKeys.create",
    UserApiKeys.create(u, { name: "k", organizationId: "org_1" })
  ),
  "GET /user_management/users/{userId}/feature-flags": http(
    "FeatureFlags.list, FeatureFlags.listPage",
    FeatureFlags.listPage(u)
  ),
  "GET /user_management/users/{user_id}/authorized_applications": http(
    "AuthorizedApplications.list, AuthorizedApplications.listPage",
    AuthorizedApplications.listPage(u)
  ),
  "DELETE /user_management/users/{user_id}/authorized_applications/{application_id}": http(
    "AuthorizedApplications.delete",
    AuthorizedApplications.delete(u, "app_1")
  ),
  "GET /user_management/users/{user_id}/connected_accounts/{slug}": http(
    "ConnectedAccounts.get",
    ConnectedAccounts.get(u, "github")
  ),
  "DELETE /user_management/users/{user_id}/connected_accounts/{slug}": http(
    "ConnectedAccounts.delete",
    ConnectedAccounts.delete(u, "github")
  ),
  "POST /user_management/users/{user_id}/connected_accounts/{slug}": http(
    "ConnectedAccounts.create",
    ConnectedAccounts.create(u, "github", {})
  ),
  "PUT /user_management/users/{user_id}/connected_accounts/{slug}": http(
    "ConnectedAccounts.update",
    ConnectedAccounts.update(u, "github", {})
  ),
  "GET /user_management/users/{user_id}/data_providers": http(
    "ConnectedAccounts.listDataProviders",
    ConnectedAccounts.listDataProviders(u)
  ),
  "POST /user_management/users/{userlandUserId}/auth_factors": http(
    "AuthFactors.enrollTotp",
    AuthFactors.enrollTotp(u)
  ),
  "GET /user_management/users/{userlandUserId}/auth_factors": http(
    "AuthFactors.list, AuthFactors.listPage",
    AuthFactors.listPage(u)
  ),
  "GET /auth/factors/{id}": http("AuthFactors.get", AuthFactors.get("auth_factor_01")),
  "DELETE /auth/factors/{id}": http("AuthFactors.delete", AuthFactors.delete("auth_factor_01")),
  "POST /auth/factors/{id}/challenge": http("AuthFactors.challenge", AuthFactors.challenge("auth_factor_01")),
  "GET /organizations": http("Organizations.list, Organizations.listPage", Organizations.listPage()),
  "POST /organizations": http("Organizations.create", Organizations.create({ name: "Acme" })),
  "GET /organizations/external_id/{external_id}": http(
    "Organizations.getByExternalId",
    Organizations.getByExternalId("ext_1")
  ),
  "GET /organizations/{id}": http("Organizations.get", Organizations.get("org_01")),
  "PUT /organizations/{id}": http("Organizations.update", Organizations.update("org_01", { name: "Acme" })),
  "DELETE /organizations/{id}": http("Organizations.delete", Organizations.delete("org_01")),
  "GET /events": http("Events.list, Events.listPage, Events.follow, Events.latestId", Events.listPage())
}

/** Operations outside `/user_management` that users need to keep a store in sync. */
const alsoInScope = new Set([
  "/auth/factors/{id}",
  "/auth/factors/{id}/challenge",
  "/organizations",
  "/organizations/external_id/{external_id}",
  "/organizations/{id}",
  "/events",
  "/sso/jwks/{clientId}"
])

const operations = Object.entries(spec.paths).flatMap(([template, item]) =>
  Object.entries(item).filter(([, op]) => typeof op === "object" && op.operationId !== undefined).map((
    [method, op]
  ) => ({
    key: `${method.toUpperCase()} ${template}`,
    method: method.toUpperCase(),
    template,
    operationId: op.operationId!,
    summary: op.summary ?? ""
  }))
).filter((op) => op.template.startsWith("/user_management") || alsoInScope.has(op.template))

const matches = (template: string, rawPath: string) =>
  new RegExp("^" + template.replace(/\{\w+\}/g, "[^/]+") + "$").test(rawPath)

const render = () =>
  [
    "# API coverage",
    "",
    "Every operation of the WorkOS OpenAPI spec under `/user_management/*`, plus",
    "`/sso/jwks/{clientId}`, `/organizations`, `/auth/factors/{id}` and `/events` (what keeping a",
    "user store in sync needs), and the SDK function that performs it. Generated by",
    "`packages/workos/test/Coverage.test.ts`, which also checks that each function sends",
    "exactly this method and path; regenerate with `UPDATE_DOCS=1 npx -y pnpm@10 test`.",
    "",
    `${operations.length} operations, ${operations.filter((op) => coverage[op.key]).length} covered.`,
    "",
    "| Operation | operationId | SDK |",
    "| --- | --- | --- |",
    ...[...operations].sort((a, b) => a.template.localeCompare(b.template) || a.method.localeCompare(b.method)).map(
      (op) =>
        `| \`${op.key}\` | \`${op.operationId}\` | ${
          coverage[op.key]?.fn.split(", ").map((f) => `\`${f}\``).join(", ") ?? "**missing**"
        } |`
    ),
    ""
  ].join("\n")

/** "Users.list, listPage (note)" → ["WorkOS.Users.list", "WorkOS.Users.listPage"]. */
const spanNames = (fn: string): ReadonlyArray<string> => {
  let module = ""
  return fn.replace(/\s*\(.*\)$/, "").split(", ").map((name) => {
    if (name.includes(".")) module = name.split(".")[0]!
    return `WorkOS.${name.includes(".") ? name : `${module}.${name}`}`
  })
}

describe("coverage of the spec", () => {
  it("every operation in scope is mapped, and nothing else", () => {
    assert.isAtLeast(operations.length, 60)
    assert.deepStrictEqual(operations.filter((op) => !coverage[op.key]).map((op) => op.key), [])
    const known = new Set(operations.map((op) => op.key))
    assert.deepStrictEqual(Object.keys(coverage).filter((key) => !known.has(key)), [])
  })

  for (const op of operations) {
    it.effect(`${op.key} is performed by ${coverage[op.key]?.fn ?? "?"}`, () =>
      Effect.gen(function*() {
        const mapping = coverage[op.key]
        assert.isDefined(mapping, `no SDK function for ${op.key}`)
        if (mapping === undefined) return
        const emulator = Emulator.makeAt({}, 0)
        const layer = Layer.merge(
          WorkOSConfig.layer({
            apiKey: emulator.apiKey,
            clientId: emulator.clientId,
            baseUrl: emulator.baseUrl,
            retry: "none"
          }),
          Emulator.layerFrom(emulator)
        )
        if (mapping.call.kind === "url") {
          const built = new URL(yield* Effect.orDie(mapping.call.effect.pipe(Effect.provide(layer))))
          assert.strictEqual(op.method, "GET")
          assert.isTrue(matches(op.template, built.pathname), `${built.pathname} is not ${op.template}`)
          return
        }
        const tracing = recordingTracer()
        yield* Effect.ignore(mapping.call.effect.pipe(Effect.provide(Layer.merge(layer, tracing.layer))))
        // The call's span is named after a function that performs the operation.
        const names = spanNames(mapping.fn)
        assert.isTrue(
          tracing.spans.some((span) => names.includes(span.name)),
          `${tracing.spans.map((span) => span.name).join(", ")} has none of ${names.join(", ")}`
        )
        const sent = emulator.requests[0]
        assert.isDefined(sent, `${mapping.fn} sent nothing`)
        assert.strictEqual(sent!.method, op.method)
        assert.isTrue(matches(op.template, sent!.path), `${mapping.fn} sent ${sent!.path}, not ${op.template}`)
      }))
  }

  it("docs/coverage.md is up to date", () => {
    const file = path.join(root, "docs/coverage.md")
    const expected = render()
    if (process.env.UPDATE_DOCS === "1") fs.writeFileSync(file, expected)
    assert.strictEqual(
      fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "",
      expected,
      "run UPDATE_DOCS=1 npx -y pnpm@10 test"
    )
  })
})
