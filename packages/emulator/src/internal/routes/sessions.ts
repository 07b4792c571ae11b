/**
 * The emulator's routes for sessions: list a user's, revoke, and the logout URL.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import * as Body from "../body.js"
import { empty, HttpError, ok, paginate } from "../core.js"
import { sessionJson } from "../wire.js"
import { type World } from "../world.js"

export const registerSessions = (world: World): void => {
  world.route("GET", "/user_management/users/{id}/sessions", ({ now, params, query }) => {
    const user = world.user(params.id!)
    const sessions = [...world.sessions.values()].filter((s) => s.user_id === user.id)
    return ok(paginate(sessions, query, (s) => sessionJson(s, now)))
  })

  const RevokeSession = Schema.Struct({ session_id: Body.string })
  world.route("POST", "/user_management/sessions/revoke", ({ body: decode, now }) => {
    const { session_id: sessionId } = decode(RevokeSession)
    const session = world.sessions.get(sessionId)
    if (!session) throw new HttpError(400, { message: `Session not found: '${sessionId}'.` })
    world.revokeSession(session, now)
    return empty()
  })

  world.route("GET", "/user_management/sessions/logout", ({ now, query }) => {
    const sessionId = query.get("session_id")
    if (!sessionId) throw new HttpError(422, { message: "session_id is required." })
    const session = world.sessions.get(sessionId)
    if (session && session.status === "active") world.revokeSession(session, now)
    const returnTo = query.get("return_to") ?? `${world.options.baseUrl}/`
    return { status: 302, headers: { location: returnTo } }
  }, { authenticated: false, write: false })
}
