import { assert, describe, it } from "@effect/vitest"
import bcrypt from "bcryptjs"
import { Effect, Stream } from "effect"
import { Authentication, Users } from "effect-workos"
import { Import } from "effect-workos-cli"
import { Emulator } from "effect-workos-emulator"
import * as fs from "node:fs"
import * as path from "node:path"
import { emulated, readLines, tempDir } from "./utils.js"

const hash = bcrypt.hashSync("correct horse battery", 4)
const quiet = { progress: "none" } as const

const write = (dir: string, name: string, lines: ReadonlyArray<unknown>) => {
  const file = path.join(dir, name)
  fs.writeFileSync(file, lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line)) + "\n").join(""))
  return file
}

const signsIn = (email: string, password: string) =>
  Authentication.withPassword({ email, password }).pipe(
    Effect.as(true),
    Effect.catchTag("InvalidCredentials", () => Effect.succeed(false))
  )

const everyUser = Effect.map(Stream.runCollect(Users.list({ order: "asc" })), (users) => Array.from(users))

describe("Import.run", () => {
  it.scoped("creates users with names, verification, external id, metadata and an imported bcrypt hash", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = write(dir, "users.ndjson", [
        {
          email: "ada@example.com",
          first_name: "Ada",
          last_name: "Lovelace",
          email_verified: true,
          external_id: "legacy-1",
          metadata: { plan: "pro" },
          password_hash: hash,
          password_hash_type: "bcrypt"
        },
        "",
        { email: "bob@example.com", email_verified: false }
      ])
      const summary = yield* Import.run({ file, format: "ndjson", ...quiet })
      assert.deepInclude(summary, { created: 2, updated: 0, skipped: 0, failed: 0, valid: 0, rows: 2, dryRun: false })
      assert.strictEqual(summary.report, `${file}.report.ndjson`)
      assert.deepStrictEqual(readLines(summary.report), [])
      assert.isFalse(fs.existsSync(`${summary.report}.checkpoint.json`))
      const [ada, bob] = yield* everyUser
      assert.deepInclude(ada, {
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        emailVerified: true,
        externalId: "legacy-1",
        metadata: { plan: "pro" }
      })
      assert.deepInclude(bob, { email: "bob@example.com", firstName: null, emailVerified: false, externalId: null })
      assert.isTrue(yield* signsIn("ada@example.com", "correct horse battery"))
      assert.isFalse(yield* signsIn("ada@example.com", "wrong horse battery"))
    }).pipe(Effect.provide(emulated())))

  it.scoped("reads CSV with the same columns: empty cells are not given, metadata is a JSON cell", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = path.join(dir, "users.csv")
      fs.writeFileSync(
        file,
        "\uFEFFemail,first_name,last_name,email_verified,external_id,metadata,password_hash,password_hash_type\n" +
          `ada@example.com,Ada,"Love, ""lace""",true,x-1,"{""plan"":""pro""}",${hash},bcrypt\n` +
          "bob@example.com,,,false,,,,\n"
      )
      const summary = yield* Import.run({ file, format: "csv", ...quiet })
      assert.deepInclude(summary, { created: 2, failed: 0 })
      const [ada, bob] = yield* everyUser
      assert.deepInclude(ada, {
        firstName: "Ada",
        lastName: "Love, \"lace\"",
        externalId: "x-1",
        metadata: { plan: "pro" }
      })
      assert.deepInclude(bob, { firstName: null, lastName: null, emailVerified: false, externalId: null })
      assert.isTrue(yield* signsIn("ada@example.com", "correct horse battery"))
    }).pipe(Effect.provide(emulated())))

  it.scoped("running it again skips every row; --update updates them instead; never a duplicate", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const rows = [
        { email: "ada@example.com", first_name: "Ada", external_id: "legacy-1" },
        { email: "bob@example.com", first_name: "Bob" }
      ]
      const file = write(dir, "users.ndjson", rows)
      yield* Import.run({ file, format: "ndjson", ...quiet })
      const again = yield* Import.run({ file, format: "ndjson", ...quiet })
      assert.deepInclude(again, { created: 0, skipped: 2, failed: 0 })
      const skippedRows = (readLines(again.report) as Array<Import.ReportEntry>).sort((a, b) => a.line - b.line)
      assert.deepStrictEqual(
        skippedRows,
        [1, 2].map((line) => ({
          line,
          email: rows[line - 1]!.email,
          status: "skipped",
          tag: "AlreadyExists",
          message: "a user with this email exists (--update updates it)"
        }))
      )
      assert.strictEqual((yield* everyUser).length, 2)

      // The same external id under a new email is the same user.
      const changed = write(dir, "changed.ndjson", [
        { email: "ada.lovelace@example.com", first_name: "Augusta", external_id: "legacy-1", metadata: { v: "2" } },
        {
          email: "bob@example.com",
          first_name: "Robert",
          email_verified: true,
          password_hash: hash,
          password_hash_type: "bcrypt"
        }
      ])
      const skipped = yield* Import.run({ file: changed, format: "ndjson", ...quiet })
      assert.deepInclude(skipped, { created: 0, skipped: 2 })
      assert.include(
        readLines(skipped.report).map((e) => (e as { message: string }).message).join("|"),
        "a user with this external id exists"
      )
      const updated = yield* Import.run({ file: changed, format: "ndjson", update: true, ...quiet })
      assert.deepInclude(updated, { created: 0, updated: 2, skipped: 0, failed: 0 })
      const users = yield* everyUser
      assert.deepStrictEqual(users.map((u) => [u.email, u.firstName, u.externalId, u.metadata]), [
        ["ada@example.com", "Augusta", "legacy-1", { v: "2" }],
        ["bob@example.com", "Robert", null, {}]
      ])
      assert.isTrue(yield* signsIn("bob@example.com", "correct horse battery"))
    }).pipe(Effect.provide(emulated())))

  it.scoped("reports each bad row with its line, email and reason, and imports the rest", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const md5 = "5f4dcc3b5aa765d61d8327deb882cf99"
      const file = write(dir, "users.ndjson", [
        { email: "good@example.com" },
        "{not json",
        { first_name: "No email" },
        { email: "not-an-email" },
        { email: "long@example.com", external_id: "x".repeat(129) },
        { email: "md5@example.com", password_hash: md5, password_hash_type: "md5" },
        { email: "guess@example.com", password_hash: md5 },
        {
          email: "keys@example.com",
          metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))
        },
        { email: "verified@example.com", email_verified: "yes" },
        { email: "good2@example.com", external_id: "x".repeat(128) },
        [md5],
        { email: "typed@example.com", password_hash: { md5 } }
      ])
      const summary = yield* Import.run({ file, format: "ndjson", concurrency: 3, ...quiet })
      assert.deepInclude(summary, { created: 2, failed: 10, skipped: 0, rows: 12 })
      const report = (readLines(summary.report) as Array<Import.ReportEntry>).sort((a, b) => a.line - b.line)
      assert.deepStrictEqual(report.map((e) => [e.line, e.email, e.status, e.tag]), [
        [2, null, "failed", "RowInvalid"],
        [3, null, "failed", "RowInvalid"],
        [4, "not-an-email", "failed", "InvalidEmail"],
        [5, "long@example.com", "failed", "WorkOSInvalidRequest"],
        [6, "md5@example.com", "failed", "WorkOSInvalidRequest"],
        [7, "guess@example.com", "failed", "UnsupportedPasswordHash"],
        [8, "keys@example.com", "failed", "WorkOSInvalidRequest"],
        [9, "verified@example.com", "failed", "RowInvalid"],
        [11, null, "failed", "RowInvalid"],
        [12, "typed@example.com", "failed", "RowInvalid"]
      ])
      // What the row held is not repeated in its message.
      assert.strictEqual(report[9]!.message, "password_hash: Expected string")
      assert.strictEqual(report[0]!.message, "the line is not JSON")
      assert.strictEqual(report[1]!.message, "email: is missing")
      assert.include(report[3]!.message, "externalId is at most 128 characters")
      assert.include(report[5]!.message, "bcrypt, argon2")
      assert.include(report[6]!.message, "metadata has at most 50 keys")
      assert.include(report[7]!.message, "email_verified")
      // Nothing of a hash reaches the report.
      assert.notInclude(fs.readFileSync(summary.report, "utf8"), md5)
      assert.deepStrictEqual((yield* everyUser).map((u) => u.email), ["good@example.com", "good2@example.com"])
    }).pipe(Effect.provide(emulated())))

  it.scoped("a dry run checks every row with the SDK's schemas and sends nothing", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = write(dir, "users.ndjson", [
        { email: "good@example.com", password_hash: hash, password_hash_type: "bcrypt" },
        { email: "long@example.com", external_id: "x".repeat(129) },
        { email: "both@example.com", password_hash: hash, password_hash_type: "bcrypt", password_salt_position: "x" }
      ])
      const summary = yield* Import.run({ file, format: "ndjson", dryRun: true, ...quiet })
      assert.deepInclude(summary, { valid: 2, failed: 1, created: 0, dryRun: true })
      const emulator = yield* Emulator.Emulator
      assert.strictEqual(emulator.count("POST", "/user_management/users"), 0)
      assert.deepStrictEqual((readLines(summary.report) as Array<Import.ReportEntry>).map((e) => e.line), [2])
    }).pipe(Effect.provide(emulated())))

  it.scoped("a row the API refuses is reported with the API's error and the import goes on", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const emulator = yield* Emulator.Emulator
      emulator.failNext({
        method: "POST",
        path: "/user_management/users",
        status: 422,
        body: { code: "invalid_request_parameters", message: `Rejected ${hash}` }
      })
      const file = write(dir, "users.ndjson", [
        { email: "a@example.com", password_hash: hash, password_hash_type: "bcrypt" },
        { email: "b@example.com" }
      ])
      const summary = yield* Import.run({ file, format: "ndjson", concurrency: 1, ...quiet })
      assert.deepInclude(summary, { created: 1, failed: 1 })
      const [entry] = readLines(summary.report) as Array<Import.ReportEntry>
      assert.deepStrictEqual(entry, {
        line: 1,
        email: "a@example.com",
        status: "failed",
        tag: "WorkOSUnprocessable",
        // A message that echoes the hash has it replaced.
        message: "Rejected <redacted>"
      })
    }).pipe(Effect.provide(emulated())))

  it.scoped("--resume continues after the checkpoint's line, keeping its counts and the report up to it", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = write(dir, "users.ndjson", Array.from({ length: 6 }, (_, i) => ({ email: `u${i + 1}@example.com` })))
      const { checkpoint, report } = Import.paths({ file })
      const counts = { created: 2, updated: 0, skipped: 0, failed: 1, valid: 0 }
      fs.writeFileSync(
        checkpoint,
        JSON.stringify(
          { version: 1, file, format: "ndjson", dryRun: false, line: 3, counts } satisfies Import.Checkpoint
        )
      )
      const before = { line: 2, email: "u2@example.com", status: "failed", tag: "X", message: "kept" }
      const after = {
        line: 5,
        email: "u5@example.com",
        status: "failed",
        tag: "X",
        message: "dropped: row 5 runs again"
      }
      write(dir, path.basename(report), [before, after])

      const refused = yield* Effect.flip(Import.run({ file, format: "ndjson", ...quiet }))
      assert.include(refused.message, "stopped at line 3. Pass --resume to continue it")
      const other = yield* Effect.flip(Import.run({ file, format: "csv", resume: true, ...quiet }))
      assert.include(other.message, "belongs to an import of another file or format")

      const summary = yield* Import.run({ file, format: "ndjson", resume: true, ...quiet })
      assert.deepInclude(summary, { created: 5, failed: 1, rows: 6 })
      assert.deepStrictEqual((yield* everyUser).map((u) => u.email), [
        "u4@example.com",
        "u5@example.com",
        "u6@example.com"
      ])
      assert.deepStrictEqual(readLines(report), [before])
      assert.isFalse(fs.existsSync(checkpoint))
    }).pipe(Effect.provide(emulated())))

  it.scoped("a password export line without a hash leaves that user without a password", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = write(dir, "users.ndjson", [
        { email: "a@example.com", email_verified: true },
        { email: "b@example.com", email_verified: true }
      ])
      const passwords = write(dir, "passwords.ndjson", [
        { email: "a@example.com", passwordHash: null },
        { email: "B@Example.com", passwordHash: hash }
      ])
      const summary = yield* Import.run({ file, format: "ndjson", passwords, ...quiet })
      assert.deepInclude(summary, { created: 2, failed: 0 })
      // Emails match whatever their case.
      assert.isTrue(yield* signsIn("b@example.com", "correct horse battery"))
      assert.isFalse(yield* signsIn("a@example.com", "correct horse battery"))
    }).pipe(Effect.provide(emulated())))

  it.scoped("refuses a concurrency outside 1-64 and a file it cannot read, before sending anything", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const file = write(dir, "users.ndjson", [{ email: "a@example.com" }])
      for (const concurrency of [0, 65, 1.5]) {
        const error = yield* Effect.flip(Import.run({ file, format: "ndjson", concurrency, ...quiet }))
        assert.include(error.message, "--concurrency must be an integer from 1 to 64")
      }
      const missing = yield* Effect.flip(
        Import.run({ file: path.join(dir, "nope.ndjson"), format: "ndjson", ...quiet })
      )
      assert.include(missing.message, "Cannot read")
      const badPasswords = write(dir, "passwords.ndjson", [{ email: "a@example.com", passwordHash: hash }, "{oops"])
      const malformed = yield* Effect.flip(
        Import.run({ file, format: "ndjson", passwords: badPasswords, ...quiet })
      )
      assert.strictEqual(malformed.message, `${badPasswords} line 2: not a JSON object (email and passwordHash)`)
      // The report never overwrites an input.
      for (const report of [file, badPasswords]) {
        const overwrite = yield* Effect.flip(
          Import.run({ file, format: "ndjson", passwords: badPasswords, report, ...quiet })
        )
        assert.strictEqual(overwrite.message, `The report ${report} would overwrite an input file`)
      }
      assert.strictEqual(fs.readFileSync(file, "utf8"), "{\"email\":\"a@example.com\"}\n")
      const emulator = yield* Emulator.Emulator
      assert.strictEqual(emulator.count("POST", "/user_management/users"), 0)
    }).pipe(Effect.provide(emulated())))
})
