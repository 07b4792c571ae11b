/**
 * Users: create, read, update, delete, and stream every user through a pipeline.
 * Run it against the real API with `WORKOS_API_KEY=sk_... npx tsx docs/examples/users.ts`.
 */
import { Effect, Redacted, Stream } from "effect"
import { Users, WorkOSConfig, type WorkOSError } from "effect-workos"

// --- create-and-update
export const onboard = Effect.gen(function*() {
  const user = yield* Users.create({
    email: "marcelina.davis@example.com",
    firstName: "Marcelina",
    password: Redacted.make("a long, unguessable passphrase"),
    metadata: { plan: "pro" }
  })
  // Omitted fields are left alone; `null` clears a clearable field.
  const updated = yield* Users.update(user.id, { lastName: "Davis", externalId: null })
  return updated
})
// --- end

// --- get-or-null
export const findUser = (userId: string) =>
  Users.get(userId).pipe(
    Effect.map((user) => user.email),
    Effect.catchTag("WorkOSNotFound", () => Effect.succeed(null))
  )
// --- end

// --- count-by-domain
// Stream every user (pages of 100, fetched as the pipeline consumes them) and count
// them by email domain, in constant memory.
export const countByDomain = Users.list().pipe(
  Stream.runFold(new Map<string, number>(), (counts, user) => {
    const domain = user.email.split("@")[1] ?? "unknown"
    return counts.set(domain, (counts.get(domain) ?? 0) + 1)
  })
)
// --- end

// --- resume
// A long export that survives a failed page: the error carries the cursor that fetches
// that page again, so the export resumes where it stopped, with nothing lost or repeated.
export const exportUsers = (
  write: (user: Users.User) => Effect.Effect<void>,
  attemptsLeft = 3,
  after?: string
): Effect.Effect<void, WorkOSError.ListFailure, Users.Requirements> =>
  Users.list(after === undefined ? {} : { after }).pipe(
    Stream.runForEach(write),
    Effect.catchAll((error) =>
      attemptsLeft > 1 && error.resumeCursor !== undefined
        ? exportUsers(write, attemptsLeft - 1, error.resumeCursor ?? undefined)
        : Effect.fail(error)
    )
  )
// --- end

// --- main
if (import.meta.url === `file://${process.argv[1]}`) {
  countByDomain.pipe(
    Effect.tap((counts) => Effect.log(Object.fromEntries(counts))),
    Effect.provide(WorkOSConfig.layerFetch),
    Effect.runPromise
  )
}
// --- end
