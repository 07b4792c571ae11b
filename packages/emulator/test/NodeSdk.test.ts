/**
 * Cross-check: the official `@workos-inc/node` SDK, unmodified, against the emulator
 * served over real HTTP. If the emulator drifted from WorkOS's wire format, the
 * official client would notice. The test reaches the emulator only as another process
 * would: the seed, the emailed codes and the reset go through the control plane
 * (`/__emulator/`), never through the instance (which only validates every response
 * against the spec).
 */
import { WorkOS } from "@workos-inc/node"
import * as jose from "jose"
import * as OTPAuth from "otpauth"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { Emulator } from "../src/index.js"
import { validateExchange } from "./utils/spec.js"

let server: Awaited<ReturnType<typeof Emulator.listen>>
let workos: WorkOS
const clientId = "client_emulator"
const apiKey = "sk_test_node_cross_check"
const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

/** The control plane, as any HTTP client calls it. */
const control = async (method: string, path: string, body?: unknown): Promise<any> => {
  const response = await fetch(`${server.url}/__emulator/${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return response.status === 204 ? undefined : response.json()
}

/** The code the emulator emailed (waiting for it, as a test would wait for an inbox). */
const emailed = async (kind: string, to: string): Promise<string> =>
  (await control("GET", `outbox/wait?kind=${kind}&to=${encodeURIComponent(to)}&timeout=2000`)).code

beforeAll(async () => {
  server = await Emulator.listen({ apiKey, onExchange: validateExchange })
  await control("POST", "seed", {
    organizations: [{ id: "org_acme", name: "Acme" }, { id: "org_globex", name: "Globex" }],
    users: [
      ...Array.from({ length: 230 }, (_, i) => ({ email: `bulk${i}@example.com` })),
      { email: "verified@example.com", password: "correct horse battery", memberships: [{ organization: "org_acme" }] },
      // Its own user: a password reset ends every session of the user, and tests run concurrently.
      { email: "reset@example.com", password: "correct horse battery" },
      { email: "unverified@example.com", password: "correct horse battery", emailVerified: false },
      { email: "totp@example.com", password: "correct horse battery", totpSecret },
      {
        email: "two-orgs@example.com",
        password: "correct horse battery",
        memberships: [{ organization: "org_acme" }, { organization: "org_globex" }]
      }
    ]
  })
  const url = new URL(server.url)
  workos = new WorkOS(
    apiKey,
    {
      apiHostname: url.hostname,
      port: Number(url.port),
      https: false,
      clientId,
      maxRetries: 0
    } as ConstructorParameters<typeof WorkOS>[1]
  )
})

afterAll(() => server.close())

describe("the official Node SDK against the emulator", () => {
  it("user CRUD", async () => {
    const user = await workos.userManagement.createUser({
      email: "node@example.com",
      firstName: "Node",
      password: "a long password"
    })
    assert.strictEqual(user.firstName, "Node")
    assert.strictEqual((await workos.userManagement.getUser(user.id)).email, "node@example.com")
    const updated = await workos.userManagement.updateUser({ userId: user.id, lastName: "SDK" })
    assert.strictEqual(updated.lastName, "SDK")
    await workos.userManagement.deleteUser(user.id)
    const missing = await workos.userManagement.getUser(user.id).catch((e: unknown) => e)
    assert.strictEqual((missing as { status: number }).status, 404)
  })

  it("listUsers().autoPagination() walks several pages", async () => {
    const list = await workos.userManagement.listUsers()
    assert.strictEqual(list.data.length, 10)
    const all = await list.autoPagination()
    assert.isAtLeast(all.length, 232)
    assert.strictEqual(new Set(all.map((u) => u.id)).size, all.length)
  }, 20_000)

  it("memberships and invitations", async () => {
    const user = await workos.userManagement.createUser({ email: "member@example.com" })
    const membership = await workos.userManagement.createOrganizationMembership({
      userId: user.id,
      organizationId: "org_acme",
      roleSlug: "admin"
    })
    assert.strictEqual(membership.role.slug, "admin")
    const memberships = await workos.userManagement.listOrganizationMemberships({ organizationId: "org_acme" })
    assert.isAtLeast(memberships.data.length, 2)
    const invitation = await workos.userManagement.sendInvitation({
      email: "invitee@example.com",
      organizationId: "org_acme"
    })
    assert.strictEqual(invitation.state, "pending")
    assert.strictEqual((await workos.userManagement.findInvitationByToken(invitation.token)).id, invitation.id)
    const revoked = await workos.userManagement.revokeInvitation(invitation.id)
    assert.strictEqual(revoked.state, "revoked")
  })

  it("magic auth and password reset", async () => {
    const magic = await workos.userManagement.createMagicAuth({ email: "reset@example.com" })
    const auth = await workos.userManagement.authenticateWithMagicAuth({
      clientId,
      email: "reset@example.com",
      code: await emailed("magic_auth", "reset@example.com")
    })
    assert.strictEqual(auth.user.id, magic.userId)
    const reset = await workos.userManagement.createPasswordReset({ email: "reset@example.com" })
    const { user } = await workos.userManagement.resetPassword({
      token: reset.passwordResetToken,
      newPassword: "correct horse battery"
    })
    assert.strictEqual(user.email, "reset@example.com")
  })

  it("authenticateWithPassword, the email-verification step with its pending token, refresh, and the JWKS", async () => {
    const error = await workos.userManagement.authenticateWithPassword({
      clientId,
      email: "unverified@example.com",
      password: "correct horse battery"
    }).catch((e: unknown) => e) as {
      name: string
      code: string
      pendingAuthenticationToken?: string
      rawData: Record<string, unknown>
    }
    assert.strictEqual(error.name, "AuthenticationException")
    assert.strictEqual(error.code, "email_verification_required")
    assert.isString(error.pendingAuthenticationToken)
    assert.isString(error.rawData.email_verification_id)
    const verified = await workos.userManagement.authenticateWithEmailVerification({
      clientId,
      code: await emailed("email_verification", "unverified@example.com"),
      pendingAuthenticationToken: error.pendingAuthenticationToken!
    })
    assert.strictEqual(verified.user.emailVerified, true)

    const signIn = await workos.userManagement.authenticateWithPassword({
      clientId,
      email: "verified@example.com",
      password: "correct horse battery"
    })
    assert.strictEqual(signIn.organizationId, "org_acme")
    const refreshed = await workos.userManagement.authenticateWithRefreshToken({
      clientId,
      refreshToken: signIn.refreshToken
    })
    assert.notStrictEqual(refreshed.refreshToken, signIn.refreshToken)
    const reused = await workos.userManagement.authenticateWithRefreshToken({
      clientId,
      refreshToken: signIn.refreshToken
    })
      .catch((e: unknown) => e) as { error?: string }
    assert.strictEqual(reused.error, "invalid_grant")

    const jwks = jose.createRemoteJWKSet(new URL(workos.userManagement.getJwksUrl(clientId)))
    const { payload } = await jose.jwtVerify(refreshed.accessToken, jwks, { algorithms: ["RS256"] })
    assert.strictEqual(payload.sub, signIn.user.id)
    assert.strictEqual(payload.org_id, "org_acme")
  })

  it("TOTP MFA: the mfa_challenge step, a challenge, and a code from the authenticator app", async () => {
    const error = await workos.userManagement.authenticateWithPassword({
      clientId,
      email: "totp@example.com",
      password: "correct horse battery"
    }).catch((e: unknown) => e) as { code: string; pendingAuthenticationToken: string; rawData: any }
    assert.strictEqual(error.code, "mfa_challenge")
    const factorId = error.rawData.authentication_factors[0].id as string
    const challenge = await workos.multiFactorAuth.challengeFactor({ authenticationFactorId: factorId })
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate()
    const auth = await workos.userManagement.authenticateWithTotp({
      clientId,
      code,
      authenticationChallengeId: challenge.id,
      pendingAuthenticationToken: error.pendingAuthenticationToken
    })
    assert.strictEqual(auth.user.email, "totp@example.com")
    assert.strictEqual(auth.authenticationMethod, "Password")
  })

  it("organization selection, then the user's sessions: listed and revoked", async () => {
    const error = await workos.userManagement.authenticateWithPassword({
      clientId,
      email: "two-orgs@example.com",
      password: "correct horse battery"
    }).catch((e: unknown) => e) as { code: string; pendingAuthenticationToken: string; rawData: any }
    assert.strictEqual(error.code, "organization_selection_required")
    assert.deepStrictEqual(error.rawData.organizations.map((o: { id: string }) => o.id).sort(), [
      "org_acme",
      "org_globex"
    ])
    const auth = await workos.userManagement.authenticateWithOrganizationSelection({
      clientId,
      organizationId: "org_globex",
      pendingAuthenticationToken: error.pendingAuthenticationToken
    })
    assert.strictEqual(auth.organizationId, "org_globex")
    const sessions = await workos.userManagement.listSessions(auth.user.id)
    assert.strictEqual(sessions.data.length, 1)
    assert.strictEqual(sessions.data[0]!.status, "active")
    await workos.userManagement.revokeSession({ sessionId: sessions.data[0]!.id })
    const after = await workos.userManagement.listSessions(auth.user.id)
    assert.strictEqual(after.data[0]!.status, "revoked")
    const refresh = await workos.userManagement.authenticateWithRefreshToken({
      clientId,
      refreshToken: auth.refreshToken
    })
      .catch((e: unknown) => e) as { error?: string }
    assert.strictEqual(refresh.error, "invalid_grant", "a revoked session's refresh token is refused")
  })

  it("organizations, factor get and delete, and events", async () => {
    const org = await workos.organizations.createOrganization(
      {
        name: "Node Corp",
        domainData: [{ domain: "node-corp.com", state: "verified" }],
        externalId: "node_corp"
      } as Parameters<typeof workos.organizations.createOrganization>[0]
    )
    assert.strictEqual((await workos.organizations.getOrganizationByExternalId("node_corp")).id, org.id)
    const updated = await workos.organizations.updateOrganization({ organization: org.id, name: "Node Corporation" })
    assert.strictEqual(updated.name, "Node Corporation")
    const listed = await workos.organizations.listOrganizations({ domains: ["node-corp.com"] })
    assert.deepStrictEqual(listed.data.map((o) => o.id), [org.id])

    const user = await workos.userManagement.createUser({ email: "factor@example.com" })
    const { authenticationFactor } = await workos.multiFactorAuth.createUserAuthFactor(
      { userId: user.id, type: "totp" } as Parameters<typeof workos.multiFactorAuth.createUserAuthFactor>[0]
    )
    assert.strictEqual((await workos.multiFactorAuth.getFactor(authenticationFactor.id)).id, authenticationFactor.id)
    await workos.multiFactorAuth.deleteFactor(authenticationFactor.id)
    const missing = await workos.multiFactorAuth.getFactor(authenticationFactor.id).catch((e: unknown) => e)
    assert.strictEqual((missing as { status: number }).status, 404)
    await workos.organizations.deleteOrganization(org.id)

    const events = await workos.events.listEvents({
      events: ["organization.created", "organization.updated", "organization.deleted"],
      organizationId: org.id
    })
    assert.deepStrictEqual(events.data.map((e) => e.event), [
      "organization.created",
      "organization.updated",
      "organization.deleted"
    ])
    const first = events.data[0]!
    assert.strictEqual(first.event === "organization.created" && first.data.name, "Node Corp")
  })
})
