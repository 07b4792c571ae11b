/**
 * Runs every example against the test fake, and checks that every TypeScript block in
 * the guides is copied verbatim from an example file, so the docs cannot drift.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, HashMap, Layer, Logger, Redacted, TestClock } from "effect"
import { Authentication, Users } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import * as fs from "node:fs"
import * as path from "node:path"
import * as OTPAuth from "otpauth"
import * as Accounts from "./accounts.js"
import * as Auth from "./authentication.js"
import * as Blocks from "./blocks.js"
import * as Configuration from "./configuration.js"
import * as Edge from "./edge.js"
import * as Errors from "./errors.js"
import * as Organizations from "./organizations.js"
import * as Sessions from "./sessions.js"
import * as UsersExample from "./users.js"
import { emulated } from "./utils/emulated.js"

const docsDir = path.resolve(import.meta.dirname, "..")

describe("docs examples", () => {
  it.effect("users: onboard, find, count by domain", () => {
    const WorkOS = emulated({
      users: Array.from({ length: 250 }, (_, i) => ({ email: `u${i}@${i % 5 === 0 ? "acme.com" : "example.com"}` }))
    })
    return Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const user = yield* UsersExample.onboard
      assert.strictEqual(user.lastName, "Davis")
      assert.strictEqual(yield* UsersExample.findUser(user.id), "marcelina.davis@example.com")
      assert.isNull(yield* UsersExample.findUser("user_missing"))
      const counts = yield* UsersExample.countByDomain
      assert.deepStrictEqual(Object.fromEntries(counts), { "acme.com": 50, "example.com": 201 })
      assert.strictEqual(emulator.count("GET", "/user_management/users"), 3)
    }).pipe(Effect.provide(WorkOS))
  })

  it.effect("users: an export resumes after a failed page, nothing lost or repeated", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const written: Array<string> = []
      yield* UsersExample.exportUsers((user) =>
        Effect.sync(() => {
          written.push(user.email)
          if (written.length === 150) emulator.failNext({ path: "/user_management/users", status: 503 })
        })
      )
      assert.strictEqual(written.length, 250)
      assert.strictEqual(new Set(written).size, 250)
      // Pages 1 and 2, the failed request for page 3, then page 3 from its cursor.
      assert.strictEqual(emulator.count("GET", "/user_management/users"), 4)
      assert.strictEqual(emulator.statusCount(503), 1)
    }).pipe(
      Effect.provide(emulated({ users: Array.from({ length: 250 }, (_, i) => ({ email: `u${i}@example.com` })) }))
    ))

  it.effect("errors: catchTags and request ids", () => {
    return Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const userId = emulator.createUser({ email: "ok@example.com", emailVerified: false }, 0)
      assert.strictEqual(yield* Errors.describeUser(userId), "ok@example.com (unverified)")
      assert.strictEqual(yield* Errors.describeUser("user_nope"), "no such user")
      assert.match(yield* Errors.describeUser(""), /^bad input/)
      const logs: Array<{ message: unknown; annotations: Record<string, unknown> }> = []
      const logger = Logger.make(({ annotations, message }) => {
        logs.push({ message, annotations: Object.fromEntries(HashMap.toEntries(annotations)) })
      })
      const error = yield* Effect.flip(
        Errors.logFailures(Users.get("user_nope")).pipe(Effect.provide(Logger.add(logger)))
      )
      assert.strictEqual(error._tag, "WorkOSNotFound")
      assert.deepStrictEqual(logs[0]!.message, [
        "WorkOSNotFound GET /user_management/users/user_nope: User not found: 'user_nope'."
      ])
      assert.strictEqual(logs[0]!.annotations.requestId, error.requestId)
      assert.strictEqual(logs[0]!.annotations.status, 404)
    }).pipe(Effect.provide(emulated()))
  })

  it.effect("configuration: the layers build and per-call options apply", () => {
    return Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const userId = emulator.createUser({ email: "fast@example.com" }, 0)
      const got = yield* Configuration.fastLookup(userId)
      assert.strictEqual(got.id, userId)
      yield* Layer.build(Configuration.WorkOSFromValues).pipe(Effect.scoped)
    }).pipe(Effect.provide(emulated()))
  })

  it.effect("authentication: the whole chain with catchTag, outcomes, token verification", () => {
    const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    const WorkOS = emulated({
      organizations: [{ id: "org_a", name: "A" }, { id: "org_b", name: "B" }, {
        id: "org_sso",
        name: "S",
        ssoConnectionIds: ["conn_1"]
      }],
      users: [
        {
          email: "ann@example.com",
          password: "correct horse battery",
          emailVerified: false,
          totpSecret,
          memberships: [{ organization: "org_a" }, { organization: "org_b" }]
        },
        { email: "sso@example.com", password: "correct horse battery", memberships: [{ organization: "org_sso" }] }
      ]
    })
    return Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const asked: Array<string> = []
      const ask: Auth.Prompts = {
        emailCode: (email) => {
          asked.push("email")
          return Effect.succeed(emulator.lastMessage({ to: email, kind: "email_verification" })!.code!)
        },
        totpCode: Effect.map(TestClock.currentTimeMillis, (now) => {
          asked.push("totp")
          return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate({ timestamp: now })
        }),
        organization: (choices) => {
          asked.push("organization")
          return Effect.succeed(choices[1]!.id)
        }
      }
      const pw = Redacted.make("correct horse battery")
      const session = yield* Auth.signIn("ann@example.com", pw, ask)
      assert.deepStrictEqual(asked, ["email", "totp", "organization"])
      assert.strictEqual(session.organizationId, "org_b")
      assert.deepStrictEqual(yield* Auth.signInPage("ann@example.com", Redacted.make("wrong password"), ask), {
        ok: false,
        reason: "Wrong email or password"
      })
      const sso = yield* Auth.signInPage("sso@example.com", pw, ask)
      assert.isFalse(sso.ok)
      assert.include(sso.ok ? "" : sso.reason, "connection_id=conn_1")
      const userId = yield* Auth.currentUserId(Redacted.value(session.accessToken)).pipe(
        Effect.provide(Auth.AccessTokenLive)
      )
      assert.strictEqual(userId, session.user.id)
      const rejected = yield* Effect.flip(Auth.currentUserId("nope").pipe(Effect.provide(Auth.AccessTokenLive)))
      assert.strictEqual(rejected, "reject: malformed")
    }).pipe(Effect.provide(WorkOS))
  })

  it.effect("organizations: invite, list members with roles, suspend and restore", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const orgId = emulator.createOrganization({ name: "Acme" }, 0)
      emulator.createUser({ email: "ann@acme.com", memberships: [{ organization: orgId, role: "admin" }] }, 0)
      const invited = yield* Organizations.inviteAdmin("bob@acme.com", orgId)
      assert.isString(invited)
      assert.isNull(yield* Organizations.inviteAdmin("bob@acme.com", orgId), "already invited is not an error")
      assert.isNull(yield* Organizations.inviteAdmin("ann@acme.com", orgId), "already a member is not an error")
      const members = yield* Organizations.membersWithRoles(orgId)
      assert.deepStrictEqual(members.map((m) => m.roles), [["admin"]])
      const membershipId = emulator.memberships()[0]!.id
      assert.strictEqual((yield* Organizations.suspend(membershipId)).status, "inactive")
      assert.strictEqual((yield* Organizations.membersWithRoles(orgId))[0]!.status, "inactive")
      assert.strictEqual((yield* Organizations.restore(membershipId)).status, "active")
    }).pipe(Effect.provide(emulated())))

  it.effect("organizations: ensure a tenant once by its external id; list by domain", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const tenant = { id: "tenant_42", name: "Foo Corp", domain: "foo-corp.com" }
      const first = yield* Organizations.ensureTenant(tenant)
      const again = yield* Organizations.ensureTenant(tenant)
      assert.strictEqual(again.id, first.id)
      assert.strictEqual(emulator.count("POST", "/organizations"), 1)
      assert.deepStrictEqual(first.metadata, { plan: "trial" })
      assert.deepStrictEqual(yield* Organizations.organizationsOf("foo-corp.com"), ["Foo Corp"])
      assert.deepStrictEqual(yield* Organizations.organizationsOf("bar.com"), [])
    }).pipe(Effect.provide(emulated())))

  it.effect("accounts: reset a user's MFA by deleting their factors", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const userId = emulator.createUser({ email: "ann@acme.com", totpSecret: "JBSWY3DPEHPK3PXP" }, 0)
      assert.strictEqual(emulator.factors().length, 1)
      yield* Accounts.resetMfa(userId)
      assert.strictEqual(emulator.factors().length, 0)
    }).pipe(Effect.provide(emulated())))

  it.effect("accounts: verify an email, reset a password, sign out everywhere, issue an API key", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      const orgId = emulator.createOrganization({ name: "Acme" }, 0)
      const userId = emulator.createUser({
        email: "ann@acme.com",
        password: "old password!",
        emailVerified: false,
        memberships: [{ organization: orgId }]
      }, 0)
      yield* Accounts.sendVerification(userId)
      assert.isFalse(yield* Accounts.confirmEmail(userId, "000001"))
      const code = emulator.lastMessage({ kind: "email_verification" })!.code!
      assert.isTrue(yield* Accounts.confirmEmail(userId, code))
      yield* Accounts.forgotPassword("nobody@acme.com")
      yield* Accounts.forgotPassword("ann@acme.com")
      const token = emulator.lastMessage({ kind: "password_reset" })!.token!
      assert.strictEqual((yield* Accounts.setNewPassword(token, "new password!")).id, userId)
      const key = yield* Accounts.issueApiKey(userId, orgId)
      assert.match(key.value, /^sk_user_/)
      const first = yield* Authentication.withPassword({ email: "ann@acme.com", password: "new password!" })
      yield* Authentication.withPassword({ email: "ann@acme.com", password: "new password!" })
      assert.strictEqual(yield* Accounts.signOutEverywhere(userId), 2)
      const refresh = yield* Effect.flip(Authentication.withRefreshToken({ refreshToken: first.refreshToken }))
      assert.strictEqual(refresh._tag, "InvalidGrant")
    }).pipe(Effect.provide(emulated())))

  it.effect("sessions: seal, authenticate, refresh, refusal versus outage", () =>
    Effect.gen(function*() {
      const emulator = yield* Emulator.Emulator
      emulator.createUser({ email: "ann@example.com", password: "correct horse battery" }, 0)
      const cookie = yield* Sessions.signInCookie("ann@example.com", "correct horse battery")
      const fresh = yield* Sessions.handleRequest(cookie)
      assert.strictEqual(fresh.kind === "ok" && fresh.setCookie, null)
      assert.deepStrictEqual(yield* Sessions.handleRequest(undefined), { kind: "sign-in" })
      yield* TestClock.adjust("6 minutes")
      emulator.failNext({ path: "/user_management/authenticate", status: 503 })
      assert.deepStrictEqual(yield* Sessions.handleRequest(cookie), { kind: "retry-later" })
      const refreshed = yield* Sessions.handleRequest(cookie)
      assert.isString(refreshed.kind === "ok" ? refreshed.setCookie : null)
    }).pipe(Effect.provide(Layer.provideMerge(Sessions.SessionsLive, emulated()))))

  it.scoped("edge: the Worker reads its bindings; the ConfigProvider variant too", () =>
    Effect.gen(function*() {
      const server = yield* Emulator.serve()
      const userId = server.emulator.createUser({ email: "ada@example.com" }, Date.now())
      const env = {
        WORKOS_API_KEY: server.emulator.apiKey,
        WORKOS_CLIENT_ID: server.emulator.clientId,
        WORKOS_BASE_URL: server.url
      }
      const answer = (path: string, bindings: Edge.Env) =>
        Effect.promise(async () => {
          const response = await Edge.default.fetch(new Request(`https://worker.example/${path}`), bindings)
          return { status: response.status, body: await response.text() }
        })
      assert.deepStrictEqual(yield* answer(userId, env), {
        status: 200,
        body: JSON.stringify({ email: "ada@example.com" })
      })
      assert.strictEqual((yield* answer("user_missing", env)).status, 404)
      assert.strictEqual((yield* answer(userId, { ...env, WORKOS_API_KEY: "sk_wrong" })).status, 503)
      const viaProvider = yield* Users.get(userId).pipe(Edge.withBindings(env), Effect.map((user) => user.email))
      assert.strictEqual(viaProvider, "ada@example.com")
    }))

  it("every ts block in the guides and READMEs is its imports plus code copied from an example file", () => {
    const examples = fs.readdirSync(path.join(docsDir, "examples"))
      .filter((f) => f.endsWith(".ts") && !["examples.test.ts", "blocks.ts"].includes(f))
      .map((f) => ({ file: f, source: fs.readFileSync(path.join(docsDir, "examples", f), "utf8") }))
    const repo = path.resolve(docsDir, "..")
    const guides = [
      ...fs.readdirSync(docsDir).filter((f) => f.endsWith(".md")).map((f) => path.join(docsDir, f)),
      ...[
        "README.md",
        "packages/workos/README.md",
        "packages/emulator/README.md",
        "packages/redis/README.md",
        "packages/cli/README.md"
      ].map((
        f
      ) => path.join(repo, f))
    ]
    let blocks = 0
    for (const guide of guides) {
      const name = path.relative(repo, guide)
      const text = fs.readFileSync(guide, "utf8")
      for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
        blocks++
        const { body, header } = Blocks.splitBlock(match[1]!.trimEnd())
        const example = examples.find(({ source }) => Blocks.normalize(source).includes(Blocks.normalize(body)))
        assert.isDefined(example, `${name}: a ts block is not in docs/examples:\n${body}`)
        // The block shows exactly the imports its code needs, as the example imports them.
        assert.deepStrictEqual(header, Blocks.requiredImports(example!.source, body), `${name}: imports of\n${body}`)
      }
    }
    assert.isAbove(blocks, 30)
  })
})
