/**
 * The bundled example (`examples/`) as manifest sources, for the tests that run on it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ManifestSource } from 'gateway-policy-sim';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

/**
 * Every YAML file under `examples/`, in path order, named relative to it.
 *
 * @param dir - a folder of the example (default: all of it)
 * @returns the sources
 */
export function exampleSources(dir: string = examples): ManifestSource[] {
  const out: ManifestSource[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...exampleSources(p));
    else if (f.endsWith('.yaml'))
      out.push({ file: path.relative(examples, p), text: readFileSync(p, 'utf8') });
  }
  return out;
}
