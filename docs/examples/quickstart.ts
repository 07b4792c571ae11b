/**
 * The README's Quick start: a whole program. The consumer suite runs it, copied from the
 * README, against the packed emulator with only the README's install command.
 */
// --- quickstart
import { Effect, Stream } from "effect"
import { Users, WorkOSConfig } from "effect-workos"

const program = Effect.gen(function*() {
  const created = yield* Users.create({ email: "ada@example.com", firstName: "Ada" })
  const user = yield* Users.get(created.id)
  // Lists are Streams: pages are fetched as the stream is consumed.
  const total = yield* Stream.runCount(Users.list())
  return `${user.email} is one of ${total} users`
}).pipe(
  // Errors are tagged: a second run finds the email taken.
  Effect.catchTag("WorkOSBadRequest", (error) => Effect.succeed(`not created: ${error.message}`)),
  // WORKOS_API_KEY, WORKOS_CLIENT_ID and WORKOS_BASE_URL from the environment,
  // with the platform's fetch client.
  Effect.provide(WorkOSConfig.layerFetch)
)

Effect.runPromise(program).then(console.log, console.error)
// --- end
