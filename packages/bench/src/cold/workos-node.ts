// A serverless cold start with the official SDK: import it, make the same call.
import { WorkOS } from "@workos-inc/node"
import { report } from "./result.js"

const ready = performance.now()
const url = new URL(process.env.WORKOS_BASE_URL!)
const workos = new WorkOS(process.env.WORKOS_API_KEY, {
  apiHostname: url.hostname,
  port: Number(url.port),
  https: false,
  clientId: process.env.WORKOS_CLIENT_ID!
})
const page = await workos.userManagement.listUsers({ limit: 1 })
const done = performance.now()
report(ready, done, page.data.length)
