import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Config, ConfigProvider, Context, Duration, Effect, Exit, Layer, Option, Redacted } from "effect"
import { Emulator } from "effect-workos-emulator"
import { Users, WorkOSConfig } from "../src/index.js"
import { TestWorkOS } from "./utils/TestWorkOS.js"

const fromEnv = (env: Record<string, string>) => <E>(layer: Layer.Layer<WorkOSConfig.WorkOSConfig, E>) =>
  layer.pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))))

const read = Effect.flatMap(WorkOSConfig.WorkOSConfig, Effect.succeed)

describe("WorkOSConfig.layerConfig", () => {
  it.effect("reads WORKOS_API_KEY, WORKOS_CLIENT_ID and WORKOS_BASE_URL", () =>
    Effect.gen(function*() {
      const config = yield* read
      assert.strictEqual(Redacted.value(Option.getOrThrow(config.apiKey)), "sk_env")
      assert.deepStrictEqual(config.clientId, Option.some("client_env"))
      assert.strictEqual(config.baseUrl, "https://staging.example.com/api")
      assert.deepStrictEqual(config.timeout, Duration.seconds(30))
      assert.strictEqual(config.retry.maxRetries, 3)
    }).pipe(Effect.provide(
      fromEnv({
        WORKOS_API_KEY: "sk_env",
        WORKOS_CLIENT_ID: "client_env",
        WORKOS_BASE_URL: "https://staging.example.com/api/"
      })(WorkOSConfig.layerConfig())
    )))

  it.effect("reads WORKOS_TIMEOUT as a duration; one that is not a duration is refused at its variable", () =>
    Effect.gen(function*() {
      const config = yield* Layer.build(
        fromEnv({ WORKOS_API_KEY: "sk", WORKOS_TIMEOUT: "5 seconds" })(WorkOSConfig.layerConfig())
      ).pipe(Effect.map(Context.get(WorkOSConfig.WorkOSConfig)), Effect.scoped)
      assert.deepStrictEqual(config.timeout, Duration.seconds(5))
      const error = yield* buildError({ WORKOS_API_KEY: "sk", WORKOS_TIMEOUT: "soon" })
      assert.strictEqual(error._op, "InvalidData")
      assert.deepStrictEqual(error._op === "InvalidData" && error.path, ["WORKOS_TIMEOUT"])
    }))

  it.effect("defaults the base URL; a public client needs only a client id", () =>
    Effect.gen(function*() {
      const config = yield* read
      assert.strictEqual(config.baseUrl, "https://api.workos.com")
      assert.isTrue(Option.isNone(config.apiKey))
    }).pipe(Effect.provide(fromEnv({ WORKOS_CLIENT_ID: "client_env" })(WorkOSConfig.layerConfig()))))

  const buildError = (env: Record<string, string>, options?: WorkOSConfig.ConfigOptions) =>
    Effect.flip(Layer.build(fromEnv(env)(WorkOSConfig.layerConfig(options))).pipe(Effect.scoped))

  it.effect("fails with a ConfigError when neither key nor client id is set", () =>
    Effect.gen(function*() {
      const error = yield* buildError({})
      assert.strictEqual(error._op, "MissingData")
      assert.include(String(error), "WORKOS_API_KEY")
      assert.deepStrictEqual(error._op === "MissingData" && error.path, ["WORKOS_API_KEY"])
      assert.strictEqual(
        error._op === "MissingData" && error.message,
        "Expected WORKOS_API_KEY (secret key) or WORKOS_CLIENT_ID (public client) to be set"
      )
    }))

  it.effect("a bad base URL is a typed ConfigError at layer build, not a crash", () =>
    Effect.gen(function*() {
      for (const url of ["not a url", "ftp://x.example.com", "https://x.example.com/?q=1"]) {
        const error = yield* buildError({ WORKOS_API_KEY: "sk", WORKOS_BASE_URL: url })
        assert.strictEqual(error._op, "InvalidData", url)
      }
    }))

  it.effect("a custom Config can make the key required", () =>
    Effect.gen(function*() {
      const error = yield* buildError({ WORKOS_CLIENT_ID: "client" }, {
        apiKey: Config.redacted("MY_WORKOS_KEY").pipe(Config.map(Option.some))
      })
      assert.strictEqual(error._op, "MissingData")
      assert.include(String(error), "MY_WORKOS_KEY")
    }))
})

describe("WorkOSConfig.layer", () => {
  it.effect("rejects a non-positive timeout, an empty key and a bad retry policy", () =>
    Effect.gen(function*() {
      for (
        const options of [
          { timeout: 0 },
          { apiKey: " " },
          { retry: { maxRetries: -1 } },
          { retry: { factor: 0.5 } }
        ] satisfies Array<WorkOSConfig.Options>
      ) {
        const exit = yield* Effect.exit(WorkOSConfig.make(options))
        assert.isTrue(Exit.isFailure(exit), JSON.stringify(options))
      }
    }))

  it.effect("without an API key no Authorization header is sent", () => {
    const fake = new TestWorkOS()
    const layer = Layer.mergeAll(
      WorkOSConfig.layer({ clientId: "client_public", baseUrl: "https://api.workos.test" }),
      Layer.succeed(HttpClient.HttpClient, Emulator.httpClient(fake.emulator))
    )
    return Effect.gen(function*() {
      const error = yield* Effect.flip(Users.get("user_1"))
      assert.strictEqual(error._tag, "WorkOSUnauthorized")
      assert.isNull(fake.requests[0]!.headers.get("authorization"))
    }).pipe(Effect.provide(layer))
  })

  it.effect("a bad base URL or an empty key is refused at its variable, saying why", () =>
    Effect.gen(function*() {
      for (
        const [options, path, message] of [
          [{ baseUrl: "not a url" }, ["WORKOS_BASE_URL"], `Expected an absolute URL, got "not a url"`],
          [
            { baseUrl: "https://api.example.com/?x=1" },
            ["WORKOS_BASE_URL"],
            "The base URL must not have a query string or fragment"
          ],
          [
            { baseUrl: "ftp://api.example.com" },
            ["WORKOS_BASE_URL"],
            `Expected an http(s) URL, got "ftp://api.example.com"`
          ],
          [{ apiKey: " " }, ["WORKOS_API_KEY"], "The API key must not be empty"],
          [
            { retry: { maxRetries: 1.5 } },
            ["retry"],
            "maxRetries must be a non-negative integer and factor at least 1"
          ],
          [
            { rateLimits: { writes: { limit: 1, window: "0 millis" } } },
            ["rateLimits", "writes"],
            "A rate limit needs a positive integer limit and a positive, finite window"
          ],
          [{ timeout: 0 }, ["timeout"], "The timeout must be a positive, finite duration"]
        ] as const
      ) {
        const error = yield* Effect.flip(WorkOSConfig.make(options))
        assert.strictEqual(error._op, "InvalidData")
        if (error._op !== "InvalidData") return
        assert.deepStrictEqual([error.path, error.message], [path, message])
      }
    }))

  it.effect("a retry policy keeps each option given and fills in the rest; a factor of 1 is constant backoff", () =>
    Effect.gen(function*() {
      const policy = WorkOSConfig.retryPolicy({
        maxDelay: "3 seconds",
        baseDelay: "100 millis",
        maxRetryAfter: "1 minute"
      })
      assert.deepStrictEqual(policy.maxDelay, Duration.seconds(3))
      assert.deepStrictEqual(policy.baseDelay, Duration.millis(100))
      assert.deepStrictEqual(policy.maxRetryAfter, Duration.minutes(1))
      assert.strictEqual(policy.maxRetries, WorkOSConfig.defaultRetryPolicy.maxRetries)
      assert.strictEqual(policy.factor, WorkOSConfig.defaultRetryPolicy.factor)
      const constant = yield* WorkOSConfig.make({ retry: { factor: 1 } })
      assert.strictEqual(constant.retry.factor, 1)
    }))

  it.effect("accepts a Redacted key and partial retry options", () =>
    Effect.gen(function*() {
      const config = yield* WorkOSConfig.make({ apiKey: Redacted.make("sk_r"), retry: { maxRetries: 5 } })
      assert.strictEqual(Redacted.value(Option.getOrThrow(config.apiKey)), "sk_r")
      assert.strictEqual(config.retry.maxRetries, 5)
      assert.deepStrictEqual(config.retry.baseDelay, WorkOSConfig.defaultRetryPolicy.baseDelay)
    }))
})
