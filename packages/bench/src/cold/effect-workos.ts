// A serverless cold start with this SDK: a fresh process imports the installed package and
// makes one call. Not bundled: Node loads `effect-workos` from node_modules.
import { Effect } from "effect"
import { Users, WorkOSConfig } from "effect-workos"
import { report } from "./result.js"

const ready = performance.now()
const page = await Effect.runPromise(Users.listPage({ limit: 1 }).pipe(Effect.provide(WorkOSConfig.layerFetch)))
const done = performance.now()
report(ready, done, page.data.length)
