/**
 * The docs' example server (server.ts) signed into in a real browser: Debian's Chromium
 * driven by playwright-core, against the emulator served over HTTP with its hosted login
 * page. Sign in on the page (with the email-verification step, the code read from the
 * control plane) → the app's callback → a sealed session cookie → the protected route →
 * logout. Skipped, with a warning, where /usr/bin/chromium is missing
 * (`apt-get install -y chromium`; .ci/run installs it); no browser is downloaded.
 */
import { FetchHttpClient, HttpApiBuilder } from "@effect/platform"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import * as fs from "node:fs"
import * as http from "node:http"
import { chromium } from "playwright-core"
import { AppLive } from "./server.js"
import { freePort } from "./utils/ports.js"

const executablePath = "/usr/bin/chromium"
const hasChromium = fs.existsSync(executablePath)
if (!hasChromium) console.warn(`${executablePath} not found: the browser test is skipped (apt-get install -y chromium)`)

// What this machine's Chromium needs headless, as root, on a closed network.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

describe.skipIf(!hasChromium)("sign in through the hosted login page, in Chromium", () => {
  it.scoped("login page → callback → session cookie → protected route → logout", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.serve({
        organizations: [{ id: "org_acme", name: "Acme" }],
        users: [{
          email: "ada@example.com",
          password: "correct horse battery",
          emailVerified: false,
          memberships: [{ organization: "org_acme", role: "admin" }]
        }]
      })
      const port = yield* Effect.promise(freePort)
      const app = `http://127.0.0.1:${port}`
      yield* Layer.launch(
        HttpApiBuilder.serve().pipe(
          Layer.provide(AppLive(`${app}/auth/callback`)),
          Layer.provide(Layer.merge(
            WorkOSConfig.layer({ ...emulator.emulator.connection, retry: "none" }),
            FetchHttpClient.layer
          )),
          Layer.provide(NodeHttpServer.layer(() => http.createServer(), { port, host: "127.0.0.1" }))
        )
      ).pipe(Effect.forkScoped)

      const browser = yield* Effect.acquireRelease(
        Effect.promise(() => chromium.launch({ executablePath, headless: true, args: chromiumArgs })),
        (b) => Effect.promise(() => b.close())
      )
      const steps = yield* Effect.promise(async () => {
        const page = await browser.newPage()
        const seen: Array<string> = []
        // 1. The app sends the browser to AuthKit: the emulator's login page.
        await page.goto(`${app}/auth/login`)
        seen.push(await page.locator("h1").innerText())
        await page.getByLabel("Email").first().fill("ada@example.com")
        await page.getByLabel("Password").fill("correct horse battery")
        await page.getByRole("button", { name: "Sign in" }).click()
        // 2. An unverified email: the code the emulator emailed, read from the control plane.
        await page.getByRole("heading", { name: "Verify your email" }).waitFor()
        seen.push(await page.locator("h1").innerText())
        const message = await fetch(
          `${emulator.url}/__emulator/outbox/wait?to=ada@example.com&kind=email_verification`,
          {
            headers: { authorization: `Bearer ${emulator.emulator.apiKey}` }
          }
        ).then((r) => r.json() as Promise<{ code: string }>)
        await page.getByLabel("Code").fill(message.code)
        await page.getByRole("button", { name: "Continue" }).click()
        // 3. Back at the app's callback, which sets the session cookie and goes on to /me.
        await page.waitForURL(`${app}/me`)
        const profile = JSON.parse(await page.locator("body").innerText())
        const cookies = await page.context().cookies(app)
        // 4. Logout ends the session at WorkOS and clears the cookie.
        await page.goto(`${app}/auth/logout`)
        const afterLogout = await page.request.get(`${app}/me`)
        const cookiesAfter = await page.context().cookies(app)
        return { seen, profile, cookies, status: afterLogout.status(), cookiesAfter }
      })

      assert.deepStrictEqual(steps.seen, ["Sign in", "Verify your email"])
      assert.deepInclude(steps.profile, { email: "ada@example.com", organizationId: "org_acme", role: "admin" })
      const session = steps.cookies.find((c) => c.name === "wos-session")
      assert.isDefined(session)
      assert.isTrue(session!.httpOnly)
      assert.strictEqual(steps.status, 401)
      assert.isUndefined(steps.cookiesAfter.find((c) => c.name === "wos-session"))
      const revoked = emulator.emulator.sessions(Date.now())
      assert.deepStrictEqual(revoked.map((s) => s.status), ["revoked"])
    }), 60_000)
})
