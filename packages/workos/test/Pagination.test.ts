/**
 * The pagination helper, through `Users.list` / `Users.listPage`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { Users, WorkOSConfig } from "../src/index.js"
import { runWithClock, waitUntil } from "./utils/clock.js"
import { layer as testLayer, TestWorkOS } from "./utils/TestWorkOS.js"

const setup = (count: number, make?: Parameters<TestWorkOS["seedUsers"]>[1]) => {
  const fake = new TestWorkOS()
  const users = fake.seedUsers(count, make)
  return { fake, users, layer: testLayer(fake) }
}

describe("list streams", () => {
  it.effect("follows `after` over several pages and sends the same filters on every page", () => {
    const { fake, layer } = setup(40, (i) => ({ organization_id: i % 2 === 0 ? "org_even" : "org_odd" }))
    return Effect.gen(function*() {
      const users = yield* Stream.runCollect(Users.list({ organizationId: "org_even", limit: 6, order: "asc" }))
      assert.strictEqual(users.length, 20)
      assert.strictEqual(new Set(Chunk.toArray(users).map((u) => u.id)).size, 20)
      assert.strictEqual(fake.requests.length, 4, "20 items in pages of 6")
      for (const [i, request] of fake.requests.entries()) {
        assert.strictEqual(request.query.get("organization_id"), "org_even")
        assert.strictEqual(request.query.get("limit"), "6")
        assert.strictEqual(request.query.get("order"), "asc")
        assert.strictEqual(request.query.has("after"), i > 0)
      }
      // Each request continues after the last item of the previous page.
      assert.strictEqual(fake.requests[1]!.query.get("after"), Chunk.unsafeGet(users, 5).id)
    }).pipe(Effect.provide(layer))
  })

  it.effect("uses pages of 100 unless told otherwise", () => {
    const { fake, layer } = setup(150)
    return Effect.gen(function*() {
      assert.strictEqual(yield* Stream.runCount(Users.list()), 150)
      assert.deepStrictEqual(fake.requests.map((r) => r.query.get("limit")), ["100", "100"])
    }).pipe(Effect.provide(layer))
  })

  it.effect("resumes from a caller's `after` cursor", () => {
    const { layer, users } = setup(30)
    return Effect.gen(function*() {
      // Default order is newest first: after users[20] come users[19] … users[0].
      const rest = yield* Stream.runCollect(Users.list({ after: users[20]!.id, limit: 7 }))
      assert.deepStrictEqual(Chunk.toArray(rest).map((u) => u.id), users.slice(0, 20).reverse().map((u) => u.id))
    }).pipe(Effect.provide(layer))
  })

  it.effect("follows `before` when the caller starts from `before`", () => {
    const { fake, layer, users } = setup(30)
    return Effect.gen(function*() {
      // Newest first, so the items before users[5] are users[29] … users[6].
      const earlier = yield* Stream.runCollect(Users.list({ before: users[5]!.id, limit: 10 }))
      assert.strictEqual(earlier.length, 24)
      assert.deepStrictEqual(
        new Set(Chunk.toArray(earlier).map((u) => u.id)),
        new Set(users.slice(6).map((u) => u.id))
      )
      assert.isTrue(fake.requests.every((r) => r.query.has("before") && !r.query.has("after")))
      assert.strictEqual(fake.requests.length, 3)
    }).pipe(Effect.provide(layer))
  })

  it.effect("Stream.take(5) costs one request", () => {
    const { fake, layer } = setup(500)
    return Effect.gen(function*() {
      const five = yield* Stream.runCollect(Stream.take(Users.list(), 5))
      assert.strictEqual(five.length, 5)
      assert.strictEqual(fake.requests.length, 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a page without list_metadata has no cursors, and a stream of it ends", () => {
    const { fake, layer, users } = setup(3)
    return Effect.gen(function*() {
      fake.failNext({ status: 200, body: JSON.stringify({ object: "list", data: [] }) })
      const page = yield* Users.listPage({ limit: 5 })
      assert.deepStrictEqual([page.listMetadata.before, page.listMetadata.after], [null, null])
      fake.failNext({ status: 200, body: JSON.stringify({ data: [users[0]!] }) })
      const listed = yield* Stream.runCollect(Users.list({ limit: 5 }))
      assert.deepStrictEqual(Chunk.toArray(listed).map((u) => u.id), [users[0]!.id])
      assert.strictEqual(fake.requests.length, 2)
    }).pipe(Effect.provide(layer))
  })

  it.effect("an empty page that still has a cursor is followed: nothing after it is lost", () => {
    const { fake, layer, users } = setup(12)
    // A server that filters after paging may answer an empty page with a next cursor.
    fake.failNext({
      status: 200,
      body: JSON.stringify({ object: "list", data: [], list_metadata: { before: null, after: users[9]!.id } }),
      times: 1
    })
    return Effect.gen(function*() {
      const listed = yield* Stream.runCollect(Users.list({ limit: 5, order: "asc" }))
      assert.deepStrictEqual(Chunk.toArray(listed).map((u) => u.id), users.slice(10).map((u) => u.id))
      assert.strictEqual(fake.requests[1]!.query.get("after"), users[9]!.id)
      // An empty page without a cursor ends the stream.
      fake.failNext({ status: 200, body: JSON.stringify({ object: "list", data: [], list_metadata: { after: null } }) })
      assert.strictEqual(yield* Stream.runCount(Users.list({ limit: 5 })), 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a failed page carries the cursor to resume from: the resumed stream loses and repeats nothing", () => {
    const { fake, layer, users } = setup(23)
    return Effect.gen(function*() {
      const seen: Array<string> = []
      const error = yield* Users.list({ limit: 5, order: "asc" }).pipe(
        Stream.tap((user) =>
          Effect.sync(() => {
            seen.push(user.id)
            // Pages 1 and 2 arrived; the request for page 3 fails.
            if (seen.length === 10) fake.failNext({ status: 500, body: { message: "Oops" } })
          })
        ),
        Stream.runDrain,
        Effect.flip
      )
      assert.strictEqual(error._tag, "WorkOSServerError")
      assert.strictEqual(error.resumeCursor, users[9]!.id)
      assert.strictEqual(error.message, "Oops")
      assert.strictEqual(error.status, 500)
      const rest = yield* Stream.runCollect(Users.list({ limit: 5, order: "asc", after: error.resumeCursor! }))
      assert.deepStrictEqual([...seen, ...Chunk.toArray(rest).map((u) => u.id)], users.map((u) => u.id))

      // The first page failed and the stream had no cursor: start again.
      fake.failNext({ status: 500, body: { message: "Oops" } })
      const first = yield* Effect.flip(Stream.runDrain(Users.list()))
      assert.isNull(first.resumeCursor)
      // A caller's own starting cursor is where to resume when the first page fails.
      fake.failNext({ status: 500, body: { message: "Oops" } })
      const fromCursor = yield* Effect.flip(Stream.runDrain(Users.list({ after: users[3]!.id })))
      assert.strictEqual(fromCursor.resumeCursor, users[3]!.id)
      // Errors outside streams carry none.
      fake.failNext({ status: 500, body: { message: "Oops" } })
      assert.isUndefined((yield* Effect.flip(Users.get(users[0]!.id))).resumeCursor)
    }).pipe(WorkOSConfig.withRequestOptions({ retry: "none" }), Effect.provide(layer))
  })

  it.effect("a server echoing the caller's own starting cursor is a loop at once, not one request later", () => {
    const { fake, layer, users } = setup(10)
    const start = users[2]!.id
    fake.failNext({
      status: 200,
      body: JSON.stringify({ object: "list", data: users.slice(3, 5), list_metadata: { before: null, after: start } }),
      times: 5
    })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Stream.runDrain(Users.list({ limit: 2, after: start })))
      assert.strictEqual(error._tag, "WorkOSPaginationLoop")
      assert.strictEqual(fake.requests.length, 1)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a repeated cursor fails with WorkOSPaginationLoop instead of looping", () => {
    const { fake, layer, users } = setup(30)
    const stuck = users[25]!.id
    // A broken server: every page points at the same next cursor.
    const page = JSON.stringify({
      object: "list",
      data: users.slice(0, 5),
      list_metadata: { before: null, after: stuck }
    })
    fake.failNext({ status: 200, body: page, times: 5 })
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Stream.runDrain(Users.list({ limit: 5 })))
      assert.strictEqual(error._tag, "WorkOSPaginationLoop")
      if (error._tag === "WorkOSPaginationLoop") assert.strictEqual(error.cursor, stuck)
      assert.strictEqual(error.message, `The server returned the cursor "${stuck}" twice; stopping instead of looping`)
      assert.strictEqual(error.path, "/user_management/users")
      assert.strictEqual(fake.requests.length, 2)
    }).pipe(Effect.provide(layer))
  })

  it.effect("a 429 mid-stream retries the same cursor, nothing lost or repeated", () => {
    const { fake, layer } = setup(25)
    return Effect.gen(function*() {
      let pages = 0
      const stream = Users.list({ limit: 10 }).pipe(
        Stream.tap(() =>
          Effect.sync(() => {
            if (++pages === 10) fake.failNext({ status: 429, headers: { "retry-after": "2" } })
          })
        )
      )
      const all = yield* runWithClock(Stream.runCollect(stream))
      assert.strictEqual(new Set(Chunk.toArray(all).map((u) => u.id)).size, 25)
      assert.strictEqual(all.length, 25)
      const afters = fake.requests.map((r) => r.query.get("after"))
      assert.strictEqual(afters.length, 4)
      assert.strictEqual(afters[1], afters[2], "the retried request used the same cursor")
    }).pipe(Effect.provide(layer))
  })

  it.effect("rejects bad page sizes before sending", () => {
    const { fake, layer } = setup(1)
    return Effect.gen(function*() {
      for (const limit of [0, 101, 1.5]) {
        const error = yield* Effect.flip(Stream.runDrain(Users.list({ limit })))
        assert.strictEqual(error._tag, "WorkOSInvalidRequest")
        assert.strictEqual(error._tag === "WorkOSInvalidRequest" && error.field, "limit")
        const pageError = yield* Effect.flip(Users.listPage({ limit }))
        assert.strictEqual(pageError._tag, "WorkOSInvalidRequest")
      }
      const order = yield* Effect.flip(Users.listPage({ order: "sideways" as "asc" }))
      assert.strictEqual(order._tag, "WorkOSInvalidRequest")
      // The error names every allowed value, and never the rejected one.
      assert.strictEqual(order.message, `Invalid query at order: Expected "asc" | "desc" | "normal"`)
      assert.strictEqual(fake.requests.length, 0)
    }).pipe(Effect.provide(layer))
  })

  it.effect("prefetch fetches the next page while the consumer is still on this one", () => {
    const { fake, layer } = setup(30)
    return Effect.gen(function*() {
      let sawPrefetch = false
      const stream = Users.list({ limit: 10 }, { prefetch: 1 }).pipe(
        Stream.mapChunksEffect((chunk) =>
          fake.requests.length === 1
            ? waitUntil(() => fake.requests.length >= 2, 500).pipe(
              Effect.map(() => {
                sawPrefetch = true
                return chunk
              })
            )
            : Effect.succeed(chunk)
        )
      )
      assert.strictEqual(yield* Stream.runCount(stream), 30)
      assert.isTrue(sawPrefetch, "page 2 was requested while page 1 was being consumed")
    }).pipe(Effect.provide(layer))
  })

  it.effect("without prefetch the next page waits for the consumer", () => {
    const { fake, layer } = setup(30)
    return Effect.gen(function*() {
      const counts: Array<number> = []
      const stream = Users.list({ limit: 10 }).pipe(
        Stream.mapChunksEffect((chunk) => Effect.as(Effect.sync(() => counts.push(fake.requests.length)), chunk))
      )
      yield* Stream.runDrain(stream)
      assert.deepStrictEqual(counts, [1, 2, 3])
    }).pipe(Effect.provide(layer))
  })

  it.effect("withRequestOptions applies to every page of a stream", () => {
    const { fake, layer } = setup(30)
    return Effect.gen(function*() {
      let consumed = 0
      const stream = Users.list({ limit: 10 }).pipe(
        Stream.tap(() =>
          Effect.sync(() => {
            if (++consumed === 10) fake.failNext({ status: 503, times: 5 })
          })
        ),
        WorkOSConfig.withRequestOptions({ retry: "none" })
      )
      const error = yield* Effect.flip(Stream.runDrain(stream))
      assert.strictEqual(error._tag, "WorkOSServerError")
      assert.strictEqual(fake.requests.length, 2, "page 2 failed once and was not retried")
    }).pipe(Effect.provide(layer))
  })

  it.effect("prefetch is an integer from 1 to 16: anything else fails before a request", () => {
    const { fake, layer } = setup(3)
    return Effect.gen(function*() {
      for (const prefetch of [0, 17, 1.5, -1, Number.NaN]) {
        const error = yield* Effect.flip(Stream.runDrain(Users.list({}, { prefetch })))
        assert.strictEqual(error._tag, "WorkOSInvalidRequest")
        assert.strictEqual(error.message, "prefetch must be an integer from 1 to 16")
        assert.strictEqual(error._tag === "WorkOSInvalidRequest" && error.field, "prefetch")
        assert.strictEqual(error.path, "/user_management/users")
        assert.strictEqual(error.method, "GET")
      }
      assert.strictEqual(fake.requests.length, 0)
      for (const prefetch of [1, 16]) assert.strictEqual(yield* Stream.runCount(Users.list({}, { prefetch })), 3)
    }).pipe(Effect.provide(layer))
  })

  it.live("prefetch N keeps at most N pages ahead of a consumer that has stopped", () => {
    const { fake, layer } = setup(40)
    return Effect.gen(function*() {
      // The consumer takes one user, then waits: the stream fetches page 1 and then fills
      // its buffer of 6 pages (one more waits to be put), never the 40 pages there are.
      yield* Users.list({ limit: 1 }, { prefetch: 6 }).pipe(
        Stream.tap(() => Effect.sleep("100 millis")),
        Stream.take(1),
        Stream.runDrain
      )
      assert.isAtLeast(fake.requests.length, 7)
      assert.isAtMost(fake.requests.length, 9)
    }).pipe(Effect.provide(layer))
  })

  it.effect("given both cursors, follows `after` and keeps the caller's `before` on every page", () => {
    const { fake, layer, users } = setup(30)
    return Effect.gen(function*() {
      // Newest first: after users[25] and before users[5] are users[24] … users[6].
      yield* Stream.runDrain(Users.list({ after: users[25]!.id, before: users[5]!.id, limit: 5 }))
      assert.isAtLeast(fake.requests.length, 2)
      for (const request of fake.requests) assert.strictEqual(request.query.get("before"), users[5]!.id)
      assert.deepStrictEqual(
        fake.requests.slice(1).map((r) => r.query.get("after")),
        fake.requests.slice(1).map((_, i) => users[25 - 5 * (i + 1)]!.id)
      )
    }).pipe(Effect.provide(layer))
  })

  it.effect("listPage returns one page with its cursors", () => {
    const { layer, users } = setup(15)
    return Effect.gen(function*() {
      const page = yield* Users.listPage({ limit: 10, order: "asc" })
      assert.strictEqual(page.data.length, 10)
      assert.strictEqual(page.listMetadata.after, users[9]!.id)
      assert.strictEqual(page.listMetadata.before, null)
      const next = yield* Users.listPage({ limit: 10, order: "asc", after: page.listMetadata.after! })
      assert.strictEqual(next.data.length, 5)
      assert.strictEqual(next.listMetadata.after, null)
    }).pipe(Effect.provide(layer))
  })
})
