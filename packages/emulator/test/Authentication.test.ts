/**
 * `POST /user_management/authenticate`: every grant, every step with its payload, and
 * the tokens it issues, verified with jose against the emulator's JWKS.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import * as jose from "jose"
import * as OTPAuth from "otpauth"
import { Emulator } from "../src/index.js"
import { api, layer } from "./utils/api.js"

const clientId = "client_emulator"
const clientSecret = "sk_test_emulator"
const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

const authenticate = (body: Record<string, unknown>, secret = true) =>
  api("POST", "/user_management/authenticate", {
    auth: false,
    body: { client_id: clientId, ...(secret ? { client_secret: clientSecret } : {}), ...body }
  })

const password = (email: string, pw = "correct horse battery") =>
  authenticate({ grant_type: "password", email, password: pw })

const totpAt = (now: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret), digits: 6, period: 30 }).generate({
    timestamp: now
  })

const verify = (token: string) =>
  Effect.gen(function*() {
    const jwks = yield* api("GET", `/sso/jwks/${clientId}`, { auth: false })
    const now = yield* TestClock.currentTimeMillis
    const { payload, protectedHeader } = yield* Effect.promise(() =>
      jose.jwtVerify(token, jose.createLocalJWKSet(jwks.body), {
        algorithms: ["RS256"],
        issuer: `https://api.workos.com/user_management/${clientId}`,
        currentDate: new Date(now)
      })
    )
    return { payload, protectedHeader }
  })

const orgs = [
  { id: "org_acme", name: "Acme" },
  { id: "org_globex", name: "Globex" },
  { id: "org_sso", name: "SSO Corp", ssoConnectionIds: ["conn_1"] },
  { id: "org_mfa", name: "MFA Corp", requireMfa: true },
  { id: "org_magic", name: "Magic Only", allowedAuthMethods: ["magic_auth"] }
]

const pw = "correct horse battery"
const TestWorkOS = layer({
  organizations: orgs,
  users: [
    { email: "simple@example.com", password: pw, memberships: [{ organization: "org_acme", role: "admin" }] },
    { email: "nomember@example.com", password: pw },
    {
      email: "chain@example.com",
      password: pw,
      emailVerified: false,
      totpSecret,
      memberships: [{ organization: "org_acme" }, { organization: "org_globex" }]
    },
    { email: "sso@example.com", password: pw, memberships: [{ organization: "org_sso" }] },
    { email: "mfa@example.com", password: pw, memberships: [{ organization: "org_mfa" }] },
    { email: "magic@example.com", password: pw, memberships: [{ organization: "org_magic" }] },
    { email: "radar@example.com", password: pw, radar: "email" },
    { email: "radarsms@example.com", password: pw, radar: "sms" }
  ]
})

describe("password grant", () => {
  it.effect("signs in and issues an RS256 access token the JWKS verifies, with WorkOS's claims", () =>
    Effect.gen(function*() {
      const res = yield* password("simple@example.com")
      assert.strictEqual(res.status, 200)
      assert.strictEqual(res.body.user.email, "simple@example.com")
      assert.strictEqual(res.body.organization_id, "org_acme")
      assert.strictEqual(res.body.authentication_method, "Password")
      const { payload, protectedHeader } = yield* verify(res.body.access_token)
      assert.strictEqual(protectedHeader.alg, "RS256")
      assert.strictEqual(payload.sub, res.body.user.id)
      assert.strictEqual(payload.org_id, "org_acme")
      assert.strictEqual(payload.role, "admin")
      assert.deepStrictEqual(payload.roles, ["admin"])
      assert.include(payload.permissions as Array<string>, "users:write")
      assert.match(payload.sid as string, /^session_/)
      assert.isString(payload.jti)
      assert.strictEqual((payload.exp as number) - (payload.iat as number), 300)
      assert.isString(res.body.refresh_token)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("wrong passwords and unknown users are invalid_credentials; the client is checked", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* password("simple@example.com", "wrong password")).body.code, "invalid_credentials")
      assert.strictEqual((yield* password("ghost@example.com")).body.code, "invalid_credentials")
      const noSecret = yield* authenticate({ grant_type: "password", email: "simple@example.com", password: pw }, false)
      assert.strictEqual(noSecret.body.error, "invalid_client")
      const badClient = yield* api("POST", "/user_management/authenticate", {
        auth: false,
        body: {
          client_id: "client_other",
          client_secret: clientSecret,
          grant_type: "password",
          email: "x@y.z",
          password: "p"
        }
      })
      assert.strictEqual(badClient.body.error, "invalid_client")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("an unknown grant type is a 422, even one named like an object's own property", () =>
    Effect.gen(function*() {
      for (const grant of ["client_credentials", "constructor", "toString", "__proto__", "hasOwnProperty"]) {
        const answer = yield* authenticate({ grant_type: grant })
        assert.strictEqual(answer.status, 422, grant)
        assert.deepStrictEqual(answer.body.errors, [{ field: "grant_type", code: "invalid_grant_type" }], grant)
      }
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("the full chain: email verification → MFA challenge → organization selection", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const step1 = yield* password("chain@example.com")
      assert.strictEqual(step1.status, 403)
      assert.strictEqual(step1.body.code, "email_verification_required")
      assert.strictEqual(step1.body.email, "chain@example.com")
      assert.match(step1.body.email_verification_id, /^email_verification_/)
      const code = emulator.lastMessage({ to: "chain@example.com", kind: "email_verification" })!.code!
      const verification = yield* api("GET", `/user_management/email_verification/${step1.body.email_verification_id}`)
      assert.strictEqual(verification.body.code, code)

      const step2 = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:email-verification:code",
        code,
        pending_authentication_token: step1.body.pending_authentication_token
      })
      assert.strictEqual(step2.status, 403)
      assert.strictEqual(step2.body.code, "mfa_challenge")
      assert.strictEqual(step2.body.authentication_factors.length, 1)
      assert.strictEqual(step2.body.user.email_verified, true)
      const challenge = yield* api("POST", `/auth/factors/${step2.body.authentication_factors[0].id}/challenge`)
      const now = yield* TestClock.currentTimeMillis

      const wrong = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:mfa-totp",
        code: "000000" === totpAt(now) ? "111111" : "000000",
        pending_authentication_token: step2.body.pending_authentication_token,
        authentication_challenge_id: challenge.body.id
      })
      assert.strictEqual(wrong.body.code, "invalid_one_time_code")

      const step3 = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:mfa-totp",
        code: totpAt(now),
        pending_authentication_token: step2.body.pending_authentication_token,
        authentication_challenge_id: challenge.body.id
      })
      assert.strictEqual(step3.status, 403)
      assert.strictEqual(step3.body.code, "organization_selection_required")
      assert.deepStrictEqual(step3.body.organizations, [{ id: "org_acme", name: "Acme" }, {
        id: "org_globex",
        name: "Globex"
      }])

      const done = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:organization-selection",
        pending_authentication_token: step3.body.pending_authentication_token,
        organization_id: "org_globex"
      })
      assert.strictEqual(done.status, 200)
      assert.strictEqual(done.body.organization_id, "org_globex")
      const { payload } = yield* verify(done.body.access_token)
      assert.strictEqual(payload.org_id, "org_globex")

      const reused = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:organization-selection",
        pending_authentication_token: step3.body.pending_authentication_token,
        organization_id: "org_acme"
      })
      assert.strictEqual(reused.body.code, "invalid_pending_authentication_token", "pending tokens are single use")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("sso_required and organization_authentication_methods_required are 400 OAuth bodies", () =>
    Effect.gen(function*() {
      const sso = yield* password("sso@example.com")
      assert.strictEqual(sso.status, 400)
      assert.strictEqual(sso.body.error, "sso_required")
      assert.deepStrictEqual(sso.body.connection_ids, ["conn_1"])
      assert.strictEqual(sso.body.email, "sso@example.com")
      assert.isString(sso.body.pending_authentication_token)
      const methods = yield* password("magic@example.com")
      assert.strictEqual(methods.status, 400)
      assert.strictEqual(methods.body.error, "organization_authentication_methods_required")
      assert.strictEqual(methods.body.auth_methods.magic_auth, true)
      assert.strictEqual(methods.body.auth_methods.password, false)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("mfa_enrollment, then enrolling TOTP and completing with its challenge", () =>
    Effect.gen(function*() {
      const step = yield* password("mfa@example.com")
      assert.strictEqual(step.status, 403)
      assert.strictEqual(step.body.code, "mfa_enrollment")
      const enrolled = yield* api("POST", `/user_management/users/${step.body.user.id}/auth_factors`, {
        body: { type: "totp", totp_issuer: "Acme", totp_user: "mfa@example.com", totp_secret: totpSecret }
      })
      assert.strictEqual(enrolled.status, 201)
      assert.strictEqual(enrolled.body.authentication_factor.totp.secret, totpSecret)
      const now = yield* TestClock.currentTimeMillis
      const done = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:mfa-totp",
        code: totpAt(now),
        pending_authentication_token: step.body.pending_authentication_token,
        authentication_challenge_id: enrolled.body.authentication_challenge.id
      })
      assert.strictEqual(done.status, 200)
      assert.strictEqual(done.body.organization_id, "org_mfa")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("Radar email and SMS challenges", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const email = yield* password("radar@example.com")
      assert.strictEqual(email.body.code, "radar_challenge")
      const challenge = yield* api("GET", `/user_management/radar_challenges/${email.body.radar_challenge_id}`)
      assert.strictEqual(challenge.body.type, "email")
      const done = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:radar-email-challenge:code",
        code: emulator.lastMessage({ to: "radar@example.com", kind: "radar" })!.code,
        radar_challenge_id: email.body.radar_challenge_id,
        pending_authentication_token: email.body.pending_authentication_token
      })
      assert.strictEqual(done.status, 200)

      const sms = yield* password("radarsms@example.com")
      assert.strictEqual(sms.body.code, "radar_sms_sign_in_challenge")
      const sent = yield* api("POST", "/user_management/radar_challenges", {
        body: {
          user_id: sms.body.user.id,
          pending_authentication_token: sms.body.pending_authentication_token,
          phone_number: "+15555550100"
        }
      })
      assert.strictEqual(sent.status, 201)
      const smsDone = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:radar-sms-challenge:code",
        code: emulator.lastMessage({ to: "+15555550100" })!.code,
        verification_id: sent.body.verification_id,
        phone_number: "+15555550100",
        pending_authentication_token: sms.body.pending_authentication_token
      })
      assert.strictEqual(smsDone.status, 200)
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("refresh tokens", () => {
  it.effect("rotate; a reused refresh token is invalid_grant; organization_id switches orgs", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      emulator.createUser({
        email: "two@example.com",
        password: pw,
        memberships: [{ organization: "org_acme" }, { organization: "org_globex" }]
      }, 0)
      const signIn = yield* password("two@example.com")
      const selected = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:organization-selection",
        pending_authentication_token: signIn.body.pending_authentication_token,
        organization_id: "org_acme"
      })
      const first = yield* authenticate(
        { grant_type: "refresh_token", refresh_token: selected.body.refresh_token },
        false
      )
      assert.strictEqual(first.status, 200)
      assert.notStrictEqual(first.body.refresh_token, selected.body.refresh_token)
      const reused = yield* authenticate({ grant_type: "refresh_token", refresh_token: selected.body.refresh_token })
      assert.strictEqual(reused.body.error, "invalid_grant")
      const switched = yield* authenticate({
        grant_type: "refresh_token",
        refresh_token: first.body.refresh_token,
        organization_id: "org_globex"
      })
      assert.strictEqual(switched.body.organization_id, "org_globex")
      const { payload } = yield* verify(switched.body.access_token)
      assert.strictEqual(payload.org_id, "org_globex")
      assert.strictEqual(payload.sid, (yield* verify(first.body.access_token)).payload.sid, "same session")
      const foreign = yield* authenticate({
        grant_type: "refresh_token",
        refresh_token: switched.body.refresh_token,
        organization_id: "org_sso"
      })
      assert.strictEqual(foreign.body.error, "organization_membership_not_found")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("access tokens expire on the clock; revoked sessions cannot refresh", () =>
    Effect.gen(function*() {
      const signIn = yield* password("simple@example.com")
      yield* TestClock.adjust("301 seconds")
      const expired = yield* Effect.flip(verify(signIn.body.access_token).pipe(Effect.sandbox))
      assert.include(String(expired), "exp")
      const { payload } = yield* Effect.promise(async () => ({ payload: jose.decodeJwt(signIn.body.access_token) }))
      const revoked = yield* api("POST", "/user_management/sessions/revoke", { body: { session_id: payload.sid } })
      assert.strictEqual(revoked.status, 200)
      const refresh = yield* authenticate({ grant_type: "refresh_token", refresh_token: signIn.body.refresh_token })
      assert.strictEqual(refresh.body.error, "invalid_grant")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("authorization code and PKCE", () => {
  const challengeOf = (verifier: string) =>
    Effect.promise(async () =>
      jose.base64url.encode(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))))
    )

  it.effect("authorize follows only the environment's redirect URIs once it has some; a non-URL is a 400", () =>
    Effect.gen(function*() {
      const authorize = (redirectUri: string) =>
        api("GET", "/user_management/authorize", {
          auth: false,
          query: {
            client_id: clientId,
            redirect_uri: redirectUri,
            response_type: "code",
            provider: "authkit",
            login_hint: "simple@example.com"
          }
        })
      assert.strictEqual((yield* authorize("https://anywhere.example/cb")).status, 302)
      const notUrl = yield* authorize("not a url")
      assert.strictEqual(notUrl.status, 400)
      assert.match(notUrl.body.message, /not a URL/)
      const added = yield* api("POST", "/user_management/redirect_uris", {
        body: { uri: "https://app.example.com/cb" }
      })
      assert.strictEqual(added.status, 201)
      assert.strictEqual((yield* authorize("https://app.example.com/cb")).status, 302)
      const other = yield* authorize("https://evil.example/cb")
      assert.strictEqual(other.status, 400)
      assert.match(other.body.message, /redirect URIs/)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("authorize redirects with a code; the verifier is checked; codes are single use", () =>
    Effect.gen(function*() {
      const verifier = "a".repeat(43)
      const redirect = yield* api("GET", "/user_management/authorize", {
        auth: false,
        query: {
          client_id: clientId,
          redirect_uri: "https://app.example.com/callback",
          response_type: "code",
          provider: "authkit",
          state: "xyz",
          login_hint: "simple@example.com",
          code_challenge: yield* challengeOf(verifier),
          code_challenge_method: "S256"
        }
      })
      assert.strictEqual(redirect.status, 302)
      const location = new URL(redirect.headers.location!)
      assert.strictEqual(location.searchParams.get("state"), "xyz")
      const code = location.searchParams.get("code")!
      const wrong = yield* authenticate(
        { grant_type: "authorization_code", code, code_verifier: "b".repeat(43) },
        false
      )
      assert.strictEqual(wrong.body.error, "invalid_grant")
      const ok = yield* authenticate({ grant_type: "authorization_code", code, code_verifier: verifier }, false)
      assert.strictEqual(ok.status, 200)
      const again = yield* authenticate({ grant_type: "authorization_code", code, code_verifier: verifier }, false)
      assert.strictEqual(again.body.error, "invalid_grant")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a confidential client exchanges a code with its secret; impersonation adds act", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const userId = emulator.createUser({ email: "imp@example.com" }, 0)
      const code = emulator.issueAuthorizationCode({
        userId,
        impersonator: { email: "admin@corp.com", reason: "support" }
      }, 0)
      const res = yield* authenticate({ grant_type: "authorization_code", code })
      assert.strictEqual(res.status, 200)
      assert.deepStrictEqual(res.body.impersonator, { email: "admin@corp.com", reason: "support" })
      assert.strictEqual(res.body.authentication_method, "Impersonation")
      const { payload } = yield* verify(res.body.access_token)
      assert.deepStrictEqual(payload.act, { sub: "admin@corp.com" })
      const expired = emulator.issueAuthorizationCode({ userId }, 0)
      yield* TestClock.adjust("11 minutes")
      assert.strictEqual(
        (yield* authenticate({ grant_type: "authorization_code", code: expired })).body.error,
        "invalid_grant"
      )
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("magic auth", () => {
  it.effect("codes are single use and expire after 10 minutes", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const sent = yield* api("POST", "/user_management/magic_auth", { body: { email: "simple@example.com" } })
      assert.strictEqual(sent.status, 201)
      const code = emulator.lastMessage({ kind: "magic_auth" })!.code!
      assert.strictEqual(sent.body.code, code)
      const grant = { grant_type: "urn:workos:oauth:grant-type:magic-auth:code", email: "simple@example.com" }
      const ok = yield* authenticate({ ...grant, code })
      assert.strictEqual(ok.status, 200)
      assert.strictEqual(ok.body.authentication_method, "MagicAuth")
      assert.strictEqual((yield* authenticate({ ...grant, code })).body.code, "one_time_code_previously_used")
      yield* api("POST", "/user_management/magic_auth", { body: { email: "simple@example.com" } })
      const late = emulator.lastMessage({ kind: "magic_auth" })!.code!
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual((yield* authenticate({ ...grant, code: late })).body.code, "one_time_code_expired")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a new email signs up through magic auth", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const sent = yield* api("POST", "/user_management/magic_auth", { body: { email: "newbie@example.com" } })
      const res = yield* authenticate({
        grant_type: "urn:workos:oauth:grant-type:magic-auth:code",
        email: "newbie@example.com",
        code: emulator.lastMessage({ to: "newbie@example.com" })!.code
      })
      assert.strictEqual(res.body.user.id, sent.body.user_id)
      assert.isTrue(res.body.user.email_verified)
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("device authorization", () => {
  it.effect("authorization_pending, slow_down, then success once approved", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const start = yield* api("POST", "/user_management/authorize/device", {
        auth: false,
        body: { client_id: clientId }
      })
      assert.strictEqual(start.status, 200)
      assert.strictEqual(start.body.interval, 5)
      const poll = authenticate({
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: start.body.device_code
      }, false)
      assert.strictEqual((yield* poll).body.error, "authorization_pending")
      assert.strictEqual((yield* poll).body.error, "slow_down")
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual((yield* poll).body.error, "authorization_pending")
      const user = [...emulator.world.users.values()].find((u) => u.email === "simple@example.com")!
      emulator.approveDevice(start.body.user_code, user.id)
      yield* TestClock.adjust("10 seconds")
      const done = yield* poll
      assert.strictEqual(done.status, 200)
      assert.strictEqual(done.body.user.id, user.id)
      assert.strictEqual((yield* poll).body.error, "invalid_grant")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("denied and expired device codes", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const a = yield* api("POST", "/user_management/authorize/device", { auth: false, body: { client_id: clientId } })
      emulator.denyDevice(a.body.user_code)
      const denied = yield* authenticate({
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: a.body.device_code
      }, false)
      assert.strictEqual(denied.body.error, "access_denied")
      const b = yield* api("POST", "/user_management/authorize/device", { auth: false, body: { client_id: clientId } })
      yield* TestClock.adjust("6 minutes")
      const expired = yield* authenticate({
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: b.body.device_code
      }, false)
      assert.strictEqual(expired.body.error, "expired_token")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("signing keys", () => {
  it.effect("keys are the same on every run; rotation adds a key and signs with it", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const before = yield* api("GET", `/sso/jwks/${clientId}`, { auth: false })
      assert.deepStrictEqual(before.body.keys.map((k: { kid: string }) => k.kid), ["sso_oidc_key_pair_emulator_1"])
      const kid = emulator.rotateSigningKey()
      const after = yield* api("GET", `/sso/jwks/${clientId}`, { auth: false })
      assert.strictEqual(after.body.keys.length, 2)
      const res = yield* password("simple@example.com")
      const { protectedHeader } = yield* verify(res.body.access_token)
      assert.strictEqual(protectedHeader.kid, kid)
      assert.strictEqual((yield* api("GET", "/sso/jwks/client_unknown", { auth: false })).status, 404)
    }).pipe(Effect.provide(TestWorkOS)))
})
