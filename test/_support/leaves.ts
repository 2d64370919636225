/**
 * Every leaf pointer of a JSON value: scalars, null, and empty arrays and objects; array elements
 * by index (the provenance convention of the explain contract).
 */
export function leaves(value: unknown, pointer = '', out: string[] = []): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(pointer);
    value.forEach((v, i) => {
      leaves(v, `${pointer}/${i}`, out);
    });
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) out.push(pointer);
    for (const k of keys) {
      leaves(
        (value as Record<string, unknown>)[k],
        `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`,
        out,
      );
    }
  } else out.push(pointer);
  return out;
}
