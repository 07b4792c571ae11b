/**
 * The emulator's suite for mutation testing (`pnpm mutation:emulator`): its own tests and
 * the emulator tests that live in `packages/workos/test/emulator` (they drive it through
 * the SDK), so a mutant either catches is counted.
 */
import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "effect-workos-emulator (mutation)",
    include: ["test/**/*.test.ts", "../workos/test/emulator/**/*.test.ts"],
    sequence: { concurrent: true }
  }
})
