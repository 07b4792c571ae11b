/**
 * The package version, printed by `--version` and sent in `User-Agent`. A test keeps it
 * equal to package.json.
 *
 * @internal
 */
export const version = "0.1.0"
