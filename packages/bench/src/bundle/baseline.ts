// The same two calls with bare effect + @effect/platform's HttpClient and no SDK: the
// floor every Effect app that talks HTTP already pays. The SDK's marginal cost is
// measured over this.
// The key comes from process.env on purpose: Effect's Config module would then be part
// of what is measured, and this is the HTTP floor, not a configured app.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"

const program = Effect.gen(function*() {
  const client = (yield* HttpClient.HttpClient).pipe(
    HttpClient.mapRequest(HttpClientRequest.prependUrl("https://api.workos.com")),
    HttpClient.mapRequest(HttpClientRequest.bearerToken(process.env.WORKOS_API_KEY!)),
    HttpClient.filterStatusOk
  )
  const user = yield* client.get("/user_management/users/user_01").pipe(Effect.flatMap((r) => r.json))
  const session = yield* client.post("/user_management/authenticate", {
    body: HttpClientRequest.bodyUnsafeJson(HttpClientRequest.post(""), {
      grant_type: "password",
      email: (user as { email: string }).email
    }).body
  }).pipe(Effect.flatMap((r) => r.json))
  return session
})

Effect.runPromise(program.pipe(Effect.provide(FetchHttpClient.layer))).then(console.log, console.error)
