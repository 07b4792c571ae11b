// The minimal app, with the official SDK: get a user, sign in with a password, verify a
// token (with jose against the SDK's JWKS URL, as WorkOS's docs show; jose is a
// dependency of @workos-inc/node).
import { WorkOS } from "@workos-inc/node"
import { createRemoteJWKSet, jwtVerify } from "jose"

const workos = new WorkOS(process.env.WORKOS_API_KEY, { clientId: process.env.WORKOS_CLIENT_ID! })

const main = async () => {
  const user = await workos.userManagement.getUser("user_01")
  const session = await workos.userManagement.authenticateWithPassword({
    clientId: process.env.WORKOS_CLIENT_ID!,
    email: user.email,
    password: "correct horse battery"
  })
  const jwks = createRemoteJWKSet(new URL(workos.userManagement.getJwksUrl(process.env.WORKOS_CLIENT_ID!)))
  const { payload } = await jwtVerify(session.accessToken, jwks)
  return payload.sub
}

main().then(console.log, console.error)
