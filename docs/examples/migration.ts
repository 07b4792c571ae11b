/**
 * Moving from Auth0: the bulk import from code, and keeping WorkOS in step with Auth0
 * during a cut-over.
 */
import { Effect, Either } from "effect"
import { Users } from "effect-workos"
import { Auth0, Import } from "effect-workos-cli"

// --- bulk
// What `effect-workos users import … --format auth0` runs, from your own program (for
// example inside a job runner that provides the SDK's layers).
export const importFromAuth0 = (usersFile: string, passwordsFile: string) =>
  Import.run({ file: usersFile, format: "auth0", passwords: passwordsFile, progress: "plain" }).pipe(
    Effect.tap((summary) =>
      Effect.log(`${summary.created} created, ${summary.skipped} skipped, ${summary.failed} failed`)
    )
  )
// --- end

// --- mirror
// An Auth0 user as your Auth0 Action or Management API call sees it.
export interface Auth0User {
  readonly user_id: string
  readonly email: string
  readonly email_verified?: boolean | undefined
  readonly given_name?: string | undefined
  readonly family_name?: string | undefined
  readonly user_metadata?: Record<string, unknown> | undefined
  readonly app_metadata?: Record<string, unknown> | undefined
}

// During the cut-over, every change made in Auth0 is mirrored into WorkOS. The Auth0 user
// id is the WorkOS user's externalId, so the mirror finds the user whatever its email.
export const mirrorAuth0User = (user: Auth0User) =>
  Effect.gen(function*() {
    const metadata = Auth0.flattenMetadata(user.user_metadata, user.app_metadata)
    if (Either.isLeft(metadata)) return yield* Effect.fail(metadata.left)
    const fields = {
      email: user.email,
      emailVerified: user.email_verified ?? false,
      ...(user.given_name === undefined ? {} : { firstName: user.given_name }),
      ...(user.family_name === undefined ? {} : { lastName: user.family_name }),
      metadata: metadata.right
    }
    return yield* Users.getByExternalId(user.user_id).pipe(
      Effect.flatMap((existing) => Users.update(existing.id, fields)),
      Effect.catchTag("WorkOSNotFound", () => Users.create({ ...fields, externalId: user.user_id }))
    )
  })

// Deleting in Auth0 deletes in WorkOS; a user WorkOS never had is already gone.
export const mirrorAuth0Deletion = (auth0UserId: string) =>
  Users.getByExternalId(auth0UserId).pipe(
    Effect.flatMap((user) => Users.delete(user.id)),
    Effect.catchTag("WorkOSNotFound", () => Effect.void)
  )
// --- end
