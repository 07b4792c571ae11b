/**
 * The access-token JWT template: a Liquid template of custom claims.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Http from "./internal/http.js"
import { timestamps } from "./internal/schema.js"
import type { Requirements } from "./WorkOSConfig.js"
import type { RequestFailure } from "./WorkOSError.js"

/**
 * The template.
 *
 * @since 0.1.0
 * @category models
 */
export class JwtTemplate extends Schema.Class<JwtTemplate>("effect-workos/JwtTemplate")({
  object: Schema.Literal("jwt_template"),
  content: Schema.String,
  ...timestamps
}) {}

const UpdateBody = Schema.Struct({ content: Schema.String })

/**
 * Read the template.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const get: Effect.Effect<JwtTemplate, RequestFailure, Requirements> = Http.execute({
  span: "WorkOS.JwtTemplate.get",
  method: "GET",
  path: Http.path("/user_management/jwt_template"),
  success: JwtTemplate
})

/**
 * Replace the template.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const update = (content: string): Effect.Effect<JwtTemplate, RequestFailure, Requirements> =>
  Http.execute({
    span: "WorkOS.JwtTemplate.update",
    method: "PUT",
    path: Http.path("/user_management/jwt_template"),
    body: Http.input(UpdateBody, { content }),
    success: JwtTemplate
  })
