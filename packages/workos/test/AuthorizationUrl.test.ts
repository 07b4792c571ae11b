import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Emulator } from "effect-workos-emulator"
import { Authentication, AuthorizationUrl, WorkOSConfig } from "../src/index.js"

const config = WorkOSConfig.layer({ clientId: "client_123", baseUrl: "https://auth.example.com" })

describe("AuthorizationUrl.make", () => {
  it.effect("builds the URL with every option, scopes comma-joined", () =>
    Effect.gen(function*() {
      const url = new URL(
        yield* AuthorizationUrl.make({
          provider: "authkit",
          redirectUri: "https://app.example.com/callback",
          state: "s1",
          screenHint: "sign-up",
          loginHint: "ann@example.com",
          domainHint: "example.com",
          prompt: "login",
          maxAge: 3600,
          providerScopes: ["repo", "read:org"],
          providerQueryParams: { hd: "example.com" },
          invitationToken: "inv_1",
          codeChallenge: "abc"
        })
      )
      assert.strictEqual(url.origin + url.pathname, "https://auth.example.com/user_management/authorize")
      const q = Object.fromEntries(url.searchParams)
      assert.deepStrictEqual(q, {
        client_id: "client_123",
        redirect_uri: "https://app.example.com/callback",
        response_type: "code",
        provider: "authkit",
        state: "s1",
        screen_hint: "sign-up",
        login_hint: "ann@example.com",
        domain_hint: "example.com",
        prompt: "login",
        max_age: "3600",
        invitation_token: "inv_1",
        provider_scopes: "repo,read:org",
        "provider_query_params[hd]": "example.com",
        code_challenge: "abc",
        code_challenge_method: "S256"
      })
    }).pipe(Effect.provide(config)))

  it.effect("each refusal names its field, says why, and is about GET /user_management/authorize", () =>
    Effect.gen(function*() {
      const base = { redirectUri: "https://a.example.com" }
      const cases = [
        [{ ...base }, "provider", "Give exactly one of provider, connectionId and organizationId"],
        [
          { ...base, connectionId: "c", screenHint: "sign-up" as const },
          "screenHint",
          `screenHint only applies to provider "authkit"`
        ],
        [{ ...base, provider: "authkit" as const, maxAge: -1 }, "maxAge", "maxAge must be a non-negative integer"],
        [{ ...base, provider: "authkit" as const, maxAge: 1.5 }, "maxAge", "maxAge must be a non-negative integer"]
      ] as const
      for (const [options, field, message] of cases) {
        const error = yield* Effect.flip(AuthorizationUrl.make(options))
        assert.deepStrictEqual([error.field, error.message], [field, message])
        assert.deepStrictEqual([error.method, error.path], ["GET", "/user_management/authorize"])
      }
      const logout = yield* Effect.flip(AuthorizationUrl.logoutUrl({ sessionId: "" }))
      assert.deepStrictEqual([logout.field, logout.message], ["sessionId", "sessionId must not be empty"])
      assert.strictEqual(logout.path, "/user_management/sessions/logout")
    }).pipe(Effect.provide(config)))

  it.effect("a connection or an organization is named by its own parameter", () =>
    Effect.gen(function*() {
      const byConnection = new URL(
        yield* AuthorizationUrl.make({ redirectUri: "https://a.example.com", connectionId: "conn_1" })
      )
      assert.strictEqual(byConnection.searchParams.get("connection_id"), "conn_1")
      const byOrganization = new URL(
        yield* AuthorizationUrl.make({ redirectUri: "https://a.example.com", organizationId: "org_1" })
      )
      assert.strictEqual(byOrganization.searchParams.get("organization_id"), "org_1")
    }).pipe(Effect.provide(config)))

  it.effect("an option left out is not in the URL; a max_age of 0 is", () =>
    Effect.gen(function*() {
      const bare = new URL(yield* AuthorizationUrl.make({ provider: "authkit", redirectUri: "https://a.example.com" }))
      assert.deepStrictEqual([...bare.searchParams.keys()].sort(), [
        "client_id",
        "provider",
        "redirect_uri",
        "response_type"
      ])
      const zero = new URL(
        yield* AuthorizationUrl.make({ provider: "authkit", redirectUri: "https://a.example.com", maxAge: 0 })
      )
      assert.strictEqual(zero.searchParams.get("max_age"), "0")
      const noScopes = new URL(
        yield* AuthorizationUrl.make({ provider: "authkit", redirectUri: "https://a.example.com", providerScopes: [] })
      )
      assert.isFalse(noScopes.searchParams.has("provider_scopes"))
    }).pipe(Effect.provide(config)))

  it.effect("exactly one of provider, connectionId, organizationId; a relative redirect URI is rejected", () =>
    Effect.gen(function*() {
      const none = yield* Effect.flip(AuthorizationUrl.make({ redirectUri: "https://a.example.com" }))
      assert.strictEqual(none.field, "provider")
      const two = yield* Effect.flip(
        AuthorizationUrl.make({ redirectUri: "https://a.example.com", provider: "authkit", organizationId: "org_1" })
      )
      assert.strictEqual(two._tag, "WorkOSInvalidRequest")
      const relative = yield* Effect.flip(AuthorizationUrl.make({ redirectUri: "/callback", connectionId: "conn_1" }))
      assert.strictEqual(relative.field, "redirectUri")
      assert.strictEqual(relative.message, "redirectUri must be an absolute URL")
      const hint = yield* Effect.flip(
        AuthorizationUrl.make({ redirectUri: "https://a.example.com", connectionId: "conn_1", screenHint: "sign-in" })
      )
      assert.strictEqual(hint.field, "screenHint")
    }).pipe(Effect.provide(config)))

  it.effect("logout and JWKS URLs", () =>
    Effect.gen(function*() {
      assert.strictEqual(
        yield* AuthorizationUrl.logoutUrl({ sessionId: "session_1", returnTo: "https://app.example.com/" }),
        "https://auth.example.com/user_management/sessions/logout?session_id=session_1&return_to=https%3A%2F%2Fapp.example.com%2F"
      )
      assert.strictEqual(yield* AuthorizationUrl.jwksUrl(), "https://auth.example.com/sso/jwks/client_123")
      assert.strictEqual(
        yield* AuthorizationUrl.jwksUrl("client a/b"),
        "https://auth.example.com/sso/jwks/client%20a%2Fb"
      )
    }).pipe(Effect.provide(config)))
})

describe("PKCE", () => {
  it.effect("verifiers are 43–128 unreserved characters and the challenge is their S256", () =>
    Effect.gen(function*() {
      for (const length of [10, 43, 64, 128, 500]) {
        const pair = yield* AuthorizationUrl.pkce(length)
        const verifier = Redacted.value(pair.codeVerifier)
        assert.strictEqual(verifier.length, Math.min(128, Math.max(43, length)))
        assert.match(verifier, /^[A-Za-z0-9\-._~]+$/)
        assert.strictEqual(pair.codeChallenge, yield* AuthorizationUrl.challengeOf(verifier))
        assert.strictEqual(pair.codeChallengeMethod, "S256")
      }
      // RFC 7636 appendix B.
      assert.strictEqual(
        yield* AuthorizationUrl.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
      )
      const a = yield* AuthorizationUrl.pkce()
      const b = yield* AuthorizationUrl.pkce()
      assert.notStrictEqual(Redacted.value(a.codeVerifier), Redacted.value(b.codeVerifier))
    }))

  it.effect("a public client signs in end to end: PKCE URL → authorize → code → withCode", () =>
    Effect.gen(function*() {
      const emulator = Emulator.makeAt({ users: [{ email: "pkce@example.com", password: "correct horse battery" }] }, 0)
      const publicClient = Layer.merge(
        WorkOSConfig.layer({ clientId: emulator.clientId, baseUrl: emulator.baseUrl, retry: "none" }),
        Emulator.layerFrom(emulator)
      )
      yield* Effect.gen(function*() {
        const { codeVerifier, state, url } = yield* AuthorizationUrl.makeWithPkce({
          provider: "authkit",
          redirectUri: "https://app.example.com/callback",
          loginHint: "pkce@example.com"
        })
        const client = yield* HttpClient.HttpClient
        const redirect = yield* client.get(url).pipe(Effect.orDie)
        assert.strictEqual(redirect.status, 302)
        const callback = new URL(redirect.headers.location!)
        assert.strictEqual(callback.searchParams.get("state"), state)
        const code = callback.searchParams.get("code")!
        const wrong = yield* Effect.flip(Authentication.withCode({ code, codeVerifier: "x".repeat(43) }))
        assert.strictEqual(wrong._tag, "InvalidGrant")
        const signedIn = yield* Authentication.withCode({ code, codeVerifier })
        assert.strictEqual(signedIn.user.email, "pkce@example.com")
        assert.isUndefined(JSON.parse(emulator.requests.at(-1)!.body).client_secret, "a public client sends no secret")
      }).pipe(Effect.provide(publicClient))
    }))
})
