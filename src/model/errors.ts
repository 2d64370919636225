/**
 * Programmer errors (API misuse) throw one error class through one function. User problems never
 * throw: they are diagnostics.
 *
 * @packageDocumentation
 */

/** Thrown only on API misuse (a bad option value, a wrong argument type), never on user input. */
export class GatewayPolicySimError extends Error {
  /** Stable code, e.g. `GWP-API-BAD-OPTION`. */
  readonly code: string;
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = 'GatewayPolicySimError';
    this.code = code;
  }
}

/**
 * Throws a {@link GatewayPolicySimError}. Used for programmer errors only.
 *
 * @param code - stable error code
 * @param message - what was wrong and how to fix it
 * @returns never
 * @example
 * fail('GWP-API-BAD-OPTION', "order must be 'cluster' or 'input'"); // throws
 */
export function fail(code: string, message: string): never {
  throw new GatewayPolicySimError(code, message);
}
