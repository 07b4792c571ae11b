/**
 * The transport alone, no SDK: the raw fetch contestant's loops (get, read the body,
 * `JSON.parse`) written against `@effect/platform`'s `HttpClient`, as an Effect app would
 * write them by hand. What any client built on that transport pays, so the floor under
 * the SDK's figures on it. It imports neither the SDK nor the transport it does not use,
 * so that its heap holds what such an app's would.
 *
 * Variants: `fetch` (`FetchHttpClient.layer`) and `undici` (`NodeHttpClient.layerUndici`).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { type Contestant, someUserIds, unsupported } from "./types.js"

interface ListBody {
  readonly data: ReadonlyArray<{ readonly id: string }>
  readonly list_metadata: { readonly after: string | null }
}

export const make: Contestant = async (task, variant) => {
  const transport = variant === "undici"
    ? (await import("@effect/platform-node/NodeHttpClient")).layerUndici
    : (await import("@effect/platform/FetchHttpClient")).layer
  const runtime = ManagedRuntime.make(transport)
  const close = () => runtime.dispose()
  const headers = { authorization: `Bearer ${task.server.apiKey}` }
  const getJson = (path: string) =>
    Effect.flatMap(HttpClient.HttpClient, (client) =>
      Effect.flatMap(
        client.get(`${task.server.url}${path}`, { headers }),
        (response) => Effect.map(response.text, (text): unknown => JSON.parse(text))
      ))

  const listAll = (progress: (items: number) => void, maxPages = Infinity) =>
    runtime.runPromise(Effect.gen(function*() {
      let after: string | null = null
      let items = 0
      let requests = 0
      do {
        const query: string = `limit=100${after === null ? "" : `&after=${after}`}`
        const page = (yield* getJson(`/user_management/users?${query}`)) as ListBody
        requests++
        items += page.data.length
        progress(items)
        after = page.list_metadata.after
      } while (after !== null && requests < maxPages)
      return { items, requests }
    }))

  switch (task.scenario) {
    case "s1":
    case "s2":
      return { warmup: () => listAll(() => {}, 3).then(() => {}), run: (progress) => listAll(progress), close }
    case "s4": {
      const ids = await someUserIds(task)
      const calls = (n: number) =>
        runtime.runPromise(Effect.gen(function*() {
          for (let i = 0; i < n; i++) yield* getJson(`/user_management/users/${ids[i % ids.length]}`)
          return { items: n, requests: n }
        }))
      return { warmup: () => calls(200).then(() => {}), run: () => calls(task.params.calls!), close }
    }
    default:
      return unsupported(task, "platform")
  }
}
