/**
 * Every grant and every step error, through the SDK, against the emulator.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Layer, Redacted, TestClock } from "effect"
import { Emulator } from "effect-workos-emulator"
import * as OTPAuth from "otpauth"
import { Authentication, AuthFactors, MagicAuth, WorkOSConfig, type WorkOSError } from "../src/index.js"
import { emulated } from "./utils/emulated.js"
import { recordingTracer } from "./utils/tracer.js"
import { userWire } from "./utils/wire.js"

const password = "correct horse battery"
const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
const totp = (now: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret), digits: 6, period: 30 }).generate({
    timestamp: now
  })

const TestWorkOS = emulated({
  organizations: [
    { id: "org_acme", name: "Acme" },
    { id: "org_globex", name: "Globex" },
    { id: "org_sso", name: "SSO Corp", ssoConnectionIds: ["conn_1"] },
    { id: "org_mfa", name: "MFA Corp", requireMfa: true },
    { id: "org_magic", name: "Magic Only", allowedAuthMethods: ["magic_auth"] }
  ],
  users: [
    { email: "simple@example.com", password, memberships: [{ organization: "org_acme", role: "admin" }] },
    {
      email: "chain@example.com",
      password,
      emailVerified: false,
      totpSecret,
      memberships: [{ organization: "org_acme" }, { organization: "org_globex" }]
    },
    { email: "sso@example.com", password, memberships: [{ organization: "org_sso" }] },
    { email: "mfa@example.com", password, memberships: [{ organization: "org_mfa" }] },
    { email: "magic@example.com", password, memberships: [{ organization: "org_magic" }] },
    { email: "radar@example.com", password, radar: "email" },
    { email: "radarsms@example.com", password, radar: "sms" }
  ]
})

const emulator = Emulator.Emulator

describe("password and the step chain", () => {
  it.effect("signs in and returns Redacted tokens", () =>
    Effect.gen(function*() {
      const res = yield* Authentication.withPassword({ email: "simple@example.com", password })
      assert.strictEqual(res.user.email, "simple@example.com")
      assert.strictEqual(res.organizationId, "org_acme")
      assert.strictEqual(res.authenticationMethod, "Password")
      assert.isTrue(Redacted.isRedacted(res.accessToken))
      assert.notInclude(JSON.stringify(res), Redacted.value(res.refreshToken))
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a wrong password is InvalidCredentials", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Authentication.withPassword({ email: "simple@example.com", password: "nope nope" })
      )
      assert.strictEqual(error._tag, "InvalidCredentials")
      assert.strictEqual(error.status, 400)
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("password → email verification → MFA challenge → organization selection, composed with catchTag", () =>
    Effect.gen(function*() {
      const emu = yield* emulator
      const signIn = Authentication.withPassword({ email: "chain@example.com", password }).pipe(
        Effect.catchTag("EmailVerificationRequired", (e) => {
          assert.strictEqual(e.email, "chain@example.com")
          assert.isString(e.emailVerificationId)
          const code = emu.lastMessage({ to: e.email, kind: "email_verification" })!.code!
          return Authentication.withEmailVerification({
            code,
            pendingAuthenticationToken: e.pendingAuthenticationToken
          })
        }),
        Effect.catchTag("MfaChallengeRequired", (e) =>
          Effect.gen(function*() {
            assert.strictEqual(e.authenticationFactors.length, 1)
            const challenge = yield* AuthFactors.challenge(e.authenticationFactors[0]!.id)
            const now = yield* TestClock.currentTimeMillis
            return yield* Authentication.withTotp({
              code: totp(now),
              pendingAuthenticationToken: e.pendingAuthenticationToken,
              authenticationChallengeId: challenge.id
            })
          })),
        Effect.catchTag("OrganizationSelectionRequired", (e) => {
          assert.deepStrictEqual(e.organizations.map((o) => o.name), ["Acme", "Globex"])
          assert.strictEqual(e.user?.email, "chain@example.com")
          return Authentication.withOrganizationSelection({
            pendingAuthenticationToken: e.pendingAuthenticationToken,
            organizationId: "org_globex"
          })
        })
      )
      const res = yield* signIn
      assert.strictEqual(res.organizationId, "org_globex")
      assert.isTrue(res.user.emailVerified)
      // The challenge is sent with the body the spec requires, empty here.
      const challenged = emu.requests.filter((r) => /^\/auth\/factors\/[^/]+\/challenge$/.test(r.path))
      assert.deepStrictEqual(challenged.map((r) => [r.method, r.body]), [["POST", "{}"]])
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("SsoRequired and OrganizationAuthenticationMethodsRequired carry their payloads (sent as 400s)", () =>
    Effect.gen(function*() {
      const sso = yield* Effect.flip(Authentication.withPassword({ email: "sso@example.com", password }))
      assert.strictEqual(sso._tag, "SsoRequired")
      if (sso._tag === "SsoRequired") {
        assert.deepStrictEqual(sso.connectionIds, ["conn_1"])
        assert.strictEqual(sso.status, 400)
        assert.isNotNull(sso.pendingAuthenticationToken)
      }
      const methods = yield* Effect.flip(Authentication.withPassword({ email: "magic@example.com", password }))
      assert.strictEqual(methods._tag, "OrganizationAuthenticationMethodsRequired")
      if (methods._tag === "OrganizationAuthenticationMethodsRequired") {
        assert.isTrue(methods.authMethods.magic_auth)
        assert.isFalse(methods.authMethods.password)
      }
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("MfaEnrollmentRequired → enrol TOTP → withTotp", () =>
    Effect.gen(function*() {
      const step = yield* Effect.flip(Authentication.withPassword({ email: "mfa@example.com", password }))
      assert.strictEqual(step._tag, "MfaEnrollmentRequired")
      if (step._tag !== "MfaEnrollmentRequired") return
      const enrolled = yield* AuthFactors.enrollTotp(step.user!.id, { secret: Redacted.make(totpSecret) })
      assert.strictEqual(Redacted.value(enrolled.authenticationFactor.totp!.secret!), totpSecret)
      const now = yield* TestClock.currentTimeMillis
      const res = yield* Authentication.withTotp({
        code: totp(now),
        pendingAuthenticationToken: step.pendingAuthenticationToken,
        authenticationChallengeId: enrolled.authenticationChallenge.id
      })
      assert.strictEqual(res.organizationId, "org_mfa")
      const wrong = yield* Effect.flip(Authentication.withTotp({
        code: "000000",
        pendingAuthenticationToken: step.pendingAuthenticationToken,
        authenticationChallengeId: enrolled.authenticationChallenge.id
      }))
      assert.strictEqual(wrong._tag, "PendingAuthenticationTokenInvalid", "the pending token was spent")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("Radar email and SMS challenges", () =>
    Effect.gen(function*() {
      const emu = yield* emulator
      const email = yield* Effect.flip(Authentication.withPassword({ email: "radar@example.com", password }))
      assert.strictEqual(email._tag, "RadarChallengeRequired")
      if (email._tag !== "RadarChallengeRequired") return
      assert.strictEqual(email.kind, "email")
      const done = yield* Authentication.withRadarEmailChallenge({
        code: emu.lastMessage({ kind: "radar", to: "radar@example.com" })!.code!,
        radarChallengeId: email.radarChallengeId!,
        pendingAuthenticationToken: email.pendingAuthenticationToken
      })
      assert.strictEqual(done.user.email, "radar@example.com")

      const sms = yield* Effect.flip(Authentication.withPassword({ email: "radarsms@example.com", password }))
      assert.strictEqual(sms._tag === "RadarChallengeRequired" && sms.kind, "sms_sign_in")
      if (sms._tag !== "RadarChallengeRequired") return
      // Send the SMS challenge (POST /user_management/radar_challenges), then read the texted code.
      const client = yield* HttpClient.HttpClient
      const request = HttpClientRequest.post(`${emu.baseUrl}/user_management/radar_challenges`).pipe(
        HttpClientRequest.bearerToken(emu.apiKey),
        HttpClientRequest.bodyUnsafeJson({
          user_id: sms.user!.id,
          pending_authentication_token: Redacted.value(sms.pendingAuthenticationToken),
          phone_number: "+15555550100"
        })
      )
      const sent = yield* Effect.flatMap(client.execute(request), (r) => r.json).pipe(Effect.orDie)
      const verificationId = (sent as { verification_id: string }).verification_id
      const smsDone = yield* Authentication.withRadarSmsChallenge({
        code: emu.lastMessage({ kind: "radar", to: "+15555550100" })!.code!,
        pendingAuthenticationToken: sms.pendingAuthenticationToken,
        verificationId,
        phoneNumber: "+15555550100"
      })
      assert.strictEqual(smsDone.user.email, "radarsms@example.com")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("one-time codes and refresh tokens", () => {
  it.effect("magic auth: sign in once; the code is then OneTimeCodeInvalid(used)", () =>
    Effect.gen(function*() {
      const sent = yield* MagicAuth.create({ email: "simple@example.com" })
      const res = yield* Authentication.withMagicAuth({ email: "simple@example.com", code: sent.code })
      assert.strictEqual(res.authenticationMethod, "MagicAuth")
      const again = yield* Effect.flip(Authentication.withMagicAuth({ email: "simple@example.com", code: sent.code }))
      assert.strictEqual(again._tag, "OneTimeCodeInvalid")
      assert.strictEqual(again._tag === "OneTimeCodeInvalid" && again.reason, "used")
      const late = yield* MagicAuth.create({ email: "simple@example.com" })
      yield* TestClock.adjust("10 minutes")
      const expired = yield* Effect.flip(Authentication.withMagicAuth({ email: "simple@example.com", code: late.code }))
      assert.strictEqual(expired._tag === "OneTimeCodeInvalid" && expired.reason, "expired")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("refresh rotates the token; reusing the old one is InvalidGrant; organizationId switches", () =>
    Effect.gen(function*() {
      const emu = yield* emulator
      emu.createUser({
        email: "two@example.com",
        password,
        memberships: [{ organization: "org_acme" }, { organization: "org_globex" }]
      }, 0)
      const first = yield* Authentication.withPassword({ email: "two@example.com", password }).pipe(
        Effect.catchTag(
          "OrganizationSelectionRequired",
          (e) =>
            Authentication.withOrganizationSelection({
              pendingAuthenticationToken: e.pendingAuthenticationToken,
              organizationId: "org_acme"
            })
        )
      )
      const second = yield* Authentication.withRefreshToken({ refreshToken: first.refreshToken })
      assert.notStrictEqual(Redacted.value(second.refreshToken), Redacted.value(first.refreshToken))
      const reused = yield* Effect.flip(Authentication.withRefreshToken({ refreshToken: first.refreshToken }))
      assert.strictEqual(reused._tag, "InvalidGrant")
      const switched = yield* Authentication.withRefreshToken({
        refreshToken: second.refreshToken,
        organizationId: "org_globex"
      })
      assert.strictEqual(switched.organizationId, "org_globex")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("client credentials", () => {
  it.effect("a client id is required; confidential grants need the API key; nothing is sent otherwise", () =>
    Effect.gen(function*() {
      const emu = Emulator.makeAt({}, 0)
      const publicClient = Layer.merge(
        WorkOSConfig.layer({ clientId: emu.clientId, baseUrl: emu.baseUrl, retry: "none" }),
        Emulator.layerFrom(emu)
      )
      const noKey = yield* Effect.flip(
        Authentication.withPassword({ email: "a@b.co", password }).pipe(Effect.provide(publicClient))
      )
      assert.strictEqual(noKey._tag, "WorkOSInvalidRequest")
      const noVerifier = yield* Effect.flip(Authentication.withCode({ code: "c" }).pipe(Effect.provide(publicClient)))
      assert.deepStrictEqual(
        noVerifier._tag === "WorkOSInvalidRequest" && [noVerifier.field, noVerifier.message],
        ["codeVerifier", "A public client (no API key) must send the PKCE codeVerifier"]
      )
      const emptyVerifier = yield* Effect.flip(
        Authentication.withCode({ code: "c", codeVerifier: "" }).pipe(Effect.provide(publicClient))
      )
      assert.deepStrictEqual(
        emptyVerifier._tag === "WorkOSInvalidRequest" && [emptyVerifier.field, emptyVerifier.message],
        ["codeVerifier", "codeVerifier must not be empty"]
      )
      const noClient = Layer.merge(
        WorkOSConfig.layer({ apiKey: emu.apiKey, baseUrl: emu.baseUrl }),
        Emulator.layerFrom(emu)
      )
      const missing = yield* Effect.flip(
        Authentication.withPassword({ email: "a@b.co", password }).pipe(Effect.provide(noClient))
      )
      assert.strictEqual(missing._tag === "WorkOSInvalidRequest" && missing.field, "clientId")
      assert.strictEqual(missing.message, "A client id is required: set WORKOS_CLIENT_ID or pass clientId")
      // An empty override is no client id either, even with one configured.
      const empty = yield* Effect.flip(
        Authentication.withPassword({ email: "a@b.co", password, clientId: "" }).pipe(
          Effect.provide(Layer.merge(
            WorkOSConfig.layer({ apiKey: emu.apiKey, clientId: emu.clientId, baseUrl: emu.baseUrl }),
            Emulator.layerFrom(emu)
          ))
        )
      )
      assert.strictEqual(empty._tag === "WorkOSInvalidRequest" && empty.field, "clientId")
      assert.strictEqual(emu.requests.length, 0)
    }))

  it.effect("a grant sends the client's IP address, user agent and device id when given, and only then", () =>
    Effect.gen(function*() {
      const emu = yield* emulator
      const password = Redacted.make("wrong wrong")
      yield* Effect.flip(Authentication.withPassword({
        email: "simple@example.com",
        password,
        ipAddress: "203.0.113.9",
        userAgent: "Browser/1.0",
        deviceId: "device_1"
      }))
      assert.deepInclude(JSON.parse(emu.requests.at(-1)!.body), {
        ip_address: "203.0.113.9",
        user_agent: "Browser/1.0",
        device_id: "device_1"
      })
      yield* Effect.flip(Authentication.withPassword({ email: "simple@example.com", password }))
      const bare = JSON.parse(emu.requests.at(-1)!.body)
      assert.notProperty(bare, "ip_address")
      assert.notProperty(bare, "device_id")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("the client secret is the API key, sent in the body, never in an error", () =>
    Effect.gen(function*() {
      const emu = yield* emulator
      yield* Effect.flip(
        Authentication.withPassword({ email: "simple@example.com", password: Redacted.make("wrong wrong") })
      )
      const body = JSON.parse(emu.requests.at(-1)!.body)
      assert.strictEqual(body.client_secret, emu.apiKey)
      assert.strictEqual(body.client_id, emu.clientId)
      assert.strictEqual(body.grant_type, "password")
      const error = yield* Effect.flip(
        Authentication.withPassword({ email: "simple@example.com", password: "wrong wrong" })
      )
      assert.notInclude(JSON.stringify(error) + String(error), emu.apiKey)
      assert.notInclude(JSON.stringify(error) + String(error), "wrong wrong")
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("every grant (mutation survivors)", () => {
  const pending = "pat_1"
  const signIn = Authentication.withPassword({ email: "a@b.co", password })
  /** The next authenticate call is answered with this body. */
  const answerNext = (body: Record<string, unknown>, status = 403) =>
    Effect.map(emulator, (emu) => emu.failNext({ path: "/user_management/authenticate", status, body }))
  const grants: ReadonlyArray<
    readonly [name: string, secret: "required" | "optional" | "never", call: () => Effect.Effect<unknown, unknown, any>]
  > = [
    ["withPassword", "required", () => Authentication.withPassword({ email: "a@b.co", password })],
    ["withCode", "optional", () => Authentication.withCode({ code: "c", codeVerifier: "v".repeat(43) })],
    ["withRefreshToken", "optional", () => Authentication.withRefreshToken({ refreshToken: "r" })],
    ["withMagicAuth", "required", () => Authentication.withMagicAuth({ email: "a@b.co", code: "123456" })],
    [
      "withEmailVerification",
      "required",
      () => Authentication.withEmailVerification({ code: "123456", pendingAuthenticationToken: pending })
    ],
    [
      "withTotp",
      "required",
      () =>
        Authentication.withTotp({ code: "123456", pendingAuthenticationToken: pending, authenticationChallengeId: "c" })
    ],
    [
      "withOrganizationSelection",
      "required",
      () => Authentication.withOrganizationSelection({ pendingAuthenticationToken: pending, organizationId: "org_1" })
    ],
    [
      "withRadarEmailChallenge",
      "required",
      () =>
        Authentication.withRadarEmailChallenge({
          code: "123456",
          radarChallengeId: "rc_1",
          pendingAuthenticationToken: pending
        })
    ],
    [
      "withRadarSmsChallenge",
      "required",
      () => Authentication.withRadarSmsChallenge({ code: "123456", pendingAuthenticationToken: pending })
    ],
    ["withDeviceCode", "never", () => Authentication.withDeviceCode({ deviceCode: "d" })]
  ]

  it.effect("a confidential grant without an API key fails before sending; the others send no client secret", () =>
    Effect.gen(function*() {
      for (const [name, secret, call] of grants) {
        const emu = Emulator.makeAt({}, 0)
        const publicClient = Layer.merge(
          WorkOSConfig.layer({ clientId: emu.clientId, baseUrl: emu.baseUrl, retry: "none" }),
          Emulator.layerFrom(emu)
        )
        const error = yield* Effect.flip(call().pipe(Effect.provide(publicClient)))
        if (secret === "required") {
          assert.strictEqual(error && (error as { field?: unknown }).field, "apiKey", name)
          assert.strictEqual(emu.requests.length, 0, name)
        } else {
          assert.strictEqual(emu.requests.length, 1, name)
          assert.isUndefined(JSON.parse(emu.requests[0]!.body).client_secret, name)
        }
      }
    }))

  it.effect("with an API key configured, every grant but the device code sends it as the client secret", () =>
    Effect.gen(function*() {
      const emu = yield* emulator
      for (const [name, secret, call] of grants) {
        const before = emu.requests.length
        yield* Effect.exit(call())
        assert.strictEqual(emu.requests.length, before + 1, name)
        const body = JSON.parse(emu.requests.at(-1)!.body)
        // The device flow runs on devices that cannot keep a secret: WorkOS takes none there.
        assert.strictEqual(body.client_secret, secret === "never" ? undefined : emu.apiKey, name)
      }
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("an unknown code with a pending token is not taken for a Radar step or a one-time code", () =>
    Effect.gen(function*() {
      const calls: ReadonlyArray<Effect.Effect<unknown, { readonly _tag: string; readonly code?: unknown }, any>> = [
        signIn,
        Authentication.withMagicAuth({ email: "a@b.co", code: "123456" })
      ]
      for (const call of calls) {
        yield* answerNext({ code: "brand_new_step", message: "New", pending_authentication_token: pending })
        const error = yield* Effect.flip(call)
        assert.deepStrictEqual([error._tag, error.code], ["WorkOSForbidden", "brand_new_step"])
      }
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("each grant's span is named after it", () =>
    Effect.gen(function*() {
      for (const [name, , call] of grants) {
        const tracing = recordingTracer()
        yield* Effect.exit(call().pipe(Effect.provide(tracing.layer)))
        assert.include(tracing.spans.map((span) => span.name), `WorkOS.Authentication.${name}`)
      }
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("organization_authentication_methods_required without its details has empty ones", () =>
    Effect.gen(function*() {
      yield* answerNext({
        code: "organization_authentication_methods_required",
        message: "Methods",
        pending_authentication_token: pending
      })
      const error = yield* Effect.flip(signIn)
      assert.strictEqual(error._tag, "OrganizationAuthenticationMethodsRequired")
      if (error._tag !== "OrganizationAuthenticationMethodsRequired") return
      assert.strictEqual(error.email, "")
      assert.deepStrictEqual(error.ssoConnectionIds, [])
      assert.deepStrictEqual(error.authMethods, {})
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("organization selection and SSO steps without their lists have empty ones", () =>
    Effect.gen(function*() {
      const step = (code: string) =>
        Effect.zipRight(
          answerNext({ code, message: "Step", pending_authentication_token: pending, user: userWire }),
          Effect.flip(signIn)
        )
      const selection = yield* step("organization_selection_required")
      assert.deepStrictEqual(
        selection._tag === "OrganizationSelectionRequired" && selection.organizations,
        []
      )
      const sso = yield* step("sso_required")
      assert.deepStrictEqual(sso._tag === "SsoRequired" && sso.connectionIds, [])
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a device code the server calls expired_token is DeviceCodeExpired", () =>
    Effect.gen(function*() {
      yield* answerNext({ error: "expired_token", error_description: "Expired" }, 400)
      const error = yield* Effect.flip(Authentication.withDeviceCode({ deviceCode: "d" }))
      assert.strictEqual(error._tag, "DeviceCodeExpired")
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a step without a pending authentication token cannot be continued, so it stays the generic error", () =>
    Effect.gen(function*() {
      for (
        const code of [
          "email_verification_required",
          "mfa_enrollment",
          "mfa_challenge",
          "organization_selection_required",
          "radar_challenge"
        ]
      ) {
        yield* answerNext({ code, message: "Step", email: "a@b.co", user: userWire })
        const error = yield* Effect.flip(signIn)
        assert.deepStrictEqual([error._tag, error.code], ["WorkOSForbidden", code], code)
      }
      // With the token, every Radar code is the one step, of its kind.
      for (
        const [code, kind] of [
          ["radar_challenge", "email"],
          ["radar_email_challenge", "email"],
          ["radar_sms_sign_in_challenge", "sms_sign_in"],
          ["radar_sms_challenge", "sms_sign_in"],
          ["radar_sign_up_challenge", "sms_sign_up"]
        ] as const
      ) {
        yield* answerNext({ code, message: "Radar", pending_authentication_token: pending, user: userWire })
        const error = yield* Effect.flip(signIn)
        assert.deepStrictEqual(
          error._tag === "RadarChallengeRequired" &&
            [error.kind, Redacted.value(error.pendingAuthenticationToken), error.radarChallengeId],
          [kind, pending, null],
          code
        )
      }
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("a step's message is the body's message, else its error_description, else its code", () =>
    Effect.gen(function*() {
      yield* answerNext({ code: "invalid_credentials", message: "Wrong password" }, 400)
      assert.strictEqual((yield* Effect.flip(signIn)).message, "Wrong password")
      yield* answerNext({ error: "invalid_credentials", error_description: "Described" }, 400)
      assert.strictEqual((yield* Effect.flip(signIn)).message, "Described")
      yield* answerNext({ code: "invalid_credentials" }, 400)
      const bare = yield* Effect.flip(signIn)
      assert.deepStrictEqual([bare._tag, bare.message], ["InvalidCredentials", "invalid_credentials"])
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("the upstream provider's tokens, when WorkOS returns them, are read from oauth_tokens", () =>
    Effect.gen(function*() {
      yield* answerNext({
        user: userWire,
        access_token: "at",
        refresh_token: "rt",
        authentication_method: "GoogleOAuth",
        oauth_tokens: {
          provider: "GoogleOAuth",
          access_token: "google_at",
          refresh_token: "google_rt",
          expires_at: 1_800_000_000,
          scopes: ["email"]
        }
      }, 200)
      const response = yield* Authentication.withCode({ code: "c" })
      const tokens = response.oauthTokens
      assert.deepStrictEqual(
        tokens &&
          [tokens.provider, Redacted.value(tokens.accessToken), Redacted.value(tokens.refreshToken), tokens.expiresAt],
        ["GoogleOAuth", "google_at", "google_rt", 1_800_000_000]
      )
      assert.deepStrictEqual(tokens?.scopes, ["email"])
    }).pipe(Effect.provide(TestWorkOS)))

  it.effect("an mfa_challenge that lists no factors has an empty list of them", () =>
    Effect.gen(function*() {
      yield* answerNext({
        code: "mfa_challenge",
        message: "Challenge",
        pending_authentication_token: pending,
        user: userWire
      })
      const error = yield* Effect.flip(signIn)
      assert.strictEqual(error._tag, "MfaChallengeRequired")
      assert.deepStrictEqual(error._tag === "MfaChallengeRequired" && error.authenticationFactors, [])
    }).pipe(Effect.provide(TestWorkOS)))
})

describe("types", () => {
  // Type-level checks: `pnpm check` compiles this file, so the `@ts-expect-error` lines and
  // the `never` error channel fail the build if a grant's error union loosens or narrows.
  it.effect("each grant's error union is exactly what it can return, so catchTags is exhaustive", () => {
    const exhaustive = (email: string) =>
      Authentication.withPassword({ email, password }).pipe(
        Effect.catchTags({
          EmailVerificationRequired: () => Effect.succeed("verify"),
          MfaEnrollmentRequired: () => Effect.succeed("enrol"),
          MfaChallengeRequired: () => Effect.succeed("challenge"),
          OrganizationSelectionRequired: () => Effect.succeed("pick"),
          SsoRequired: () => Effect.succeed("sso"),
          OrganizationAuthenticationMethodsRequired: () => Effect.succeed("methods"),
          RadarChallengeRequired: () => Effect.succeed("radar"),
          AuthenticationMethodNotAllowed: () => Effect.succeed("not allowed"),
          InvalidCredentials: () => Effect.succeed("wrong"),
          WorkOSBadRequest: () => Effect.succeed("x"),
          WorkOSUnauthorized: () => Effect.succeed("x"),
          WorkOSForbidden: () => Effect.succeed("x"),
          WorkOSNotFound: () => Effect.succeed("x"),
          WorkOSConflict: () => Effect.succeed("x"),
          WorkOSUnprocessable: () => Effect.succeed("x"),
          WorkOSRateLimited: () => Effect.succeed("x"),
          WorkOSServerError: () => Effect.succeed("x"),
          WorkOSOAuthError: () => Effect.succeed("x"),
          WorkOSUnexpectedStatus: () => Effect.succeed("x"),
          WorkOSTimeout: () => Effect.succeed("x"),
          WorkOSTransportError: () => Effect.succeed("x"),
          WorkOSDecodeError: () => Effect.succeed("x"),
          WorkOSInvalidRequest: () => Effect.succeed("x")
        })
      )
    const _never: Effect.Effect<unknown, never, Authentication.Requirements> = exhaustive("a@b.co")
    const _typo = Authentication.withPassword({ email: "a", password }).pipe(
      // @ts-expect-error: a misspelt tag is a compile error
      Effect.catchTags({ EmailVerificationRequried: () => Effect.succeed(1) })
    )
    const _wrongGrant = Authentication.withRefreshToken({ refreshToken: "r" }).pipe(
      // @ts-expect-error: a refresh cannot need email verification, so the tag is rejected
      Effect.catchTags({ EmailVerificationRequired: () => Effect.succeed(1) })
    )
    type StepTags = Authentication.TotpError["_tag"]
    const _steps: Array<StepTags> = [
      "OrganizationSelectionRequired",
      "OneTimeCodeInvalid",
      "PendingAuthenticationTokenInvalid"
    ]
    // @ts-expect-error: withTotp cannot fail with InvalidCredentials
    const _notTotp: StepTags = "InvalidCredentials"
    const _error: WorkOSError.WorkOSError["_tag"] = "EmailVerificationRequired"
    void [_typo, _wrongGrant, _steps, _error]
    // At run time the exhaustive handler dispatches each step to its own branch.
    return Effect.gen(function*() {
      assert.strictEqual(yield* _never.pipe(Effect.provide(TestWorkOS)), "wrong")
      assert.strictEqual(yield* exhaustive("sso@example.com").pipe(Effect.provide(TestWorkOS)), "sso")
      assert.strictEqual(yield* exhaustive("chain@example.com").pipe(Effect.provide(TestWorkOS)), "verify")
    })
  })
})

describe("secrets in step errors", () => {
  it.effect("pending tokens, codes and passwords never show in String, JSON or Cause.pretty", () =>
    Effect.gen(function*() {
      const emu = yield* emulator
      const step = yield* Effect.flip(Authentication.withPassword({ email: "chain@example.com", password }))
      assert.strictEqual(step._tag, "EmailVerificationRequired")
      if (step._tag !== "EmailVerificationRequired") return
      const token = Redacted.value(step.pendingAuthenticationToken)
      const code = emu.lastMessage({ kind: "email_verification" })!.code!
      const wrongCode = code === "913372" ? "913373" : "913372"
      const codeError = yield* Effect.flip(
        Authentication.withEmailVerification({
          code: wrongCode,
          pendingAuthenticationToken: step.pendingAuthenticationToken
        })
      )
      for (const error of [step, codeError]) {
        const rendered = [String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))].join("\n")
        for (const secret of [token, password, emu.apiKey, wrongCode]) assert.notInclude(rendered, secret)
      }
    }).pipe(Effect.provide(TestWorkOS)))
})
