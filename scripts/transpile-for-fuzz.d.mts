/** Transpiles src/ and test/robustness/ to .build/fuzz/; where the worker and the library are. */
export function transpileForFuzz(): {
  readonly worker: string;
  readonly lib: string;
  /** The same library with the three entry points taken from the build (dist/). */
  readonly distLib: string;
  readonly outDir: string;
};
