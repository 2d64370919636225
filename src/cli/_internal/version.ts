/**
 * The package version, read from package.json at call time (Node only).
 */

/** The package whose version is asked (package.json `name`). */
const PACKAGE_NAME = 'gateway-policy-sim';

/**
 * Reads `version` from the package's package.json: the nearest one named `gateway-policy-sim`
 * above this module, wherever the build put it (src/cli/_internal/ in the sources, a chunk of
 * dist/ in the bundled build).
 *
 * @returns the version, or `unknown` when no such package.json can be read
 */
export async function packageVersion(): Promise<string> {
  try {
    const { readFile } = await import('node:fs/promises');
    for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
      const text = await readFile(new URL('package.json', dir), 'utf8').catch(() => undefined);
      if (text !== undefined) {
        const manifest = JSON.parse(text) as { name?: unknown; version?: unknown };
        if (manifest.name === PACKAGE_NAME)
          return typeof manifest.version === 'string' ? manifest.version : 'unknown';
      }
      if (new URL('../', dir).href === dir.href) return 'unknown';
    }
  } catch {
    return 'unknown';
  }
}
