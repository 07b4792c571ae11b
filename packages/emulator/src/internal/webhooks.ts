/**
 * Webhook delivery: the loop that posts each due delivery of the event log, signed, and
 * records what came back.
 *
 * @internal
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import { type EventLog, signature } from "./events.js"

/**
 * Deliver what is due, then sleep until the next retry is due or a new event is recorded;
 * until interrupted. A delivery with no 2xx answer within 10 seconds records `null`.
 *
 * @internal
 */
export const deliver = (log: EventLog): Effect.Effect<never, never, HttpClient.HttpClient> =>
  Effect.scoped(Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    const wake = yield* Queue.sliding<void>(1)
    yield* Effect.acquireRelease(
      Effect.sync(() => log.onRecord(() => Queue.unsafeOffer(wake, undefined))),
      (stop) => Effect.sync(stop)
    )
    const attempt = (url: string, secret: string, body: string, now: number) =>
      client.execute(
        HttpClientRequest.post(url).pipe(
          HttpClientRequest.setHeader("workos-signature", signature(secret, now, body)),
          HttpClientRequest.bodyText(body, "application/json")
        )
      ).pipe(
        Effect.map((response) => response.status),
        Effect.scoped,
        Effect.timeout("10 seconds"),
        Effect.orElseSucceed(() => null)
      )
    while (true) {
      const now = yield* Clock.currentTimeMillis
      for (const delivery of log.due(now)) {
        const status = yield* attempt(delivery.endpoint.url, delivery.endpoint.secret, delivery.body, now)
        log.attempted(delivery, status, yield* Clock.currentTimeMillis)
      }
      const next = log.nextDueAt()
      const later = yield* Clock.currentTimeMillis
      yield* Effect.race(
        Queue.take(wake),
        next === undefined ? Effect.never : Effect.sleep(Math.max(0, next - later))
      )
    }
  }))
