/** Helpers for admission tests: a synthetic CRD around a spec schema, and admitting through a set. */
import { type AdmitOptions, type AdmitOutcome, type CrdSet, compileCrds } from 'gateway-policy-sim';

/** A CRD of kind Widget (group example.com, version v1) whose `spec` has the given schema. */
export function widgetCrd(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec,
                status: { type: 'object', properties: { phase: { type: 'string' } } },
              },
              ...extra,
            },
          },
        },
        { name: 'v0', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
    },
  };
}

/** A Widget object with the given spec. */
export function widget(spec: unknown, apiVersion = 'example.com/v1'): Record<string, unknown> {
  return { apiVersion, kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec };
}

export const STRICT: AdmitOptions = { fieldValidation: 'strict', defaults: true, prune: true };

/** Compiles a Widget CRD around `spec` and admits `specValue`. */
export async function admitWidget(
  spec: Record<string, unknown>,
  specValue: unknown,
  options: AdmitOptions = STRICT,
): Promise<AdmitOutcome> {
  const crds = await compileCrds([widgetCrd(spec)]);
  return admitWith(crds, widget(specValue), options);
}

/** Admits an object that has a CRD in the set. */
export function admitWith(
  crds: CrdSet,
  object: Record<string, unknown>,
  options: AdmitOptions = STRICT,
): AdmitOutcome {
  const outcome = crds.admit(object as never, options);
  if (outcome === undefined) throw new Error('no CRD for the object');
  return outcome;
}

/** The messages of an outcome's findings. */
export function messages(o: AdmitOutcome): string[] {
  return o.findings.map((f) => f.message);
}
