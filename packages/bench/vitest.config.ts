import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "effect-workos-bench",
    include: ["test/**/*.test.ts"]
  }
})
