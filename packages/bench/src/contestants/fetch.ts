/**
 * The physical limit for a client: a hand-written `fetch` loop that parses JSON and
 * checks nothing else.
 */
import { type Contestant, sleep, someUserIds, unsupported } from "./types.js"

interface ListBody {
  readonly data: ReadonlyArray<{ readonly id: string }>
  readonly list_metadata: { readonly after: string | null }
}

export const make: Contestant = async (task) => {
  const { url, apiKey } = task.server
  const headers = { authorization: `Bearer ${apiKey}` }
  const getJson = async <A>(path: string): Promise<A> => {
    const response = await fetch(`${url}${path}`, { headers })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    return (await response.json()) as A
  }
  const listAll = async (progress: (items: number) => void, consumeMs: number, maxPages = Infinity) => {
    let after: string | null = null
    let items = 0
    let requests = 0
    do {
      const query: string = `limit=100${after === null ? "" : `&after=${after}`}`
      const page: ListBody = await getJson<ListBody>(`/user_management/users?${query}`)
      requests++
      items += page.data.length
      progress(items)
      if (consumeMs > 0) await sleep(consumeMs)
      after = page.list_metadata.after
    } while (after !== null && requests < maxPages)
    return { items, requests }
  }

  switch (task.scenario) {
    case "s1":
    case "s2":
      return {
        warmup: () => listAll(() => {}, 0, 3).then(() => {}),
        run: (progress) => listAll(progress, 0)
      }
    case "s3":
      return { run: (progress) => listAll(progress, task.params.consumeMs!) }
    case "s4": {
      const ids = await someUserIds(task)
      const calls = async (n: number) => {
        for (let i = 0; i < n; i++) await getJson(`/user_management/users/${ids[i % ids.length]}`)
        return { items: n, requests: n }
      }
      return { warmup: () => calls(200).then(() => {}), run: () => calls(task.params.calls!) }
    }
    default:
      return unsupported(task, "fetch")
  }
}
