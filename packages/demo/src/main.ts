/**
 * The effect-workos tour. With no configuration it runs on the embedded emulator (an
 * in-memory WorkOS); with WORKOS_API_KEY set it runs the read-only parts against the real
 * API instead.
 *
 *   npx -y pnpm@10 install && npx -y pnpm@10 demo
 */
import { Chunk, Clock, Config, Console, Effect, Layer, Option, Redacted, Stream } from "effect"
import { AccessToken, Authentication, AuthFactors, Users, WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import * as OTPAuth from "otpauth"

const totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
const adaPassword = Redacted.make("correct horse battery staple")

const domains = ["acme.com", "globex.com", "initech.com", "umbrella.com", "example.com"]

const seed: Emulator.Options = {
  organizations: [{ id: "org_acme", name: "Acme" }, { id: "org_globex", name: "Globex" }],
  users: [
    // Ada meets every step: an unverified email, a TOTP factor, and two organizations.
    {
      email: "ada@acme.com",
      firstName: "Ada",
      password: Redacted.value(adaPassword),
      emailVerified: false,
      totpSecret,
      memberships: [{ organization: "org_acme", role: "admin" }, { organization: "org_globex" }]
    },
    ...Array.from({ length: 1_250 }, (_, i) => ({
      email: `person${i}@${domains[(i * 7) % domains.length]}`,
      emailVerified: i % 9 !== 0,
      memberships: i % 3 === 0 ? [{ organization: "org_acme" }] : []
    }))
  ]
}
const EmbeddedWorkOS = Layer.merge(
  Emulator.layer(seed),
  WorkOSConfig.layer({ ...Emulator.connection(seed), retry: "none" })
)

/** Sign Ada in, answering each pending step the way a user would. */
const signInAda = Effect.gen(function*() {
  const emulator = yield* Emulator.Emulator
  const step = (text: string) => Console.log(`   -> ${text}`)
  return yield* Authentication.withPassword({ email: "ada@acme.com", password: adaPassword }).pipe(
    Effect.catchTag("EmailVerificationRequired", (e) =>
      Effect.gen(function*() {
        const code = emulator.lastMessage({ to: e.email, kind: "email_verification" })!.code!
        yield* step(`EmailVerificationRequired: the code WorkOS emailed to ${e.email} is in the emulator's outbox`)
        return yield* Authentication.withEmailVerification({
          code,
          pendingAuthenticationToken: e.pendingAuthenticationToken
        })
      })),
    Effect.catchTag("MfaChallengeRequired", (e) =>
      Effect.gen(function*() {
        yield* step(
          `MfaChallengeRequired: ${e.authenticationFactors.length} factor; challenging it, answering with a TOTP code`
        )
        const challenge = yield* AuthFactors.challenge(e.authenticationFactors[0]!.id)
        const now = yield* Clock.currentTimeMillis
        const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate({ timestamp: now })
        return yield* Authentication.withTotp({
          code,
          authenticationChallengeId: challenge.id,
          pendingAuthenticationToken: e.pendingAuthenticationToken
        })
      })),
    Effect.catchTag("OrganizationSelectionRequired", (e) =>
      Effect.gen(function*() {
        yield* step(`OrganizationSelectionRequired: ${e.organizations.map((o) => o.name).join(" or ")}? Picking Acme`)
        return yield* Authentication.withOrganizationSelection({
          organizationId: e.organizations.find((o) => o.name === "Acme")!.id,
          pendingAuthenticationToken: e.pendingAuthenticationToken
        })
      }))
  )
})

/** Stream every user (pages of 100, fetched as consumed) and count them by domain. */
let received = 0
const progress = (n: number) =>
  Effect.sync(() => {
    received += n
    // One line, rewritten in place on a terminal; a line per page elsewhere (CI logs).
    if (process.stdout.isTTY) process.stdout.write(`\r   ...${received} users received`)
    else process.stdout.write(`   ...${received} users received\n`)
  })

const countByDomain = Users.list().pipe(
  Stream.mapChunksEffect((chunk) => Effect.as(progress(Chunk.size(chunk)), chunk)),
  Stream.runFold(new Map<string, number>(), (counts, user) => {
    const domain = user.email.split("@")[1] ?? "?"
    return counts.set(domain, (counts.get(domain) ?? 0) + 1)
  })
)

const readOnlyTour = Effect.gen(function*() {
  yield* Console.log("\n1. Stream every user through a pipeline, in constant memory")
  const start = Date.now()
  received = 0
  const counts = yield* countByDomain
  if (process.stdout.isTTY) process.stdout.write("\n")
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

  yield* Console.log("\n3. Sign in through every pending step with catchTag")
  const session = yield* signInAda
  yield* Console.log(
    `   Signed in as ${session.user.email} in ${session.organizationId} (${session.authenticationMethod})`
  )
  const wrong = yield* Authentication.withPassword({ email: "ada@acme.com", password: "not my password" }).pipe(
    Effect.as("signed in?!"),
    Effect.catchTag("InvalidCredentials", (e) => Effect.succeed(`${e._tag} (${e.message})`)),
    Effect.catchAll((e) => Effect.succeed(e._tag))
  )
  yield* Console.log(`   With a wrong password: ${wrong}`)

  yield* Console.log("\n4. Verify the access token against the JWKS (fetched through the same HttpClient)")
  const claims = yield* AccessToken.verify(session.accessToken).pipe(Effect.provide(AccessToken.layer()))
  yield* Console.log(
    `   sub=${claims.sub} org=${claims.orgId} role=${claims.role} permissions=${claims.permissions?.join(",")}`
  )
  yield* Console.log(`   The token itself never appears in logs: ${String(session.accessToken)}`)

  yield* Console.log("\n5. Retries are safe by construction")
  const someone = emulator.users()[0]!.id
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
    `\nThe emulator answered ${emulator.exchanges.length} requests; the official WorkOS API answers the same ones.`
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
