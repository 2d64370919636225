/**
 * The listener nodes of a Gateway or a ListenerSet: each named listener of `spec.listeners`, in
 * spec order, keyed under its owner (Envoy Gateway's IR names); a listener without a name or with
 * a name already used is diagnosed and left out.
 */
import type { Diagnostic } from '../diagnostic.js';
import type { Resource } from '../resource.js';
import type { ListenerNode } from '../topology-types.js';
import type { Listener } from '../types.js';
import { diagnosticAt } from './topology-diagnostics.js';
import { supportedKinds } from './topology-listeners.js';
import { asArray, asNumber, asRecord, asString } from './topology-read.js';

/** Adds the listeners of a Gateway or ListenerSet to the listener map, in spec order. */
export function addListeners(
  owner: Resource,
  raw: unknown,
  gateway: string,
  listenerSet: string | null,
  keyPrefix: string,
  listeners: Map<string, ListenerNode>,
  diagnostics: Diagnostic[],
  onAdd: (key: string) => void,
): void {
  asArray(raw).forEach((item, index) => {
    const spec = asRecord(item);
    const name = asString(spec?.name);
    if (spec === undefined || name === undefined || name === '') {
      diagnostics.push(
        diagnosticAt(
          'GWP-TOPO-LISTENER-INVALID',
          'warning',
          'listener without a name; it is ignored',
          owner,
          `/spec/listeners/${index}`,
        ),
      );
      return;
    }
    const key = `${keyPrefix}${name}`;
    if (listeners.has(key)) {
      diagnostics.push(
        diagnosticAt(
          'GWP-TOPO-LISTENER-DUPLICATE',
          'warning',
          `listener name '${name}' is used twice; the second one is ignored`,
          owner,
          `/spec/listeners/${index}`,
        ),
      );
      return;
    }
    listeners.set(key, {
      key,
      gateway,
      listenerSet,
      name,
      protocol: asString(spec.protocol) ?? '',
      port: asNumber(spec.port) ?? 0,
      hostname: asString(spec.hostname) || null,
      spec: spec as Listener,
      index,
      supportedKinds: supportedKinds(spec),
    });
    onAdd(key);
  });
}
