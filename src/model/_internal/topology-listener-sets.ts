/**
 * The ListenerSet nodes of the topology: each ListenerSet's parent Gateway, whether that Gateway
 * allows it (`spec.allowedListeners`), and, when it does, its listeners, which follow the
 * Gateway's own in the Gateway's listener list (input order of the ListenerSets).
 */
import type { Diagnostic } from '../diagnostic.js';
import type { Resource } from '../resource.js';
import type { ListenerNode, ListenerSetNode } from '../topology-types.js';
import type { ListenerSet } from '../types.js';
import { diagnosticAt } from './topology-diagnostics.js';
import type { GatewayBuild } from './topology-gateways.js';
import { addListeners } from './topology-listener-nodes.js';
import { listenerSetAllowed, type NamespaceLookup } from './topology-listeners.js';
import { asRecord, asString } from './topology-read.js';

/**
 * Builds the ListenerSet nodes; an accepted one's listeners are added to `listeners` and to its
 * Gateway's lists.
 *
 * @param listenerSetResources - the ListenerSets, in input order
 * @param gateways - the Gateways being built (topology-gateways.ts)
 * @param lookupNamespace - namespace labels, for `allowedListeners.namespaces.selector`
 * @param listeners - the listener map being built
 * @param diagnostics - where problems go
 * @returns the ListenerSet nodes by `namespace/name`, in input order
 */
export function buildListenerSets(
  listenerSetResources: readonly Resource<ListenerSet>[],
  gateways: ReadonlyMap<string, GatewayBuild>,
  lookupNamespace: NamespaceLookup,
  listeners: Map<string, ListenerNode>,
  diagnostics: Diagnostic[],
): Map<string, ListenerSetNode> {
  const listenerSets = new Map<string, ListenerSetNode>();
  for (const r of listenerSetResources) {
    const spec = asRecord(r.object.spec) ?? {};
    const parentRef = asRecord(spec.parentRef) ?? {};
    const parentNamespace = asString(parentRef.namespace) || r.namespace;
    const parentGateway = `${parentNamespace}/${asString(parentRef.name) ?? ''}`;
    const gw = gateways.get(parentGateway);
    const parentAccepted = gw?.node.accepted ?? false;
    let accepted = false;
    if (gw === undefined) {
      diagnostics.push(
        diagnosticAt(
          'GWP-TOPO-LISTENERSET-PARENT-NOT-FOUND',
          'warning',
          `parent Gateway ${parentGateway} is not in the input`,
          r,
          '/spec/parentRef',
        ),
      );
    } else if (parentAccepted) {
      accepted = listenerSetAllowed(
        asRecord(gw.node.resource.object.spec) ?? {},
        gw.node.namespace,
        r.namespace,
        lookupNamespace,
      );
      if (!accepted) {
        diagnostics.push(
          diagnosticAt(
            'GWP-TOPO-LISTENERSET-NOT-ALLOWED',
            'warning',
            `Gateway ${parentGateway} does not allow ListenerSets from namespace ${r.namespace} (spec.allowedListeners)`,
            r,
            '/spec/parentRef',
          ),
        );
      }
    }
    const key = `${r.namespace}/${r.name}`;
    const own: string[] = [];
    if (accepted && gw !== undefined) {
      gw.listenerSets.push(key);
      addListeners(
        r,
        spec.listeners,
        parentGateway,
        key,
        `${parentGateway}/${key}/`,
        listeners,
        diagnostics,
        (k) => {
          own.push(k);
          gw.listeners.push(k);
        },
      );
    }
    listenerSets.set(key, {
      key,
      namespace: r.namespace,
      name: r.name,
      resource: r,
      parentGateway,
      parentAccepted,
      accepted,
      listeners: own,
    });
  }
  return listenerSets;
}
