/**
 * The YAML fast path declines text outside its subset with its own signal only: a fault of the
 * reader itself is a bug and must surface, not be hidden by reading the text again with the
 * `yaml` package. Here the reader's node constructor is made to fail.
 */
import { describe, expect, test, vi } from 'vitest';

vi.mock('../../src/model/_internal/load-json-scan.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/_internal/load-json-scan.js')>();
  class FaultyNode {
    constructor() {
      throw new TypeError('fault inside the fast reader');
    }
  }
  return { ...real, JsonNode: FaultyNode };
});

const { loadManifests } = await import('../../src/model/load-manifests.js');

describe('YAML fast path faults', () => {
  test('a fault inside the fast reader is not swallowed', () => {
    const text = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
    expect(() => loadManifests(text)).toThrow('fault inside the fast reader');
  });
});
