/**
 * A throwaway Redis for tests and local development: `redis-server` (Debian's
 * `redis-server` package, or any on the `PATH`) started on a free loopback port with no
 * persistence, and stopped by its PID.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import * as net from "node:net"

/**
 * A running Redis.
 *
 * @since 0.1.0
 * @category models
 */
export interface TestRedis {
  readonly url: string
  readonly port: number
  /** The PID of the current `redis-server`. */
  readonly pid: () => number
  /** Stop the server (SIGKILL by PID): clients see it as down. */
  readonly stop: Effect.Effect<void>
  /** Start it again on the same port (empty: nothing persisted). */
  readonly start: Effect.Effect<void, Error>
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })

const answersPing = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1")
    socket.setTimeout(200)
    socket.on("connect", () => socket.write("PING\r\n"))
    socket.on("data", (data) => {
      socket.destroy()
      resolve(data.toString().startsWith("+PONG"))
    })
    socket.on("error", () => resolve(false))
    socket.on("timeout", () => {
      socket.destroy()
      resolve(false)
    })
  })

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
  })

/**
 * Whether `redis-server` can be started here (it is on the `PATH`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const available = (binary = "redis-server"): boolean => spawnSync(binary, ["--version"]).status === 0

/**
 * Tests that need Redis run when it is available, and always in CI (the `CI` variable
 * set), where a missing `redis-server` must fail them rather than skip them.
 *
 * @since 0.1.0
 * @category constructors
 */
export const required: Effect.Effect<boolean> = Config.string("CI").pipe(
  Config.option,
  Effect.map((ci) => Option.isSome(ci) || available()),
  Effect.orElseSucceed(() => available())
)

/**
 * Start `redis-server` on a free loopback port until the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (binary = "redis-server"): Effect.Effect<TestRedis, Error, Scope.Scope> =>
  Effect.gen(function*() {
    const port = yield* Effect.promise(freePort)
    let child: ChildProcess | undefined
    const start = Effect.gen(function*() {
      const spawned = spawn(binary, [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no"
      ], { stdio: "ignore" })
      child = spawned
      const failed = yield* Effect.promise(() =>
        new Promise<Error | undefined>((resolve) => {
          spawned.once("error", (error) => resolve(new Error(`${binary} did not start: ${error.message}`)))
          void (async () => {
            for (let i = 0; i < 200; i++) {
              if (await answersPing(port)) return resolve(undefined)
              if (spawned.exitCode !== null) break
              await new Promise((r) => setTimeout(r, 25))
            }
            resolve(new Error(`${binary} did not answer on port ${port}`))
          })()
        })
      )
      if (failed !== undefined) return yield* Effect.fail(failed)
    })
    const stop = Effect.promise(async () => {
      const running = child
      if (running === undefined || running.exitCode !== null || running.signalCode !== null) return
      process.kill(running.pid!, "SIGKILL")
      await exited(running)
    })
    yield* Effect.acquireRelease(start, () => stop)
    return { url: `redis://127.0.0.1:${port}`, port, pid: () => child?.pid ?? -1, stop, start }
  })
