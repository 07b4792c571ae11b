/**
 * Handling errors: every failure is a tagged error you can catch by name.
 */
import { Duration, Effect } from "effect"
import { Users, type WorkOSError } from "effect-workos"

// --- catch-tags
export const describeUser = (userId: string) =>
  Users.get(userId).pipe(
    Effect.map((user) => `${user.email} (${user.emailVerified ? "verified" : "unverified"})`),
    Effect.catchTags({
      WorkOSNotFound: () => Effect.succeed("no such user"),
      WorkOSInvalidRequest: (e) => Effect.succeed(`bad input: ${e.message}`),
      WorkOSRateLimited: (e) =>
        Effect.succeed(`rate limited, retry in ${e.retryAfter ? Duration.format(e.retryAfter) : "a while"}`)
    })
  )
// --- end

// --- request-id
// Every API error carries the x-request-id WorkOS support asks for.
export const logFailures = <A, R>(self: Effect.Effect<A, WorkOSError.RequestFailure, R>) =>
  self.pipe(
    Effect.tapError((e) =>
      Effect.logError(`${e._tag} ${e.method} ${e.path}: ${e.message}`).pipe(
        Effect.annotateLogs({ requestId: e.requestId, status: e.status })
      )
    )
  )
// --- end
