import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "effect-workos-redis",
    include: ["test/**/*.test.ts"]
  }
})
