/**
 * docs/migrating-from-auth0.md: the bulk import from code and the cut-over mirror, on the
 * in-process emulator.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Users } from "effect-workos"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { importFromAuth0, mirrorAuth0Deletion, mirrorAuth0User } from "./migration.js"
import { emulated } from "./utils/emulated.js"

const everyUser = Effect.map(Stream.runCollect(Users.list({ order: "asc" })), (users) => Array.from(users))

describe("migrating from Auth0", () => {
  it.effect("the mirror creates, then updates by the Auth0 id even after an email change, then deletes", () =>
    Effect.gen(function*() {
      const created = yield* mirrorAuth0User({
        user_id: "auth0|1",
        email: "ada@example.com",
        given_name: "Ada",
        user_metadata: { theme: "dark" },
        app_metadata: { roles: ["admin"] }
      })
      assert.deepInclude(created, {
        email: "ada@example.com",
        firstName: "Ada",
        externalId: "auth0|1",
        emailVerified: false,
        metadata: { theme: "dark", "app.roles": "[\"admin\"]" }
      })
      const updated = yield* mirrorAuth0User({
        user_id: "auth0|1",
        email: "ada.lovelace@example.com",
        email_verified: true,
        family_name: "Lovelace"
      })
      assert.strictEqual(updated.id, created.id)
      assert.deepInclude(updated, { email: "ada.lovelace@example.com", lastName: "Lovelace", emailVerified: true })
      assert.strictEqual((yield* everyUser).length, 1)
      const tooBig = yield* Effect.flip(
        mirrorAuth0User({ user_id: "auth0|2", email: "b@example.com", user_metadata: { bio: "x".repeat(601) } })
      )
      assert.strictEqual("key" in tooBig && tooBig.key, "bio")
      yield* mirrorAuth0Deletion("auth0|1")
      yield* mirrorAuth0Deletion("auth0|1")
      assert.deepStrictEqual(yield* everyUser, [])
    }).pipe(Effect.provide(emulated())))

  it.scoped("the bulk import from code reads an Auth0 export and its password export", () =>
    Effect.gen(function*() {
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "migration-"))),
        (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
      )
      const users = path.join(dir, "users.ndjson")
      const passwords = path.join(dir, "passwords.ndjson")
      fs.writeFileSync(users, JSON.stringify({ user_id: "auth0|abc", email: "ada@example.com" }) + "\n")
      fs.writeFileSync(
        passwords,
        JSON.stringify({
          _id: { $oid: "abc" },
          email: "ada@example.com",
          passwordHash: "$2b$04$C6UzMDM.H6dfI/f/IKxGhuUBSOD5zlgAqi9hTKpBjaLyqvNdc5JNC"
        }) + "\n"
      )
      const summary = yield* importFromAuth0(users, passwords)
      assert.deepInclude(summary, { created: 1, failed: 0 })
      const [user] = yield* everyUser
      assert.deepInclude(user, { email: "ada@example.com", externalId: "auth0|abc" })
    }).pipe(Effect.provide(emulated())))
})
