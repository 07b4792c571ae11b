// The floor: a fresh Node process making the same call with `fetch` and no library.
import { report } from "./result.js"
const ready = performance.now()
const response = await fetch(`${process.env.WORKOS_BASE_URL}/user_management/users?limit=1`, {
  headers: { authorization: `Bearer ${process.env.WORKOS_API_KEY}` }
})
const page = (await response.json()) as { data: Array<unknown> }
const done = performance.now()
report(ready, done, page.data.length)
