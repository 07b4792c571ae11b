import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    name: "effect-workos",
    include: ["test/**/*.test.ts"],
    sequence: { concurrent: true }
  }
})
