#!/usr/bin/env node
/**
 * The `effect-workos` executable: `effect-workos users export|import …`, `--help` on
 * every command.
 *
 * @since 0.2.0
 */
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Cli from "./Cli.js"
import { oneLine } from "./internal/errors.js"

Cli.run(process.argv).pipe(
  // One line per failure; @effect/cli has printed its own usage errors already.
  Effect.tapErrorCause((cause) =>
    Effect.sync(() => {
      for (const line of oneLine(cause)) process.stderr.write(`effect-workos: ${line}\n`)
    })
  ),
  Effect.provide(NodeContext.layer),
  (program) =>
    NodeRuntime.runMain(program, {
      disableErrorReporting: true,
      // 130 after Ctrl-C (the shell's convention), 1 after a failure.
      teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? 0 : Cause.isInterruptedOnly(exit.cause) ? 130 : 1)
    })
)
