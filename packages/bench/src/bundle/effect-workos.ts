// The minimal app, with this SDK: get a user, sign in with a password, verify a token.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as AccessToken from "effect-workos/AccessToken"
import * as Authentication from "effect-workos/Authentication"
import * as Users from "effect-workos/Users"
import * as WorkOSConfig from "effect-workos/WorkOSConfig"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const program = Effect.gen(function*() {
  const user = yield* Users.get("user_01")
  const session = yield* Authentication.withPassword({ email: user.email, password: "correct horse battery" })
  const claims = yield* AccessToken.verify(session.accessToken)
  return claims.sub
})

const WorkOSLive = Layer.merge(WorkOSConfig.layerConfig(), FetchHttpClient.layer)

Effect.runPromise(program.pipe(
  Effect.provide(AccessToken.layer().pipe(Layer.provideMerge(WorkOSLive)))
)).then(console.log, console.error)
