import { defineProject } from "vitest/config"

// Not in the root vitest workspace: `pnpm consumer` runs it after a build (see .ci/run).
export default defineProject({
  test: {
    name: "consumer",
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000
  }
})
