/**
 * The effect-workos tour. With no configuration it runs on the embedded emulator (an
 * in-memory WorkOS); with WORKOS_API_KEY set it runs the read-only parts against the real
 * API instead.
 *
 *   npx -y pnpm@10 install && npx -y pnpm@10 demo
 */
import { Chunk, Config, Console, Effect, Layer, Option, Stream } from "effect"
import { Users, WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"

const domains = ["acme.com", "globex.com", "initech.com", "umbrella.com", "example.com"]

const EmbeddedWorkOS = Emulator.layer({
  organizations: [{ id: "org_acme", name: "Acme" }],
  users: Array.from({ length: 1_250 }, (_, i) => ({
    email: `person${i}@${domains[(i * 7) % domains.length]}`,
    emailVerified: i % 9 !== 0,
    memberships: i % 3 === 0 ? [{ organization: "org_acme" }] : []
  }))
})

/** Stream every user (pages of 100, fetched as consumed) and count them by domain. */
const countByDomain = Users.list().pipe(
  Stream.mapChunksEffect((chunk) =>
    Effect.as(Console.log(`  ...received a page of ${Chunk.size(chunk)} users`), chunk)
  ),
  Stream.runFold(new Map<string, number>(), (counts, user) => {
    const domain = user.email.split("@")[1] ?? "?"
    return counts.set(domain, (counts.get(domain) ?? 0) + 1)
  })
)

const readOnlyTour = Effect.gen(function*() {
  yield* Console.log("\n1. Stream every user through a pipeline, in constant memory")
  const start = Date.now()
  const counts = yield* countByDomain
  const total = [...counts.values()].reduce((a, b) => a + b, 0)
  yield* Console.log(`   ${total} users in ${Date.now() - start} ms, by email domain:`)
  for (const [domain, count] of [...counts].sort((a, b) => b[1] - a[1])) {
    yield* Console.log(`     ${domain.padEnd(14)} ${count}`)
  }

  yield* Console.log("\n2. Errors are typed: catch them by name")
  const missing = yield* Users.get("user_does_not_exist").pipe(
    Effect.as("found?!"),
    Effect.catchTag("WorkOSNotFound", (e) => Effect.succeed(`WorkOSNotFound (request id ${e.requestId})`))
  )
  yield* Console.log(`   Users.get("user_does_not_exist") -> ${missing}`)
  // A hostile id cannot climb the path: it is sent as one encoded segment, or rejected before sending.
  const climbing = yield* Users.get("../admin").pipe(
    Effect.as("found?!"),
    Effect.catchTags({
      WorkOSNotFound: (e) => Effect.succeed(`WorkOSNotFound at ${e.path}`),
      WorkOSInvalidRequest: (e) => Effect.succeed(`WorkOSInvalidRequest: ${e.message}`)
    })
  )
  const empty = yield* Users.get("").pipe(
    Effect.as("sent?!"),
    Effect.catchTag("WorkOSInvalidRequest", (e) => Effect.succeed(`WorkOSInvalidRequest, nothing sent: ${e.message}`))
  )
  yield* Console.log(`   Users.get("../admin") -> ${climbing}`)
  yield* Console.log(`   Users.get("") -> ${empty}`)
})

const emulatorTour = Effect.gen(function*() {
  yield* Console.log("effect-workos tour on the embedded emulator (no network, no API key)")
  yield* readOnlyTour
  const emulator = yield* Emulator.Emulator

  yield* Console.log("\n3. Retries are safe by construction")
  const someone = [...emulator.world.users.keys()][0]!
  emulator.failNext({ method: "GET", path: `/user_management/users/${someone}`, status: 503, times: 2 })
  const user = yield* Users.get(someone).pipe(
    WorkOSConfig.withRequestOptions({ retry: { maxRetries: 3, baseDelay: "100 millis" } })
  )
  yield* Console.log(`   GET failed twice with 503, was retried, and returned ${user.email}`)
  emulator.failNext({ method: "POST", path: "/user_management/users", status: 500 })
  const create = yield* Users.create({ email: "new.hire@acme.com" }).pipe(
    WorkOSConfig.withRequestOptions({ retry: { maxRetries: 3, baseDelay: "100 millis" } }),
    Effect.as("created"),
    Effect.catchTag("WorkOSServerError", (e) => Effect.succeed(`${e._tag} ${e.status}, not retried`))
  )
  yield* Console.log(`   POST create user answered 500 -> ${create} (it may have been created: no duplicates)`)
  yield* Console.log(
    `\nThe emulator answered ${emulator.exchanges.length} requests. Next: the sign-in tour arrives with the Authentication module.`
  )
})

const realApiTour = Effect.gen(function*() {
  yield* Console.log("effect-workos tour against the real WorkOS API (read-only)")
  yield* readOnlyTour
})

const program = Effect.gen(function*() {
  const apiKey = yield* Config.option(Config.string("WORKOS_API_KEY"))
  if (Option.isSome(apiKey)) {
    return yield* realApiTour.pipe(Effect.provide(WorkOSConfig.layerFetch))
  }
  return yield* emulatorTour.pipe(Effect.provide(Layer.fresh(EmbeddedWorkOS)))
})

Effect.runPromise(program).catch((error) => {
  process.exitCode = 1
  console.error(error)
})
