/**
 * The executable as users run it: a child process (`src/bin.ts`, bundled once by esbuild;
 * see `cli` in utils.ts) against emulators served over loopback HTTP, configured by
 * environment variables.
 */
import { assert, describe, it } from "@effect/vitest"
import bcrypt from "bcryptjs"
import { Effect, Layer, Stream } from "effect"
import { Authentication, Users, WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import * as fs from "node:fs"
import * as path from "node:path"
import { cli, interruptAt, readLines, tempDir } from "./utils.js"

/** An HTTP emulator for the scope, the environment that points the CLI at it, and the SDK on it in process. */
const served = (options: Emulator.ListenOptions = {}) =>
  Effect.map(Emulator.serve({ history: 100, ...options }), (server) => ({
    server,
    env: {
      WORKOS_API_KEY: server.emulator.apiKey,
      WORKOS_CLIENT_ID: server.emulator.clientId,
      WORKOS_BASE_URL: server.url
    },
    sdk: Layer.merge(
      Emulator.layerFrom(server.emulator),
      WorkOSConfig.layer({ apiKey: server.emulator.apiKey, clientId: server.emulator.clientId, retry: "none" }).pipe(
        Layer.orDie
      )
    )
  }))

const comparable = (user: Users.User) => ({
  email: user.email,
  firstName: user.firstName,
  lastName: user.lastName,
  emailVerified: user.emailVerified,
  externalId: user.externalId,
  metadata: user.metadata
})

const everyUser = Effect.map(Stream.runCollect(Users.list({ order: "asc" })), (users) => Array.from(users))

const signsIn = (email: string, password: string) =>
  Authentication.withPassword({ email, password }).pipe(
    Effect.as(true),
    Effect.catchTag("InvalidCredentials", () => Effect.succeed(false))
  )

const noStackTrace = (text: string) => assert.notMatch(text, /^\s+at /m)

describe("users export → users import between two emulators", () => {
  it.live(
    "10,000 users arrive the same, and each signs in with its original password",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const dir = yield* tempDir
        const count = 10_000
        // Twenty passwords, each hashed once (bcrypt cost 4 keeps the test fast; the cost is in the hash).
        const passwords = Array.from({ length: 20 }, (_, i) => `original password ${i}`)
        const hashes = passwords.map((password) => bcrypt.hashSync(password, 4))
        const seed = Array.from({ length: count }, (_, i) => ({
          email: `user${String(i).padStart(5, "0")}@example.com`,
          firstName: `First ${i}`,
          ...(i % 7 === 0 ? {} : { lastName: `Last, "${i}"` }),
          externalId: `legacy-${i}`,
          metadata: i % 3 === 0 ? {} : { plan: i % 2 === 0 ? "pro" : "free", n: String(i) }
        }))
        const source = yield* served({ users: seed })
        const target = yield* served()
        // The source system's password export, keyed by email.
        const passwordFile = path.join(dir, "passwords.ndjson")
        fs.writeFileSync(
          passwordFile,
          seed.map((user, i) =>
            JSON.stringify({ email: user.email, password_hash: hashes[i % 20], password_hash_type: "bcrypt" }) + "\n"
          ).join("")
        )

        const out = path.join(dir, "users.ndjson")
        const exported = yield* Effect.promise(() =>
          cli(["users", "export", "--out", out, "--rate-limits", "none", "--progress", "plain"], { env: source.env })
        )
        assert.strictEqual(exported.code, 0, exported.stderr)
        assert.include(exported.stderr, `Exported ${count} users to ${out}`)
        assert.strictEqual(exported.stdout, "")
        assert.strictEqual(readLines(out).length, count)

        const report = path.join(dir, "report.ndjson")
        const imported = yield* Effect.promise(() =>
          cli([
            "users",
            "import",
            out,
            "--passwords",
            passwordFile,
            "--report",
            report,
            "--concurrency",
            "16",
            "--rate-limits",
            "none",
            "--progress",
            "plain"
          ], { env: target.env })
        )
        assert.strictEqual(imported.code, 0, imported.stderr)
        assert.include(imported.stderr, `Imported: ${count} created, 0 updated, 0 skipped, 0 failed`)
        // Plain progress: the last line before the summary has the total.
        assert.include(
          imported.stderr,
          `imported ${count.toLocaleString("en-US")} / ${count.toLocaleString("en-US")} (100.0%)`
        )
        assert.deepStrictEqual(readLines(report), [])
        for (const text of [imported.stdout, imported.stderr, exported.stderr]) {
          for (const hash of hashes) assert.notInclude(text, hash)
        }

        const before = yield* everyUser.pipe(Effect.provide(source.sdk))
        const after = yield* everyUser.pipe(Effect.provide(target.sdk))
        const byEmail = (a: { email: string }, b: { email: string }) => a.email.localeCompare(b.email)
        assert.deepStrictEqual(after.map(comparable).sort(byEmail), before.map(comparable).sort(byEmail))

        const results = yield* Effect.forEach(
          seed,
          (user, i) => signsIn(user.email, passwords[i % 20]!),
          { concurrency: 8 }
        ).pipe(Effect.provide(target.sdk))
        assert.strictEqual(results.filter((ok) => ok).length, count)
        assert.isFalse(yield* signsIn(seed[0]!.email, passwords[1]!).pipe(Effect.provide(target.sdk)))
      })),
    240_000
  )
})

describe("users import --format auth0", () => {
  it.live(
    "imports the good rows with their passwords and reports each bad row with its reason, never a hash",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const dir = yield* tempDir
        const target = yield* served()
        const secret = (name: string) => `${name}'s password`
        const hash = (name: string) => bcrypt.hashSync(secret(name), 4)
        const good = ["ada", "grace", "edsger"].map((name, i) => ({
          user: {
            user_id: `auth0|6042${i}`,
            email: `${name}@example.com`,
            email_verified: true,
            given_name: name[0]!.toUpperCase() + name.slice(1),
            family_name: "Pioneer",
            name: `${name} Pioneer`,
            user_metadata: { theme: "dark", address: { city: "Oslo" } },
            app_metadata: { roles: ["admin"], plan: "pro" },
            created_at: "2020-01-01T00:00:00.000Z"
          },
          password: { _id: { $oid: `6042${i}` }, email: `${name}@example.com`, passwordHash: hash(name) }
        }))
        const md5 = "5f4dcc3b5aa765d61d8327deb882cf99"
        const bad = {
          email: { user_id: "auth0|bad-email", email: "not an email", email_verified: true },
          hash: { user_id: "auth0|md5", email: "md5@example.com", email_verified: true },
          duplicate: { user_id: "auth0|dup", email: "ada@example.com", email_verified: true },
          externalId: { user_id: `auth0|${"x".repeat(130)}`, email: "long@example.com", email_verified: true },
          metadata: { user_id: "auth0|meta", email: "meta@example.com", user_metadata: { bio: "y".repeat(601) } }
        }
        const usersFile = path.join(dir, "auth0-users.ndjson")
        fs.writeFileSync(
          usersFile,
          [...good.map((g) => g.user), ...Object.values(bad)].map((u) => JSON.stringify(u) + "\n").join("")
        )
        const passwordsFile = path.join(dir, "auth0-passwords.ndjson")
        fs.writeFileSync(
          passwordsFile,
          [
            ...good.map((g) => g.password),
            { _id: { $oid: "md5" }, email: "md5@example.com", passwordHash: md5 },
            { _id: { $oid: "dup" }, email: "ada@example.com", passwordHash: hash("someone else") }
          ].map((p) => JSON.stringify(p) + "\n").join("")
        )
        const report = path.join(dir, "report.ndjson")
        const run = yield* Effect.promise(() =>
          cli([
            "users",
            "import",
            usersFile,
            "--format",
            "auth0",
            "--passwords",
            passwordsFile,
            "--report",
            report,
            "--concurrency",
            "1",
            "--progress",
            "none"
          ], { env: target.env })
        )
        // Some rows failed: exit 1, with the summary and where the report is.
        assert.strictEqual(run.code, 1, run.stderr)
        assert.include(run.stderr, "Imported: 3 created, 0 updated, 1 skipped, 4 failed")
        assert.include(run.stderr, `effect-workos: 4 rows were not imported; see ${report}`)
        noStackTrace(run.stderr)

        const entries = (readLines(report) as Array<{ line: number; email: string; status: string; tag: string }>)
          .sort((a, b) => a.line - b.line)
        assert.deepStrictEqual(entries.map(({ email, line, status, tag }) => ({ line, email, status, tag })), [
          { line: 4, email: "not an email", status: "failed", tag: "InvalidEmail" },
          { line: 5, email: "md5@example.com", status: "failed", tag: "UnsupportedPasswordHash" },
          { line: 6, email: "ada@example.com", status: "skipped", tag: "AlreadyExists" },
          { line: 7, email: "long@example.com", status: "failed", tag: "WorkOSInvalidRequest" },
          { line: 8, email: "meta@example.com", status: "failed", tag: "MetadataDoesNotFit" }
        ])
        const text = fs.readFileSync(report, "utf8")
        assert.include(text, "externalId is at most 128 characters")
        assert.include(text, "metadata value of \\\"bio\\\" has 601 characters (at most 600)")
        for (const output of [text, run.stdout, run.stderr]) {
          assert.notInclude(output, md5)
          assert.notInclude(output, "$2")
          for (const g of good) assert.notInclude(output, secret(g.user.email.split("@")[0]!))
        }

        const users = yield* everyUser.pipe(Effect.provide(target.sdk))
        assert.deepStrictEqual(
          users.map(comparable),
          good.map((g) => ({
            email: g.user.email,
            firstName: g.user.given_name,
            lastName: "Pioneer",
            emailVerified: true,
            externalId: g.user.user_id,
            metadata: { theme: "dark", "address.city": "Oslo", "app.roles": "[\"admin\"]", "app.plan": "pro" }
          }))
        )
        for (const g of good) {
          const name = g.user.email.split("@")[0]!
          assert.isTrue(yield* signsIn(g.user.email, secret(name)).pipe(Effect.provide(target.sdk)))
        }
        // The duplicate's password did not replace the first user's.
        assert.isFalse(yield* signsIn("ada@example.com", secret("someone else")).pipe(Effect.provide(target.sdk)))

        // Running it again creates nothing: every row that was imported is now skipped.
        const again = yield* Effect.promise(() =>
          cli([
            "users",
            "import",
            usersFile,
            "--format",
            "auth0",
            "--passwords",
            passwordsFile,
            "--report",
            report,
            "--progress",
            "none"
          ], { env: target.env })
        )
        assert.include(again.stderr, "Imported: 0 created, 0 updated, 4 skipped, 4 failed")
        assert.strictEqual((yield* everyUser.pipe(Effect.provide(target.sdk))).length, 3)
      })),
    120_000
  )
})

describe("Ctrl-C", () => {
  it.live(
    "stops an export cleanly with exit 130; --resume finishes it without duplicates",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const dir = yield* tempDir
        const seed = Array.from({ length: 2000 }, (_, i) => ({ email: `u${i}@example.com` }))
        // Each page takes 150 ms: 20 pages, time to interrupt in the middle.
        const source = yield* served({ users: seed, latency: 150 })
        const out = path.join(dir, "users.csv")
        const args = [
          "users",
          "export",
          "--format",
          "csv",
          "--out",
          out,
          "--progress",
          "plain",
          "--progress-interval",
          "0.05"
        ]
        const interrupt = interruptAt("exported", 500)
        const first = yield* Effect.promise(() => cli(args, { env: source.env, onOutput: interrupt.onOutput }))
        assert.isTrue(interrupt.sent())
        assert.strictEqual(first.code, 130, first.stderr)
        assert.match(first.stderr, /Interrupted after \d+ users .* Run the same command with --resume to continue\./)
        noStackTrace(first.stderr)
        assert.isFalse(fs.existsSync(out))
        const checkpoint = JSON.parse(fs.readFileSync(`${out}.checkpoint.json`, "utf8"))
        assert.isAtLeast(checkpoint.rows, 500)
        assert.isBelow(checkpoint.rows, 2000)

        const again = yield* Effect.promise(() => cli(args, { env: source.env }))
        assert.strictEqual(again.code, 1)
        assert.include(again.stderr, "Pass --resume to continue it")

        const resumed = yield* Effect.promise(() => cli([...args, "--resume"], { env: source.env }))
        assert.strictEqual(resumed.code, 0, resumed.stderr)
        assert.include(resumed.stderr, `Exported 2000 users to ${out} (${checkpoint.rows} before resuming)`)
        const emails = fs.readFileSync(out, "utf8").trim().split("\n").slice(1).map((row) => row.split(",")[1])
        assert.deepStrictEqual(emails, seed.map((u) => u.email))
        assert.deepStrictEqual(fs.readdirSync(dir), ["users.csv"])
      })),
    120_000
  )

  it.live(
    "stops an import cleanly with exit 130; --resume imports the rest, nothing twice, nothing lost",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const dir = yield* tempDir
        const target = yield* served({ latency: 20 })
        const file = path.join(dir, "users.ndjson")
        fs.writeFileSync(
          file,
          Array.from({ length: 600 }, (_, i) => JSON.stringify({ email: `u${i}@example.com` }) + "\n").join("")
        )
        const args = [
          "users",
          "import",
          file,
          "--concurrency",
          "4",
          "--progress",
          "plain",
          "--progress-interval",
          "0.05"
        ]
        const interrupt = interruptAt("imported", 100)
        const first = yield* Effect.promise(() => cli(args, { env: target.env, onOutput: interrupt.onOutput }))
        assert.isTrue(interrupt.sent())
        assert.strictEqual(first.code, 130, first.stderr)
        assert.match(first.stderr, /Interrupted: every row up to line \d+ is done\. Run the same command with --resume/)
        noStackTrace(first.stderr)
        const checkpoint = JSON.parse(fs.readFileSync(`${file}.report.ndjson.checkpoint.json`, "utf8"))
        assert.isAtLeast(checkpoint.line, 90)

        const resumed = yield* Effect.promise(() => cli([...args, "--resume"], { env: target.env }))
        assert.strictEqual(resumed.code, 0, resumed.stderr)
        const users = yield* everyUser.pipe(Effect.provide(target.sdk))
        assert.strictEqual(users.length, 600)
        assert.strictEqual(new Set(users.map((u) => u.email)).size, 600)
        // Rows finished after the checkpoint's line ran again and were skipped as existing.
        const entries = readLines(`${file}.report.ndjson`) as Array<{ status: string }>
        assert.isTrue(entries.every((e) => e.status === "skipped"))
      })),
    120_000
  )
})

describe("the executable", () => {
  it.live("--help on every command, and --version", () =>
    Effect.promise(async () => {
      const root = await cli(["--help"])
      assert.strictEqual(root.code, 0)
      assert.include(root.stdout, "users")
      const exportHelp = await cli(["users", "export", "--help"])
      for (
        const flag of ["--format", "--organization", "--email", "--out", "--resume", "--emulator", "--rate-limits"]
      ) {
        assert.include(exportHelp.stdout, flag)
      }
      const importHelp = await cli(["users", "import", "--help"])
      for (
        const flag of ["--format", "--passwords", "--concurrency", "--dry-run", "--report", "--resume", "--update"]
      ) {
        assert.include(importHelp.stdout, flag)
      }
      const version = await cli(["--version"])
      const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../package.json"), "utf8"))
      assert.strictEqual(version.stdout.trim(), pkg.version)
    }), 60_000)

  it.live(
    "one line and exit 1 for a bad flag, a missing key, a malformed seed, a missing file",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const dir = yield* tempDir
        const seed = path.join(dir, "seed.json")
        fs.writeFileSync(seed, "{\"users\": {}}")
        const cases: Array<[Array<string>, RegExp]> = [
          [["users", "export", "--format", "xml"], /Expected one of the following cases: ndjson, csv, json/],
          [["users", "export"], /^effect-workos: No API key: set WORKOS_API_KEY or pass --api-key/m],
          [["users", "export", "--emulator", "--emulator-seed", seed], /is not a seed file: "users" must be an array/],
          [["users", "import", path.join(dir, "missing.ndjson"), "--emulator"], /missing\.ndjson/]
        ]
        for (const [args, expected] of cases) {
          const run = yield* Effect.promise(() => cli(args))
          assert.strictEqual(run.code, 1, `${args.join(" ")}: ${run.stderr}`)
          assert.match(run.stderr, expected)
          noStackTrace(run.stderr)
        }
      })),
    60_000
  )

  it.live(
    "--emulator: an export from a seeded embedded emulator, with no account and no network",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const dir = yield* tempDir
        const seed = path.join(dir, "seed.json")
        fs.writeFileSync(seed, JSON.stringify({ users: [{ email: "ada@example.com", firstName: "Ada" }] }))
        const run = yield* Effect.promise(() =>
          cli(["users", "export", "--emulator", "--emulator-seed", seed, "--format", "json", "--progress", "none"])
        )
        assert.strictEqual(run.code, 0, run.stderr)
        const [user] = JSON.parse(run.stdout)
        assert.deepInclude(user, { email: "ada@example.com", first_name: "Ada", email_verified: true })
      })),
    60_000
  )
})
