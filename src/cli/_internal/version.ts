/**
 * The package version, read from package.json at call time (Node only).
 */

/**
 * Reads `version` from the package's package.json (two folders above `src/cli/` and `dist/cli/`).
 *
 * @returns the version, or `unknown` when package.json cannot be read
 */
export async function packageVersion(): Promise<string> {
  try {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
