/**
 * `jose` used directly: `createRemoteJWKSet` (its own key cache) and `jwtVerify`.
 */
import * as jose from "jose"
import { type Contestant, repeated, signIn, unsupported } from "./types.js"

export const make: Contestant = async (task) => {
  if (task.scenario !== "s5") return unsupported(task, "jose")
  const token = await signIn(task)
  const jwks = jose.createRemoteJWKSet(new URL(`${task.server.url}/sso/jwks/${task.server.clientId}`))
  const verify = () => jose.jwtVerify(token, jwks, { algorithms: ["RS256"] })
  return repeated(task.params.verifications!, verify)
}
