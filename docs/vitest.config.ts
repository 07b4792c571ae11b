import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "docs",
    include: ["examples/**/*.test.ts"],
    // One module graph per worker, not per file (as `pnpm test` runs it, with --no-isolate).
    isolate: false
  }
})
