/**
 * The official SDK, `@workos-inc/node`, as its docs use it.
 */
import { WorkOS } from "@workos-inc/node"
import { type Contestant, repeated, sleep, someUserIds, unsupported } from "./types.js"

const cookiePassword = "bench-cookie-password-at-least-32-characters"

export const make: Contestant = async (task, variant) => {
  const url = new URL(task.server.url)
  // A cap on pages (for `autoPagination`, which sleeps 350 ms per page): the fetch that
  // returns the last allowed page says there is no next one, so the SDK ends normally.
  let pagesLeft = variant === "auto" ? task.params.maxPages ?? Infinity : Infinity
  let pages = 0
  const fetchFn: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
    if (!new URL(href).pathname.endsWith("/user_management/users") || !response.ok) return response
    pages++
    if (--pagesLeft > 0) return response
    const body = (await response.json()) as { list_metadata: Record<string, unknown> }
    body.list_metadata = { ...body.list_metadata, after: null }
    return new Response(JSON.stringify(body), { status: response.status, headers: response.headers })
  }
  const workos = new WorkOS(
    task.server.apiKey,
    {
      apiHostname: url.hostname,
      port: Number(url.port),
      https: false,
      clientId: task.server.clientId,
      fetchFn
    } as ConstructorParameters<typeof WorkOS>[1]
  )
  const users = workos.userManagement

  const loop = async (progress: (items: number) => void, consumeMs: number, maxPages = Infinity) => {
    let after: string | undefined = undefined
    let items = 0
    let requests = 0
    do {
      const page: Awaited<ReturnType<typeof users.listUsers>> = await users.listUsers(
        after === undefined ? { limit: 100 } : { limit: 100, after }
      )
      requests++
      items += page.data.length
      progress(items)
      if (consumeMs > 0) await sleep(consumeMs)
      after = page.listMetadata.after ?? undefined
    } while (after !== undefined && requests < maxPages)
    return { items, requests }
  }

  switch (task.scenario) {
    case "s1":
    case "s2":
    case "s7":
      if (variant === "auto") {
        return {
          run: async () => {
            // `listUsers()` fetches a first page of 10; `autoPagination()` then walks pages of 100.
            const all = await (await users.listUsers()).autoPagination()
            return { items: all.length, requests: pages }
          }
        }
      }
      return {
        warmup: task.scenario === "s7" ? undefined : () => loop(() => {}, 0, 3).then(() => {}),
        run: async (progress) => {
          try {
            return await loop(progress, 0)
          } catch (error) {
            return { items: 0, requests: pages, failures: 1, note: String(error) }
          }
        }
      }
    case "s3":
      return { run: (progress) => loop(progress, task.params.consumeMs!) }
    case "s4": {
      const ids = await someUserIds(task)
      const calls = async (n: number) => {
        for (let i = 0; i < n; i++) await users.getUser(ids[i % ids.length]!)
        return { items: n, requests: n }
      }
      return { warmup: () => calls(200).then(() => {}), run: () => calls(task.params.calls!) }
    }
    case "s5": {
      const response = await users.authenticateWithPassword({
        clientId: task.server.clientId,
        email: task.passwordUser.email,
        password: task.passwordUser.password,
        session: { sealSession: true, cookiePassword }
      })
      const sessionData = response.sealedSession!
      // What a request handler does: load the cookie, then authenticate it.
      const check = async () => {
        const result = await users.loadSealedSession({ sessionData, cookiePassword }).authenticate()
        if (!result.authenticated) throw new Error(`session check failed: ${result.reason}`)
      }
      return repeated(task.params.verifications!, check)
    }
    default:
      return unsupported(task, "@workos-inc/node")
  }
}
