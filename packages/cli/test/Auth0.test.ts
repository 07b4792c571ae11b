import { assert, describe, it } from "@effect/vitest"
import { Either } from "effect"
import { Auth0 } from "effect-workos-cli"

const flat = (user: unknown, app: unknown) => Auth0.flattenMetadata(user, app)

describe("Auth0.flattenMetadata", () => {
  it("keeps user_metadata keys, prefixes app_metadata keys with app., dots nested objects", () => {
    assert.deepStrictEqual(
      flat(
        { plan: "pro", address: { city: "Oslo", geo: { lat: 59.9 } }, beta: true, seats: 3, gone: null },
        { roles: ["admin", "billing"], plan: "enterprise" }
      ),
      Either.right({
        plan: "pro",
        "address.city": "Oslo",
        "address.geo.lat": "59.9",
        beta: "true",
        seats: "3",
        "app.roles": "[\"admin\",\"billing\"]",
        "app.plan": "enterprise"
      })
    )
  })

  it("is empty without metadata", () => {
    assert.deepStrictEqual(flat(undefined, undefined), Either.right({}))
    assert.deepStrictEqual(flat(null, {}), Either.right({}))
  })

  it("fits exactly at WorkOS's limits: 50 keys, 40-character keys, 600-character values", () => {
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]))
    assert.isTrue(Either.isRight(flat(fifty, undefined)))
    assert.isTrue(Either.isRight(flat({ ["k".repeat(40)]: "x".repeat(600) }, undefined)))
  })

  it("names the key and the limit when it does not fit", () => {
    const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]))
    assert.deepStrictEqual(
      flat(fiftyOne, undefined),
      Either.left({ key: "k50", message: "metadata has 51 keys once flattened (at most 50)" })
    )
    assert.deepStrictEqual(
      flat({ ["k".repeat(41)]: "v" }, undefined),
      Either.left({
        key: "k".repeat(41),
        message: `metadata key "${"k".repeat(41)}" has 41 characters once flattened (at most 40)`
      })
    )
    assert.deepStrictEqual(
      flat({ bio: "x".repeat(601) }, undefined),
      Either.left({ key: "bio", message: "metadata value of \"bio\" has 601 characters (at most 600)" })
    )
    // Nesting counts: the flattened key is what must fit.
    assert.strictEqual(
      Either.getLeft(flat({ a: { ["b".repeat(39)]: "v" } }, undefined)).pipe((o) => o._tag === "Some" && o.value.key),
      `a.${"b".repeat(39)}`
    )
  })

  it("refuses a key that appears twice once flattened, and metadata that is not an object", () => {
    assert.deepStrictEqual(
      flat({ "a.b": "1", a: { b: "2" } }, undefined),
      Either.left({ key: "a.b", message: "metadata key \"a.b\" appears twice once flattened" })
    )
    assert.deepStrictEqual(
      flat(["x"], undefined),
      Either.left({ key: "user_metadata", message: "user_metadata is not an object" })
    )
    assert.deepStrictEqual(
      flat({}, "x"),
      Either.left({ key: "app_metadata", message: "app_metadata is not an object" })
    )
  })
})

describe("Auth0 password hashes", () => {
  it("recognises bcrypt and argon2 hashes only", () => {
    assert.strictEqual(Auth0.detectHashType("$2b$10$abcdefghijklmnopqrstuuWc0gkYh3i4kN1x0y7tQ6m1z0Qm0aLxG"), "bcrypt")
    assert.strictEqual(Auth0.detectHashType("$2a$04$x"), "bcrypt")
    assert.strictEqual(Auth0.detectHashType("$2y$12$x"), "bcrypt")
    assert.strictEqual(Auth0.detectHashType("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"), "argon2")
    assert.strictEqual(Auth0.detectHashType("5f4dcc3b5aa765d61d8327deb882cf99"), undefined)
    assert.strictEqual(Auth0.detectHashType("x$2b$10$"), undefined)
  })

  it("reads Auth0's password export lines and this CLI's own, keyed by email and user id", () => {
    assert.deepStrictEqual(
      Auth0.passwordEntry({ _id: { $oid: "60425dc4" }, email: "Ada@Example.com", passwordHash: "$2b$10$h" }),
      { keys: ["ada@example.com", "auth0|60425dc4"], entry: { hash: "$2b$10$h", type: "bcrypt" } }
    )
    assert.deepStrictEqual(
      Auth0.passwordEntry({ email: "b@example.com", password_hash: "c2FsdA", password_hash_type: "ssha" }),
      { keys: ["b@example.com"], entry: { hash: "c2FsdA", type: "ssha" } }
    )
    assert.deepStrictEqual(
      Auth0.passwordEntry({ email: "c@example.com", passwordHash: "5f4dcc3b" }),
      { keys: ["c@example.com"], entry: { hash: "5f4dcc3b", type: undefined } }
    )
    assert.strictEqual(Auth0.passwordEntry({ email: "d@example.com" }), undefined)
    assert.strictEqual(Auth0.passwordEntry({ passwordHash: "$2b$10$h" }), undefined)
    assert.strictEqual(Auth0.passwordEntry("text"), undefined)
  })
})
