/**
 * The shape of the generated Go struct table (see scripts/gen-go-types.mjs).
 *
 * @packageDocumentation
 */
import type { JsonValue } from '../../model/types.js';

/** Extra facts of a field: s patchStrategy, k patchMergeKey, r retainKeys, d kubebuilder default. */
export interface GoFieldExtra {
  readonly s?: string;
  readonly k?: string;
  readonly r?: boolean;
  readonly d?: JsonValue;
}

/**
 * One struct field: [jsonName, type, flags?, extra?]. Types: `string`, `int`, `uint`, `float`,
 * `bool`, `raw` (any JSON), `time`, `duration`, `quantity`, `intorstring`, `*T`, `[]T`, `map[T]`,
 * or a struct name. Flags: `o` omitempty, `z` omitzero, `i` embedded (its fields are promoted).
 */
export type GoField = readonly [string, string, string?, GoFieldExtra?];

/** Go structs by name. */
export type GoStructTable = Readonly<Record<string, readonly GoField[]>>;
