import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "effect-workos-cli",
    include: ["test/**/*.test.ts"]
  }
})
