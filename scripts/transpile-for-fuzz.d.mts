/** Transpiles src/ and test/robustness/ to .build/fuzz/; where the worker and the library are. */
export function transpileForFuzz(): {
  readonly worker: string;
  readonly lib: string;
  readonly outDir: string;
};
