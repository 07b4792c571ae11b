// The consumer suite (packages/consumer) is not here: it builds and installs the tarballs,
// and runs as `pnpm consumer`.
export default ["packages/{workos,emulator,redis,cli,bench}/vitest.config.ts", "docs/vitest.config.ts"]
