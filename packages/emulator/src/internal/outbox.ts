/**
 * Reading the outbox: filtering messages, and waiting for one to be sent.
 *
 * @internal
 */
import type { OutboxMessage } from "./core.js"
import type { World } from "./world.js"

/** Which messages: to whom (case-insensitive) and of what kind. @internal */
export interface OutboxFilter {
  readonly to?: string | undefined
  readonly kind?: OutboxMessage["kind"] | undefined
}

/** @internal */
export const matches = (filter: OutboxFilter) => (message: OutboxMessage): boolean =>
  (filter.to === undefined || message.to.toLowerCase() === filter.to.toLowerCase()) &&
  (filter.kind === undefined || message.kind === filter.kind)

/**
 * The newest matching message sent from position `after` on, or the next one sent within
 * `timeoutMillis` of real time; `undefined` when none came.
 *
 * @internal
 */
export const waitForMessage = (
  world: World,
  filter: OutboxFilter,
  options: { readonly after?: number | undefined; readonly timeoutMillis: number }
): Promise<OutboxMessage | undefined> => {
  const match = matches(filter)
  const outbox = world.outbox
  for (let i = outbox.length - 1; i >= (options.after ?? 0); i--) {
    if (match(outbox[i]!)) return Promise.resolve(outbox[i])
  }
  return new Promise((resolve) => {
    const listener = (message: OutboxMessage) => {
      if (match(message)) done(message)
    }
    const timer = setTimeout(() => done(undefined), options.timeoutMillis)
    const done = (message: OutboxMessage | undefined) => {
      clearTimeout(timer)
      world.sendListeners.delete(listener)
      resolve(message)
    }
    world.sendListeners.add(listener)
  })
}
