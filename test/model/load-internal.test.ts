// The sources' loader, also under the build's config (vitest.config.dist.ts): the build bundles
// `yaml`, so only the sources' import of it can be mocked.

import { describe, expect, test, vi } from 'vitest';
import { loadManifests } from '../../src/index.js';

// GWP-LOAD-INTERNAL stands for failures no input should cause; a failing YAML library simulates one.
const failure = vi.hoisted(() => ({ where: 'none' as 'none' | 'compose' | 'composeSecond' | 'convert' }));

vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  class Composer extends yaml.Composer {
    override *compose(...args: Parameters<InstanceType<typeof yaml.Composer>['compose']>) {
      let composed = 0;
      for (const doc of super.compose(...args)) {
        composed += 1;
        if (failure.where === 'compose') throw new Error('composer broke');
        if (failure.where === 'composeSecond' && composed === 2) throw new Error('composer broke midway');
        if (failure.where === 'convert' && yaml.isCollection(doc.contents)) {
          // Reading the document's root collection fails.
          Object.defineProperty(doc.contents, 'items', {
            get() {
              throw new TypeError('items broke');
            },
          });
        }
        yield doc;
      }
    }
  }
  return { ...yaml, Composer };
});

const text =
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n';

describe('GWP-LOAD-INTERNAL', () => {
  test('a failure of the parser on a whole source is one diagnosed document, not a throw', () => {
    failure.where = 'compose';

    const r = loadManifests({ file: 'x.yaml', text });

    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location?.file])).toEqual([
      ['GWP-LOAD-INTERNAL', 'error', 'x.yaml'],
    ]);
    expect(r.diagnostics[0]?.message).toContain('composer broke');
    expect(r.summary).toEqual({ documents: 1, resources: 0, diagnosed: 1, unknownKinds: 0 });
  });

  test('a failure of the parser midway takes back what the source added; other sources stay', () => {
    failure.where = 'composeSecond';
    const before = { file: 'before.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: z}\n' };
    // Namespace/a, read from x.yaml before the failure, is taken back: here it is no duplicate.
    const after = { file: 'after.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n' };

    const r = loadManifests([before, { file: 'x.yaml', text }, after]);

    expect(r.resources.map((x) => [x.key, x.index, x.source.file])).toEqual([
      ['Namespace/z', 0, 'before.yaml'],
      ['Namespace/a', 1, 'after.yaml'],
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.location?.file])).toEqual([['GWP-LOAD-INTERNAL', 'x.yaml']]);
    expect(r.diagnostics[0]?.message).toContain('composer broke midway');
    expect(r.summary).toEqual({ documents: 3, resources: 2, diagnosed: 1, unknownKinds: 0 });
    expect(r.duplicates).toEqual([]);
  });

  test('a failure inside one document diagnoses that document at its line', () => {
    failure.where = 'convert';

    const r = loadManifests({ file: 'x.yaml', text });

    expect(
      r.diagnostics.map((d) => [
        d.code,
        d.severity,
        d.location?.document,
        d.location?.line,
        d.location?.column,
      ]),
    ).toEqual([
      ['GWP-LOAD-INTERNAL', 'error', 0, 1, 1],
      ['GWP-LOAD-INTERNAL', 'error', 1, 5, 1],
    ]);
    expect(r.summary).toEqual({ documents: 2, resources: 0, diagnosed: 2, unknownKinds: 0 });
  });
});
