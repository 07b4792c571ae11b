import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "effect-workos-emulator",
    include: ["test/**/*.test.ts"],
    // One module graph per worker, not per file (as `pnpm test` runs it, with --no-isolate).
    isolate: false,
    sequence: { concurrent: true }
  }
})
