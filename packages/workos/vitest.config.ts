import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "effect-workos",
    include: ["test/**/*.test.ts"],
    // One module graph per worker, not per file (as `pnpm test` runs it, with --no-isolate):
    // importing effect, the SDK and the emulator again per file was half the time.
    isolate: false,
    sequence: { concurrent: true }
  }
})
