// The baseline plus what the SDK builds on and an app doing the same job by hand would
// also ship: effect's Schema to decode responses and jose to verify the token. Over this,
// the difference is the SDK's own code.
// The key comes from process.env on purpose: Effect's Config module would then be part
// of what is measured, and this is the HTTP floor, not a configured app.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { createLocalJWKSet, jwtVerify } from "jose"

const User = Schema.Struct({ id: Schema.String, email: Schema.String })
const Session = Schema.Struct({ access_token: Schema.String, user: User })
const Jwks = Schema.Struct({ keys: Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown })) })

const program = Effect.gen(function*() {
  const client = (yield* HttpClient.HttpClient).pipe(
    HttpClient.mapRequest(HttpClientRequest.prependUrl("https://api.workos.com")),
    HttpClient.mapRequest(HttpClientRequest.bearerToken(process.env.WORKOS_API_KEY!)),
    HttpClient.filterStatusOk
  )
  const user = yield* client.get("/user_management/users/user_01").pipe(
    Effect.flatMap(HttpClientResponse.schemaBodyJson(User))
  )
  const session = yield* client.post("/user_management/authenticate", {
    body: HttpClientRequest.bodyUnsafeJson(HttpClientRequest.post(""), { grant_type: "password", email: user.email })
      .body
  }).pipe(Effect.flatMap(HttpClientResponse.schemaBodyJson(Session)))
  const jwks = yield* client.get("/sso/jwks/client_01").pipe(Effect.flatMap(HttpClientResponse.schemaBodyJson(Jwks)))
  const verified = yield* Effect.promise(() =>
    jwtVerify(session.access_token, createLocalJWKSet(jwks as unknown as Parameters<typeof createLocalJWKSet>[0]))
  )
  return verified.payload.sub
})

Effect.runPromise(program.pipe(Effect.provide(FetchHttpClient.layer))).then(console.log, console.error)
