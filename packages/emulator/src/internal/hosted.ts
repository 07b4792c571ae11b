/**
 * The hosted login page: what `GET /user_management/authorize` serves without
 * `login_hint`, so a browser can sign in as on AuthKit. Email and password, a magic code,
 * "continue with" an OAuth provider (the emulator plays the provider: it asks for the
 * email to sign in as), and the steps a user meets on the way: email verification, a TOTP
 * code (enrolling a factor first where an organization requires MFA), choosing an
 * organization. It completes the flow with a redirect to the app's `redirect_uri` with
 * `code` and `state`, like the real API.
 *
 * Each form posts to a route under `/authkit/`; the grant behind it is the same code the
 * API's `/user_management/authenticate` runs, so the page and the API cannot disagree.
 *
 * @internal
 */
import type { Authenticator, HostedRequest } from "./authenticate.js"
import * as Body from "./body.js"
import { type EmulatorRequest, type EmulatorResponse, HttpError } from "./core.js"
import type { World } from "./world.js"

const providers: ReadonlyArray<readonly [string, string]> = [
  ["GoogleOAuth", "Google"],
  ["MicrosoftOAuth", "Microsoft"],
  ["GitHubOAuth", "GitHub"],
  ["AppleOAuth", "Apple"]
]

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]!)

const html = (title: string, body: string, status = 200): EmulatorResponse => ({
  status,
  headers: {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action *; frame-ancestors 'none'"
  },
  body: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · WorkOS emulator</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 24rem; margin: 3rem auto; padding: 0 1rem; color: #222 }
form { display: grid; gap: .5rem; margin: 1rem 0 }
input, button { font: inherit; padding: .5rem }
button { cursor: pointer }
.error { color: #b00020 }
.note { color: #666; font-size: .875rem }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
${body}
<p class="note">WorkOS emulator: a test double of AuthKit's hosted sign-in.</p>
</body>
</html>
`
})

const hidden = (fields: Record<string, string>) =>
  Object.entries(fields).map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`)
    .join("\n")

const error = (message: string | undefined) =>
  message === undefined ? "" : `<p class="error" role="alert">${escape(message)}</p>`

/** The sign-in page of a request: AuthKit's choices, or one provider's. @internal */
export const loginPage = (
  request: HostedRequest,
  options: { readonly error?: string | undefined; readonly email?: string | undefined } = {}
): EmulatorResponse => {
  const email = escape(options.email ?? "")
  if (request.provider !== "authkit") return providerPage(request, request.provider, options)
  return html(
    "Sign in",
    `${error(options.error)}
<form method="post" action="/authkit/password">
${hidden({ request: request.id })}
<label>Email <input type="email" name="email" autocomplete="username" required value="${email}"></label>
<label>Password <input type="password" name="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/authkit/magic">
${hidden({ request: request.id })}
<label>Email <input type="email" name="email" required value="${email}"></label>
<button type="submit">Email me a code</button>
</form>
${
      providers.map(([provider, name]) =>
        `<form method="get" action="/authkit/provider">${
          hidden({ request: request.id, provider })
        }<button type="submit">Continue with ${name}</button></form>`
      ).join("\n")
    }`,
    options.error === undefined ? 200 : 400
  )
}

/** The emulator playing an identity provider: it asks which email signs in. */
const providerPage = (
  request: HostedRequest,
  provider: string,
  options: { readonly error?: string | undefined; readonly email?: string | undefined } = {}
) => {
  const name = providers.find(([p]) => p === provider)?.[1] ?? "single sign-on"
  return html(
    `Continue with ${name}`,
    `${error(options.error)}
<p>The emulator plays ${escape(name)}: the account with this email signs in (or signs up).</p>
<form method="post" action="/authkit/provider">
${hidden({ request: request.id, provider })}
<label>Email <input type="email" name="email" required value="${escape(options.email ?? "")}"></label>
<button type="submit">Continue</button>
</form>`,
    options.error === undefined ? 200 : 400
  )
}

const codeForm = (
  action: string,
  fields: Record<string, string>,
  label: string,
  autocomplete: string,
  message?: string
) =>
  `${error(message)}
<form method="post" action="${action}">
${hidden(fields)}
<label>${
    escape(label)
  } <input name="code" inputmode="numeric" autocomplete="${autocomplete}" pattern="[0-9]{6}" required></label>
<button type="submit">Continue</button>
</form>`

const messageOf = (body: Record<string, unknown>): string =>
  String(body.message ?? body.error_description ?? body.error ?? "Sign-in failed")

/**
 * The routes the page's forms post to.
 *
 * @internal
 */
export const registerHosted = (world: World, auth: Authenticator): void => {
  const requestOf = (form: URLSearchParams, now: number): HostedRequest => {
    const request = auth.hostedRequests.get(form.get("request") ?? "")
    if (request === undefined || request.expiresAt <= now) {
      throw new HttpError(400, { message: "This sign-in has expired; start again from the app." })
    }
    return request
  }

  /** Run a grant; a step the user must take next is a page, a failure is the form again. */
  const run = async (
    http: EmulatorRequest,
    request: HostedRequest,
    fields: Record<string, string>,
    now: number,
    retry: (message: string) => EmulatorResponse
  ): Promise<EmulatorResponse> => {
    try {
      return await auth.authenticateHosted(http, fields, request.id, now)
    } catch (thrown) {
      if (!(thrown instanceof HttpError)) throw thrown
      return step(request, thrown.body, now) ?? retry(messageOf(thrown.body))
    }
  }

  /** The page for the step an error names, or `undefined` when it names none. */
  const step = (request: HostedRequest, body: Record<string, unknown>, now: number): EmulatorResponse | undefined => {
    const pending = typeof body.pending_authentication_token === "string" ? body.pending_authentication_token : ""
    const user = body.user as { readonly id: string; readonly email: string } | undefined
    switch (body.code) {
      case "email_verification_required":
        return html(
          "Verify your email",
          `<p>We emailed a code to ${escape(String(body.email))}.</p>` +
            codeForm("/authkit/email-verification", { request: request.id, pending }, "Code", "one-time-code")
        )
      case "mfa_challenge": {
        const factors = body.authentication_factors as ReadonlyArray<{ readonly id: string }>
        const challenge = world.createChallenge(factors[0]!.id, now)
        return totpPage(request, pending, challenge.id)
      }
      case "mfa_enrollment": {
        if (user === undefined) return undefined
        const factor = world.enrollTotp(world.user(user.id), "WorkOS emulator", user.email, undefined, now)
        const challenge = world.createChallenge(factor.id, now)
        return totpPage(request, pending, challenge.id, factor.secret)
      }
      case "organization_selection_required": {
        const organizations = body.organizations as ReadonlyArray<{ readonly id: string; readonly name: string }>
        return html(
          "Choose an organization",
          organizations.map((o) =>
            `<form method="post" action="/authkit/organization">${
              hidden({ request: request.id, pending, organization_id: o.id })
            }<button type="submit">${escape(o.name)}</button></form>`
          ).join("\n")
        )
      }
      default:
        return undefined
    }
  }

  const totpPage = (request: HostedRequest, pending: string, challenge: string, secret?: string, message?: string) =>
    html(
      secret === undefined ? "Two-factor authentication" : "Set up two-factor authentication",
      (secret === undefined
        ? "<p>Enter the code from your authenticator app.</p>"
        : `<p>Add this key to your authenticator app: <code id="totp-secret">${
          escape(secret)
        }</code>, then enter its code.</p>`) +
        codeForm("/authkit/totp", { request: request.id, pending, challenge }, "Code", "one-time-code", message)
    )

  /** Call one of the API's own routes (what the page does on the user's behalf). */
  const callRoute = async (method: string, path: string, fields: Record<string, string>, now: number) => {
    const route = world.routes.find((r) => r.method === method && r.template === path)
    if (route === undefined) throw new Error(`No route ${method} ${path}`)
    try {
      return await route.handler({
        request: { method, path, query: new URLSearchParams(), headers: {}, body: JSON.stringify(fields) },
        params: {},
        query: new URLSearchParams(),
        now,
        body: (schema) => Body.decode(schema, fields)
      })
    } catch (thrown) {
      if (thrown instanceof HttpError) return { status: thrown.status, body: thrown.body }
      throw thrown
    }
  }

  const field = (values: URLSearchParams, name: string) => (values.get(name) ?? "").trim()

  /**
   * A form the page posts to `path`: its fields, the sign-in it belongs to, and `grant`,
   * which runs a grant for it (see `run`).
   */
  const post = (
    path: string,
    handle: (posted: {
      readonly values: URLSearchParams
      readonly request: HostedRequest
      readonly now: number
      readonly grant: (
        fields: Record<string, string>,
        retry: (message: string) => EmulatorResponse
      ) => Promise<EmulatorResponse>
    }) => EmulatorResponse | Promise<EmulatorResponse>
  ) =>
    world.route("POST", path, ({ request: http, now }) => {
      const values = new URLSearchParams(http.body)
      const request = requestOf(values, now)
      return handle({ values, request, now, grant: (fields, retry) => run(http, request, fields, now, retry) })
    }, { authenticated: false })

  post("/authkit/password", ({ grant, request, values }) => {
    const email = field(values, "email")
    return grant(
      { grant_type: "password", email, password: values.get("password") ?? "" },
      (message) => loginPage(request, { error: message, email })
    )
  })

  post("/authkit/magic", async ({ now, request, values }) => {
    const email = field(values, "email")
    const response = await callRoute("POST", "/user_management/magic_auth", { email }, now)
    if (response.status >= 400) {
      return loginPage(request, { error: messageOf(response.body as Record<string, unknown>), email })
    }
    return html(
      "Check your email",
      `<p>We emailed a code to ${escape(email)}.</p>` +
        codeForm("/authkit/magic/verify", { request: request.id, email }, "Code", "one-time-code")
    )
  })

  post("/authkit/magic/verify", ({ grant, request, values }) => {
    const email = field(values, "email")
    return grant(
      { grant_type: "urn:workos:oauth:grant-type:magic-auth:code", email, code: field(values, "code") },
      (message) =>
        html(
          "Check your email",
          codeForm("/authkit/magic/verify", { request: request.id, email }, "Code", "one-time-code", message)
        )
    )
  })

  world.route("GET", "/authkit/provider", ({ query, now }) => {
    const request = requestOf(query, now)
    return providerPage(request, query.get("provider") ?? request.provider)
  }, { authenticated: false })

  post("/authkit/provider", ({ grant, now, request, values }) => {
    const provider = field(values, "provider") || request.provider
    // Only a provider the page offers (or the request's SSO): not `Password`, say.
    if (!providers.some(([p]) => p === provider) && !(provider === "SSO" && request.provider === "SSO")) {
      return loginPage(request, { error: `Unknown provider: ${provider}` })
    }
    const email = field(values, "email")
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) return providerPage(request, provider, { error: "Enter an email", email })
    // The provider vouches for the address: a new user signs up verified.
    const user = world.userByEmail(email) ?? world.createUser({ email, email_verified: true }, now)
    const code = auth.issueAuthorizationCode({
      userId: user.id,
      method: provider,
      organizationId: request.organizationId
    }, now)
    return grant(
      { grant_type: "authorization_code", code },
      (message) => providerPage(request, provider, { error: message, email })
    )
  })

  post("/authkit/email-verification", ({ grant, request, values }) => {
    const pending = field(values, "pending")
    return grant(
      {
        grant_type: "urn:workos:oauth:grant-type:email-verification:code",
        pending_authentication_token: pending,
        code: field(values, "code")
      },
      (message) =>
        html(
          "Verify your email",
          codeForm("/authkit/email-verification", { request: request.id, pending }, "Code", "one-time-code", message)
        )
    )
  })

  post("/authkit/totp", ({ grant, now, request, values }) => {
    const pending = field(values, "pending")
    const challenge = field(values, "challenge")
    return grant(
      {
        grant_type: "urn:workos:oauth:grant-type:mfa-totp",
        pending_authentication_token: pending,
        authentication_challenge_id: challenge,
        code: field(values, "code")
      },
      (message) => {
        const factor = world.challenges.get(challenge)?.factor_id
        // A new challenge for the same factor (the one that failed may be spent).
        return factor === undefined
          ? loginPage(request, { error: message })
          : totpPage(request, pending, world.createChallenge(factor, now).id, undefined, message)
      }
    )
  })

  post("/authkit/organization", ({ grant, request, values }) =>
    grant(
      {
        grant_type: "urn:workos:oauth:grant-type:organization-selection",
        pending_authentication_token: field(values, "pending"),
        organization_id: field(values, "organization_id")
      },
      (message) => loginPage(request, { error: message })
    ))
}
