/**
 * The OAuth device flow, for CLIs and TVs: {@link start} shows the user a code, then
 * {@link poll} waits until they approve it on another device.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { type AuthenticationResponse, type ClientOptions, withDeviceCode } from "./Authentication.js"
import * as Http from "./internal/http.js"
import { optional } from "./internal/schema.js"
import { type Requirements, WorkOSConfig } from "./WorkOSConfig.js"
import { type DeviceAccessDenied, DeviceCodeExpired, type InvalidGrant, type RequestFailure } from "./WorkOSError.js"

/**
 * A started device authorization. Show `userCode` and `verificationUri` (or
 * `verificationUriComplete`) to the user; keep `deviceCode` (a secret) for polling.
 *
 * @since 0.1.0
 * @category models
 */
export class DeviceAuthorizationStarted
  extends Schema.Class<DeviceAuthorizationStarted>("effect-workos/DeviceAuthorizationStarted")({
    deviceCode: Schema.propertySignature(Schema.Redacted(Schema.String)).pipe(Schema.fromKey("device_code")),
    userCode: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("user_code")),
    verificationUri: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("verification_uri")),
    verificationUriComplete: optional(Schema.String).pipe(Schema.fromKey("verification_uri_complete")),
    /** Seconds until the device code expires. */
    expiresIn: Schema.propertySignature(Schema.Number).pipe(Schema.fromKey("expires_in")),
    /** Seconds to wait between polls (5 when the API does not say). */
    interval: Schema.optionalWith(Schema.Number, { default: () => 5, nullable: true })
  })
{}

const StartBody = Schema.Struct({ client_id: Schema.String })
const startPath = Http.path("/user_management/authorize/device")

/**
 * Start a device authorization.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const start = (
  options: { readonly clientId?: string | undefined } = {}
): Effect.Effect<DeviceAuthorizationStarted, RequestFailure, Requirements> =>
  Effect.flatMap(WorkOSConfig, (config) =>
    Effect.flatMap(
      Http.requireClientId(config, options.clientId, { method: "POST", path: startPath.template }),
      (clientId) =>
        Http.execute({
          span: "WorkOS.DeviceAuthorization.start",
          method: "POST",
          path: startPath,
          body: Http.input(StartBody, { client_id: clientId }),
          success: DeviceAuthorizationStarted
        })
    ))

/**
 * What polling can end with, besides success.
 *
 * @since 0.1.0
 * @category errors
 */
export type PollError = DeviceCodeExpired | DeviceAccessDenied | InvalidGrant | RequestFailure

/**
 * Poll until the user approves: waits `interval` seconds between attempts (on the
 * Effect `Clock`, so `TestClock` drives it), adds 5 seconds on `slow_down`, and stops
 * with `DeviceCodeExpired` when the code expires or `DeviceAccessDenied` when the user
 * declines.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const poll = (
  authorization: DeviceAuthorizationStarted,
  options: ClientOptions = {}
): Effect.Effect<AuthenticationResponse, PollError, Requirements> =>
  Effect.gen(function*() {
    const deadline = (yield* Clock.currentTimeMillis) + authorization.expiresIn * 1000
    let interval = Duration.seconds(authorization.interval)
    while (true) {
      yield* Effect.sleep(interval)
      if ((yield* Clock.currentTimeMillis) >= deadline) {
        return yield* Effect.fail(
          new DeviceCodeExpired({
            method: "POST",
            path: "/user_management/authenticate",
            status: 400,
            requestId: null,
            code: "expired_token",
            message: "The device code expired before the user approved it"
          })
        )
      }
      const outcome = yield* withDeviceCode({ ...options, deviceCode: authorization.deviceCode }).pipe(
        Effect.map(Option.some),
        Effect.catchTag("DeviceAuthorizationPending", (pending) => {
          if (pending.reason === "slow_down") interval = Duration.sum(interval, Duration.seconds(5))
          return Effect.succeed(Option.none())
        })
      )
      if (Option.isSome(outcome)) return outcome.value
    }
  }).pipe(Effect.withSpan("WorkOS.DeviceAuthorization.poll"))
