/**
 * The two readings of YAML text the fast-path tests compare: the `yaml` package's (the loader's
 * YAML path, called directly) and the fast path's.
 */
import type { LoadResult, ManifestSource } from 'gateway-policy-sim';
import { LoadCollector } from '../../src/model/_internal/load-collector.js';
import { loadYamlSource } from '../../src/model/_internal/load-yaml.js';
import { loadYamlFastSource } from '../../src/model/_internal/load-yaml-fast.js';

/** The `yaml` package's reading. */
export function yamlPath(source: ManifestSource): LoadResult {
  const collector = new LoadCollector();
  loadYamlSource(collector, source);
  return collector.result();
}

/** The fast path's reading, or null when it leaves the text to the `yaml` package. */
export function fastPath(source: ManifestSource): LoadResult | null {
  const collector = new LoadCollector();
  return loadYamlFastSource(collector, source) ? collector.result() : null;
}
