/**
 * The `effect-workos` command line as a library: the commands, the export and import they
 * run, the Auth0 mapping and the progress display.
 *
 * @since 0.2.0
 */

/**
 * Auth0's exports as `Users.create` input.
 *
 * @since 0.2.0
 */
export * as Auth0 from "./Auth0.js"

/**
 * The `effect-workos` command line.
 *
 * @since 0.2.0
 */
export * as Cli from "./Cli.js"

/**
 * `users export`.
 *
 * @since 0.2.0
 */
export * as Export from "./Export.js"

/**
 * `users import`.
 *
 * @since 0.2.0
 */
export * as Import from "./Import.js"

/**
 * Progress on stderr.
 *
 * @since 0.2.0
 */
export * as Progress from "./Progress.js"
