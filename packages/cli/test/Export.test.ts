import { assert, describe, it } from "@effect/vitest"
import { parse } from "csv-parse/sync"
import { Effect, Stream } from "effect"
import { Users } from "effect-workos"
import { Export } from "effect-workos-cli"
import { Emulator } from "effect-workos-emulator"
import * as fs from "node:fs"
import * as path from "node:path"
import { PassThrough } from "node:stream"
import { emulated, readLines, tempDir } from "./utils.js"

const seedUsers = Array.from({ length: 250 }, (_, i) => ({
  email: `user${i}@example.com`,
  firstName: `First${i}`,
  ...(i % 2 === 0 ? { lastName: `Last "${i}", jr` } : {}),
  externalId: `ext-${i}`,
  metadata: { index: String(i), note: "a,b\nc" },
  emailVerified: i % 3 !== 0
}))

const quiet = { progress: "none" } as const

/** What the export should contain: every user, oldest first, in the API's field names. */
const expected = Effect.map(
  Stream.runCollect(Users.list({ order: "asc" })),
  (users) =>
    Array.from(users, (user) => ({
      id: user.id,
      email: user.email,
      email_verified: user.emailVerified,
      first_name: user.firstName,
      last_name: user.lastName,
      external_id: user.externalId,
      metadata: user.metadata,
      locale: user.locale,
      profile_picture_url: user.profilePictureUrl,
      last_sign_in_at: user.lastSignInAt,
      created_at: user.createdAt,
      updated_at: user.updatedAt
    }))
)

/** A CSV row back into the record it was written from. */
const fromCsv = (row: Record<string, string>) => ({
  ...row,
  email_verified: row["email_verified"] === "true",
  metadata: JSON.parse(row["metadata"]!),
  ...Object.fromEntries(
    ["first_name", "last_name", "external_id", "locale", "profile_picture_url", "last_sign_in_at"].map((
      key
    ) => [key, row[key] === "" ? null : row[key]])
  )
})

const readBack = (file: string, format: Export.Format): Array<unknown> => {
  const text = fs.readFileSync(file, "utf8")
  switch (format) {
    case "ndjson":
      return readLines(file)
    case "json":
      return JSON.parse(text)
    case "csv":
      return (parse(text, { columns: true }) as Array<Record<string, string>>).map(fromCsv)
  }
}

describe("Export.run", () => {
  it.scoped.each(["ndjson", "csv", "json"] as const)(
    "writes every user as %s, then nothing is left behind",
    (format) =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const out = path.join(dir, `users.${format}`)
        const summary = yield* Export.run({ format, out, ...quiet })
        assert.deepStrictEqual(summary, { rows: 250, written: 250, resumedFrom: 0, out })
        assert.deepStrictEqual(readBack(out, format), yield* expected)
        assert.deepStrictEqual(fs.readdirSync(dir), [`users.${format}`])
      }).pipe(Effect.provide(emulated({ users: seedUsers })))
  )

  it.scoped.each(["ndjson", "csv", "json"] as const)(
    "writes a valid empty %s file when there are no users",
    (format) =>
      Effect.gen(function*() {
        const dir = yield* tempDir
        const out = path.join(dir, `users.${format}`)
        yield* Export.run({ format, out, ...quiet })
        assert.deepStrictEqual(readBack(out, format), [])
      }).pipe(Effect.provide(emulated()))
  )

  it.scoped("filters by organization and by email, and writes to a stream without a file", () =>
    Effect.gen(function*() {
      const collect = (options: Omit<Export.Options, "format">) =>
        Effect.gen(function*() {
          const stdout = new PassThrough()
          let text = ""
          stdout.on("data", (chunk: Buffer) => (text += chunk.toString()))
          yield* Export.run({ format: "ndjson", stdout, ...quiet, ...options })
          return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line).email)
        })
      assert.deepStrictEqual(yield* collect({ organizationId: "org_acme" }), ["a@acme.com", "c@acme.com"])
      assert.deepStrictEqual(yield* collect({ email: "b@example.com" }), ["b@example.com"])
      assert.strictEqual((yield* collect({})).length, 3)
    }).pipe(Effect.provide(emulated({
      organizations: [{ id: "org_acme", name: "Acme" }],
      users: [
        { email: "a@acme.com", memberships: [{ organization: "org_acme" }] },
        { email: "b@example.com" },
        { email: "c@acme.com", memberships: [{ organization: "org_acme" }] }
      ]
    }))))

  it.scoped("--resume needs a file", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Export.run({ format: "ndjson", resume: true, ...quiet }))
      assert.strictEqual(error._tag, "CliError")
      assert.strictEqual(error.message, "--resume needs --out: an export to standard output keeps no checkpoint")
    }).pipe(Effect.provide(emulated())))

  it.scoped.each(["ndjson", "csv", "json"] as const)(
    "%s: a failed page leaves a checkpoint; --resume cuts a torn write and finishes with every user once",
    (format) => {
      // The export's second page answers 500 (no retries here): the export stops after 100 users.
      const state: { emulator?: Emulator.EmulatorInstance; pages: number } = { pages: 0 }
      const layer = emulated({
        users: seedUsers,
        onExchange: (exchange) => {
          if (exchange.method === "GET" && exchange.path === "/user_management/users" && ++state.pages === 1) {
            state.emulator!.failNext({ method: "GET", path: "/user_management/users", status: 500 })
          }
        }
      })
      return Effect.gen(function*() {
        state.emulator = yield* Emulator.Emulator
        const dir = yield* tempDir
        const out = path.join(dir, `users.${format}`)
        const { checkpoint, partial } = Export.paths(out)
        const first = yield* Effect.flip(Export.run({ format, out, ...quiet }))
        assert.strictEqual(first._tag, "WorkOSServerError")
        assert.isFalse(fs.existsSync(out))
        const saved = JSON.parse(fs.readFileSync(checkpoint, "utf8")) as Export.Checkpoint
        const all = yield* expected
        assert.deepStrictEqual(saved, {
          version: 1,
          format,
          organizationId: null,
          email: null,
          after: all[99]!.id,
          bytes: fs.statSync(partial).size,
          rows: 100
        })

        // Without --resume it refuses to start over silently.
        const refused = yield* Effect.flip(Export.run({ format, out, ...quiet }))
        assert.include(refused.message, "stopped after 100 users. Pass --resume to continue it")
        // With other options it refuses to mix two exports.
        const mixed = yield* Effect.flip(Export.run({ format, out, email: "x@example.com", resume: true, ...quiet }))
        assert.include(mixed.message, "belongs to an export with other options")

        // A crash in the middle of a write leaves bytes the checkpoint does not count.
        fs.appendFileSync(partial, "{\"torn\": tr")
        const summary = yield* Export.run({ format, out, resume: true, ...quiet })
        assert.deepStrictEqual(summary, { rows: 250, written: 150, resumedFrom: 100, out })
        assert.deepStrictEqual(readBack(out, format), all)
        assert.deepStrictEqual(fs.readdirSync(dir), [`users.${format}`])
      }).pipe(Effect.provide(layer))
    }
  )

  it.scoped("--resume without a checkpoint starts from the beginning", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir
      const out = path.join(dir, "users.ndjson")
      const summary = yield* Export.run({ format: "ndjson", out, resume: true, ...quiet })
      assert.deepStrictEqual(summary, { rows: 250, written: 250, resumedFrom: 0, out })
    }).pipe(Effect.provide(emulated({ users: seedUsers }))))
})
