/**
 * Exit statuses of `gwpolicy` (architecture.md, "CLI `gwpolicy`").
 *
 * @packageDocumentation
 */

/**
 * Success: the input loaded and nothing in it has error severity.
 *
 * @example
 * await cli(['validate', 'examples'], io); // => EXIT_OK (0)
 */
export const EXIT_OK: 0 = 0;

/**
 * The input has error-severity diagnostics (or an unexpected internal error, `GWP-CLI-INTERNAL`,
 * occurred). The output still holds everything that could be computed.
 *
 * @example
 * await cli(['validate', 'broken.yaml'], io); // => EXIT_ERRORS (1)
 */
export const EXIT_ERRORS: 1 = 1;

/**
 * Usage error: an unknown command or option, an invalid option value, a missing argument, no
 * input while standard input is a terminal, or a command that is not implemented yet.
 *
 * @example
 * await cli(['status', '--order', 'newest'], io); // => EXIT_USAGE (2)
 */
export const EXIT_USAGE: 2 = 2;
