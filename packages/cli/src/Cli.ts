/**
 * The `effect-workos` command line: `users export` and `users import`, configured like the
 * SDK (`WORKOS_API_KEY`, `WORKOS_CLIENT_ID`, `WORKOS_BASE_URL`; flags override), or run
 * against an embedded emulator with `--emulator`.
 *
 * @since 0.2.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { type Users, WorkOSConfig } from "effect-workos"
import { Emulator } from "effect-workos-emulator"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as fs from "node:fs"
import * as Export from "./Export.js"
import * as Import from "./Import.js"
import { CliError } from "./internal/files.js"
import { version as packageVersion } from "./internal/version.js"

/**
 * The version the CLI reports with `--version` (the package's).
 *
 * @since 0.2.0
 * @category constants
 */
export const version: string = packageVersion

const connection = {
  apiKey: Options.redacted("api-key").pipe(
    Options.withFallbackConfig(Config.redacted("WORKOS_API_KEY")),
    Options.optional,
    Options.withDescription("Secret API key (default: $WORKOS_API_KEY)")
  ),
  clientId: Options.text("client-id").pipe(
    Options.withFallbackConfig(Config.string("WORKOS_CLIENT_ID")),
    Options.optional,
    Options.withDescription("Client id (default: $WORKOS_CLIENT_ID)")
  ),
  baseUrl: Options.text("base-url").pipe(
    Options.withFallbackConfig(Config.string("WORKOS_BASE_URL")),
    Options.optional,
    Options.withDescription("API origin (default: $WORKOS_BASE_URL, else https://api.workos.com)")
  ),
  rateLimits: Options.choice("rate-limits", ["documented", "none"]).pipe(
    Options.withDefault("documented" as const),
    Options.withDescription("Pace requests under WorkOS's documented limits (default), or not at all")
  ),
  emulator: Options.boolean("emulator").pipe(
    Options.withDescription("Run against an embedded, in-memory WorkOS emulator instead of the API")
  ),
  emulatorSeed: Options.file("emulator-seed", { exists: "yes" }).pipe(
    Options.optional,
    Options.withDescription("JSON file of { users, organizations } to seed the embedded emulator with")
  ),
  progress: Options.choice("progress", ["auto", "bar", "plain", "none"]).pipe(
    Options.withDefault("auto" as const),
    Options.withDescription("Progress on stderr: a live line (bar), periodic lines (plain), none; auto picks by TTY")
  ),
  progressInterval: Options.float("progress-interval").pipe(
    Options.optional,
    Options.withDescription("Seconds between progress lines (default 0.1 for bar, 5 for plain)")
  )
}

type Connection = Command.Command.ParseConfig<typeof connection>

const readSeed = (file: string): Effect.Effect<Emulator.Options, CliError> =>
  Effect.try({
    try: () => {
      const seed = JSON.parse(fs.readFileSync(file, "utf8")) as unknown
      if (typeof seed !== "object" || seed === null || Array.isArray(seed)) throw new Error("expected a JSON object")
      const { organizations, users } = seed as { users?: unknown; organizations?: unknown }
      if (users !== undefined && !Array.isArray(users)) throw new Error("\"users\" must be an array")
      if (organizations !== undefined && !Array.isArray(organizations)) {
        throw new Error("\"organizations\" must be an array")
      }
      return seed as Emulator.Options
    },
    catch: (cause) =>
      new CliError({ message: `${file} is not a seed file: ${cause instanceof Error ? cause.message : cause}` })
  })

const noNetwork = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) => Effect.die(new Error(`a dry run sent ${request.method} ${request.url}`)))
)

/**
 * The SDK's services for a command: the real API (over undici, paced by `rateLimits`), an
 * embedded emulator, or for a dry run a client that never sends.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: Connection,
  mode: { readonly sendsNothing: boolean } = { sendsNothing: false }
): Layer.Layer<Users.Requirements, CliError> => {
  const rateLimits = options.rateLimits === "documented" ? "documented" as const : undefined
  const common = { retry: undefined, userAgentSuffix: `effect-workos-cli/${version}`, rateLimits }
  const configError = (error: { readonly message: string }) =>
    new CliError({ message: `Configuration: ${error.message}` })
  if (options.emulator) {
    return Layer.unwrapEffect(Effect.gen(function*() {
      const seed = Option.isSome(options.emulatorSeed) ? yield* readSeed(options.emulatorSeed.value) : {}
      const instance = yield* Emulator.make(seed)
      return Layer.merge(
        Emulator.layerFrom(instance),
        WorkOSConfig.layer({ ...common, ...instance.connection }).pipe(Layer.mapError(configError))
      )
    }))
  }
  const apiKey = Option.getOrUndefined(options.apiKey)
  if (apiKey === undefined && !mode.sendsNothing) {
    return Layer.fail(new CliError({ message: "No API key: set WORKOS_API_KEY or pass --api-key (or try --emulator)" }))
  }
  return Layer.merge(
    WorkOSConfig.layer({
      ...common,
      apiKey: apiKey ?? Redacted.make("dry-run"),
      clientId: Option.getOrUndefined(options.clientId),
      baseUrl: Option.getOrUndefined(options.baseUrl)
    }).pipe(Layer.mapError(configError)),
    mode.sendsNothing ? noNetwork : NodeHttpClient.layerUndici
  )
}

const seconds = (ms: number) => (ms / 1000).toFixed(1)
const say = (text: string) => Effect.sync(() => process.stderr.write(text + "\n"))

const exportCommand = Command.make("export", {
  ...connection,
  format: Options.choice("format", ["ndjson", "csv", "json"]).pipe(
    Options.withDefault("ndjson" as const),
    Options.withDescription("Output format")
  ),
  organization: Options.text("organization").pipe(
    Options.optional,
    Options.withDescription("Only members of this organization id")
  ),
  email: Options.text("email").pipe(Options.optional, Options.withDescription("Only the user with this email")),
  out: Options.file("out").pipe(
    Options.optional,
    Options.withDescription("File to write (atomically, with a checkpoint); standard output when absent")
  ),
  resume: Options.boolean("resume").pipe(
    Options.withDescription("Continue an interrupted export of --out from its checkpoint")
  )
}, (options) =>
  Effect.gen(function*() {
    const started = Date.now()
    const summary = yield* Export.run({
      format: options.format,
      organizationId: Option.getOrUndefined(options.organization),
      email: Option.getOrUndefined(options.email),
      out: Option.getOrUndefined(options.out),
      resume: options.resume,
      progress: options.progress,
      progressInterval: Option.getOrUndefined(Option.map(options.progressInterval, (s) => s * 1000))
    }).pipe(Effect.provide(layer(options)))
    yield* say(
      `Exported ${summary.rows} users${summary.out === undefined ? "" : ` to ${summary.out}`}` +
        `${summary.resumedFrom > 0 ? ` (${summary.resumedFrom} before resuming)` : ""} in ${
          seconds(Date.now() - started)
        } s.`
    )
  })).pipe(Command.withDescription("Write every user (or a filtered set) as NDJSON, CSV or JSON"))

const importCommand = Command.make("import", {
  ...connection,
  file: Args.file({ name: "FILE", exists: "yes" }).pipe(Args.withDescription("The file to import")),
  format: Options.choice("format", ["ndjson", "csv", "auth0"]).pipe(
    Options.withDefault("ndjson" as const),
    Options.withDescription("ndjson or csv with the API's field names, or auth0 (an Auth0 bulk user export)")
  ),
  passwords: Options.file("passwords", { exists: "yes" }).pipe(
    Options.optional,
    Options.withDescription("A password hash export (Auth0's, or NDJSON of email, password_hash, password_hash_type)")
  ),
  concurrency: Options.integer("concurrency").pipe(
    Options.withDefault(8),
    Options.withDescription("Rows in flight at once (1-64)")
  ),
  dryRun: Options.boolean("dry-run").pipe(
    Options.withDescription("Check every row with the SDK's input schemas; send nothing")
  ),
  update: Options.boolean("update").pipe(Options.withDescription("Update users that exist instead of skipping them")),
  report: Options.file("report").pipe(
    Options.optional,
    Options.withDescription("Where rejected and skipped rows go (default <file>.report.ndjson)")
  ),
  resume: Options.boolean("resume").pipe(Options.withDescription("Continue an interrupted import from its checkpoint"))
}, (options) =>
  Effect.gen(function*() {
    const summary = yield* Import.run({
      file: options.file,
      format: options.format,
      passwords: Option.getOrUndefined(options.passwords),
      concurrency: options.concurrency,
      dryRun: options.dryRun,
      update: options.update,
      report: Option.getOrUndefined(options.report),
      resume: options.resume,
      progress: options.progress,
      progressInterval: Option.getOrUndefined(Option.map(options.progressInterval, (s) => s * 1000))
    }).pipe(Effect.provide(layer(options, { sendsNothing: options.dryRun && !options.emulator })))
    const rate = summary.elapsedMs > 0 ? Math.round((summary.rows * 1000) / summary.elapsedMs) : summary.rows
    yield* say(
      (summary.dryRun
        ? `Dry run: ${summary.valid} valid, ${summary.failed} invalid`
        : `Imported: ${summary.created} created, ${summary.updated} updated, ${summary.skipped} skipped, ${summary.failed} failed`) +
        ` in ${seconds(summary.elapsedMs)} s (${rate} rows/s). Report: ${summary.report}` +
        (options.emulator ? "\n(Embedded emulator: nothing was sent to WorkOS.)" : "")
    )
    if (summary.failed > 0) {
      return yield* new CliError({ message: `${summary.failed} rows were not imported; see ${summary.report}` })
    }
  })).pipe(Command.withDescription("Create users from NDJSON, CSV or an Auth0 export, with their password hashes"))

const users = Command.make("users").pipe(
  Command.withDescription("Export, import and migrate users"),
  Command.withSubcommands([exportCommand, importCommand])
)

/**
 * The root command.
 *
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("effect-workos").pipe(
  Command.withDescription("WorkOS User Management from the command line"),
  Command.withSubcommands([users])
)

/**
 * Run the command line on `process.argv`-style arguments (the first two are skipped).
 *
 * @example
 * ```ts
 * import { NodeContext, NodeRuntime } from "@effect/platform-node"
 * import { Effect } from "effect"
 * import { Cli } from "effect-workos-cli"
 *
 * Cli.run(["node", "effect-workos", "users", "export", "--emulator"]).pipe(
 *   Effect.provide(NodeContext.layer),
 *   NodeRuntime.runMain
 * )
 * ```
 *
 * @since 0.2.0
 * @category commands
 */
export const run = Command.run(command, { name: "effect-workos", version })
