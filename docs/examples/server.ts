/**
 * An Effect HttpApi server with WorkOS sign-in: AuthKit routes, and an endpoint that
 * needs a session (cookie or Bearer token).
 */
import {
  HttpApi,
  HttpApiBuilder,
  HttpApiEndpoint,
  HttpApiGroup,
  HttpRouter,
  HttpServerResponse
} from "@effect/platform"
import { Effect, Layer, Schema } from "effect"
import { SealedSession, Server } from "effect-workos"

// --- api
class Profile extends Schema.Class<Profile>("Profile")({
  userId: Schema.String,
  email: Schema.NullOr(Schema.String),
  organizationId: Schema.NullOr(Schema.String),
  role: Schema.NullOr(Schema.String)
}) {}

// Every endpoint of this group needs a session.
class Me extends HttpApiGroup.make("me")
  .add(HttpApiEndpoint.get("me", "/me").addSuccess(Profile))
  .middleware(Server.SessionAuth)
{}

export class AppApi extends HttpApi.make("app").add(Me) {}

const MeLive = HttpApiBuilder.group(
  AppApi,
  "me",
  (handlers) =>
    handlers.handle("me", () =>
      Effect.map(Server.CurrentSession, (session) =>
        new Profile({
          userId: session.userId,
          email: session.user?.email ?? null,
          organizationId: session.organizationId ?? null,
          role: session.role ?? null
        })))
)
// --- end

// --- routes
// /auth/login, /auth/callback and /auth/logout, mounted next to the API.
const AuthKitRoutes = (redirectUri: string) => Server.layerAuthKitRoutes({ redirectUri, returnTo: "/me" })
// --- end

// --- layers
// The session service: the cookie password comes from WORKOS_COOKIE_PASSWORD in production.
const SessionsLive = SealedSession.layer({ cookiePassword: "a-cookie-password-of-at-least-32-characters" })

export const AppLive = (redirectUri: string) =>
  Layer.mergeAll(
    HttpApiBuilder.api(AppApi).pipe(Layer.provide(MeLive), Layer.provide(Server.SessionAuthLive)),
    AuthKitRoutes(redirectUri)
  ).pipe(Layer.provideMerge(SessionsLive))
// --- end

// --- router
// Without HttpApi: wrap an HttpRouter handler.
export const meRouter = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/me",
    Server.requireSession(Effect.map(Server.CurrentSession, (s) => HttpServerResponse.text(s.userId)))
  )
)
// --- end
