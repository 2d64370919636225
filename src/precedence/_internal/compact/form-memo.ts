/**
 * Answers memoised per object and form, and optionally per Gateway within a form: the feature
 * errors of a policy object for each way Envoy Gateway builds its features (R6.5). Per object one
 * array of slots, no key string: the first `forms` slots hold the answer of each form, the next
 * `forms` the answers of that form by Gateway. Reads and writes like a
 * `Map<object, Map<string, T>>` keyed by `form` or `form|gateway` (its reference in the tests).
 */
export class FormMemo<T> {
  private readonly slots = new WeakMap<object, (T | Map<string, T> | undefined)[]>();

  /** @param forms - how many forms an object is asked in */
  constructor(private readonly forms: number) {}

  /** The answer of `object` in `form` (for `gateway` when given), or undefined. */
  get(object: object, form: number, gateway?: string): T | undefined {
    const slots = this.slots.get(object);
    if (slots === undefined) return undefined;
    if (gateway === undefined) return slots[form] as T | undefined;
    return (slots[form + this.forms] as Map<string, T> | undefined)?.get(gateway);
  }

  /** Records the answer of `object` in `form` (for `gateway` when given). */
  set(object: object, form: number, gateway: string | undefined, value: T): void {
    let slots = this.slots.get(object);
    if (slots === undefined) {
      slots = [];
      this.slots.set(object, slots);
    }
    if (gateway === undefined) {
      slots[form] = value;
      return;
    }
    let byGateway = slots[form + this.forms] as Map<string, T> | undefined;
    if (byGateway === undefined) {
      byGateway = new Map();
      slots[form + this.forms] = byGateway;
    }
    byGateway.set(gateway, value);
  }
}
