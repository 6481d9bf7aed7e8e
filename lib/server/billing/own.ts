/**
 * Lookups by a string someone else chose (a URL segment, a form field, an
 * event type) in a plain object: only the object's own entries count, so
 * "__proto__", "toString" or "hasOwnProperty" find nothing instead of
 * Object.prototype's members (which crashed the simulator's pages).
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
