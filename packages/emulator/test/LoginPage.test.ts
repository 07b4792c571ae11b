/**
 * The hosted login page over a real socket, form by form, as a browser posts it (the
 * browser test in docs/examples/browser.test.ts goes through the same page in Chromium).
 * Each path ends with the redirect to the app and a code the API exchanges.
 */
import * as OTPAuth from "otpauth"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Emulator } from "../src/index.js"

const apiKey = "sk_test_login_page"
const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
const password = "correct horse battery"
let server: Awaited<ReturnType<typeof Emulator.listen>>

beforeAll(async () => {
  server = await Emulator.listen({
    apiKey,
    organizations: [
      { id: "org_acme", name: "Acme" },
      { id: "org_globex", name: "Globex <b>" },
      { id: "org_secure", name: "Secure", requireMfa: true }
    ],
    users: [
      { email: "ada@example.com", password, memberships: [{ organization: "org_acme" }] },
      { email: "new@example.com", password, emailVerified: false },
      { email: "totp@example.com", password, totpSecret },
      {
        email: "two@example.com",
        password,
        memberships: [{ organization: "org_acme" }, { organization: "org_globex" }]
      },
      { email: "enrol@example.com", password, memberships: [{ organization: "org_secure" }] }
    ]
  })
})
afterAll(() => server.close())

const redirectUri = "http://app.test/callback"

/** Open the login page; answers the page and its request id. */
const open = async (provider = "authkit") => {
  const url = new URL(`${server.url}/user_management/authorize`)
  for (
    const [k, v] of Object.entries({
      client_id: "client_emulator",
      redirect_uri: redirectUri,
      response_type: "code",
      provider,
      state: "st<ate>"
    })
  ) url.searchParams.set(k, v)
  const response = await fetch(url, { redirect: "manual" })
  const page = await response.text()
  return { response, page, request: /name="request" value="([^"]+)"/.exec(page)?.[1] ?? "" }
}

const hiddenValue = (page: string, name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page)?.[1] ?? ""

const post = async (path: string, fields: Record<string, string>) => {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields)
  })
  return { response, page: await response.text() }
}

/** The redirect to the app carries a code and the state; the code signs the user in. */
const exchanged = async (response: Response) => {
  expect(response.status).toBe(302)
  const location = new URL(response.headers.get("location")!)
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri)
  expect(location.searchParams.get("state")).toBe("st<ate>")
  const auth = await fetch(`${server.url}/user_management/authenticate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      grant_type: "authorization_code",
      client_id: "client_emulator",
      client_secret: apiKey,
      code: location.searchParams.get("code")
    })
  })
  expect(auth.status).toBe(200)
  return (await auth.json()) as { user: { email: string }; organization_id?: string; authentication_method: string }
}

const outboxCode = async (to: string) => {
  const response = await fetch(`${server.url}/__emulator/outbox/wait?to=${to}&timeout=2000`, {
    headers: { authorization: `Bearer ${apiKey}` }
  })
  return ((await response.json()) as { code: string }).code
}

describe("the hosted login page", () => {
  it("is served without login_hint, escapes what it echoes, and signs in with a password", async () => {
    const { page, request, response } = await open()
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8")
    expect(page).toContain("Continue with Google")
    const wrong = await post("/authkit/password", { request, email: "ada@example.com", password: "nope" })
    expect(wrong.response.status).toBe(400)
    expect(wrong.page).toContain("Invalid credentials.")
    const xss = await post("/authkit/password", { request, email: "<script>@x.y", password: "nope" })
    expect(xss.page).not.toContain("<script>@")
    const signedIn = await post("/authkit/password", { request, email: "ada@example.com", password })
    const auth = await exchanged(signedIn.response)
    expect(auth).toMatchObject({
      user: { email: "ada@example.com" },
      organization_id: "org_acme",
      authentication_method: "Password"
    })
    // A request is answered once.
    expect((await post("/authkit/password", { request, email: "ada@example.com", password })).response.status).toBe(400)
  })

  it("an unverified email: the code it emailed, then the redirect", async () => {
    const { request } = await open()
    const step = await post("/authkit/password", { request, email: "new@example.com", password })
    expect(step.page).toContain("Verify your email")
    const pending = hiddenValue(step.page, "pending")
    const wrong = await post("/authkit/email-verification", { request, pending, code: "000000" })
    expect(wrong.page).toContain("role=\"alert\"")
    const code = await outboxCode("new@example.com")
    const done = await post("/authkit/email-verification", { request, pending, code })
    expect((await exchanged(done.response)).user.email).toBe("new@example.com")
  })

  it("a TOTP factor: the code from the authenticator app", async () => {
    const { request } = await open()
    const step = await post("/authkit/password", { request, email: "totp@example.com", password })
    expect(step.page).toContain("Two-factor authentication")
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate()
    const done = await post("/authkit/totp", {
      request,
      pending: hiddenValue(step.page, "pending"),
      challenge: hiddenValue(step.page, "challenge"),
      code
    })
    expect((await exchanged(done.response)).user.email).toBe("totp@example.com")
  })

  it("an organization that requires MFA: enrol a factor on the page, then its code", async () => {
    const { request } = await open()
    const step = await post("/authkit/password", { request, email: "enrol@example.com", password })
    expect(step.page).toContain("Set up two-factor authentication")
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(step.page)![1]!
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate()
    const done = await post("/authkit/totp", {
      request,
      pending: hiddenValue(step.page, "pending"),
      challenge: hiddenValue(step.page, "challenge"),
      code
    })
    expect((await exchanged(done.response)).organization_id).toBe("org_secure")
  })

  it("several organizations: the one chosen", async () => {
    const { request } = await open()
    const step = await post("/authkit/password", { request, email: "two@example.com", password })
    expect(step.page).toContain("Choose an organization")
    expect(step.page).toContain("Globex &lt;b&gt;")
    const done = await post("/authkit/organization", {
      request,
      pending: hiddenValue(step.page, "pending"),
      organization_id: "org_globex"
    })
    expect((await exchanged(done.response)).organization_id).toBe("org_globex")
  })

  it("a magic code, and an OAuth provider played by the emulator (a new user signs up)", async () => {
    const magic = await open()
    const sent = await post("/authkit/magic", { request: magic.request, email: "ada@example.com" })
    expect(sent.page).toContain("Check your email")
    const code = await outboxCode("ada@example.com")
    const done = await post("/authkit/magic/verify", { request: magic.request, email: "ada@example.com", code })
    expect((await exchanged(done.response)).authentication_method).toBe("MagicAuth")

    const google = await open("GoogleOAuth")
    expect(google.page).toContain("Continue with Google")
    const signedUp = await post("/authkit/provider", {
      request: google.request,
      provider: "GoogleOAuth",
      email: "fresh@example.com"
    })
    const auth = await exchanged(signedUp.response)
    expect(auth).toMatchObject({ user: { email: "fresh@example.com" }, authentication_method: "GoogleOAuth" })
  })

  it("the provider form signs in with a provider the page offers only", async () => {
    const { request } = await open()
    const refused = await post("/authkit/provider", { request, provider: "Password", email: "ada@example.com" })
    expect(refused.response.status).toBe(400)
    expect(refused.page).toContain("Unknown provider: Password")
  })

  it("an unknown or expired request is refused", async () => {
    const unknown = await post("/authkit/password", { request: "nope", email: "ada@example.com", password })
    expect(unknown.response.status).toBe(400)
  })
})
