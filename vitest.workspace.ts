export default ["packages/*/vitest.config.ts", "docs/vitest.config.ts"]
