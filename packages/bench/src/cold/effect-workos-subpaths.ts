// The same cold start importing only the modules it uses (`effect-workos/Users`,
// `effect/Effect`), which loads a smaller part of the module graph than the barrels.
import * as Users from "effect-workos/Users"
import * as WorkOSConfig from "effect-workos/WorkOSConfig"
import * as Effect from "effect/Effect"
import { report } from "./result.js"

const ready = performance.now()
const page = await Effect.runPromise(Users.listPage({ limit: 1 }).pipe(Effect.provide(WorkOSConfig.layerFetch)))
const done = performance.now()
report(ready, done, page.data.length)
