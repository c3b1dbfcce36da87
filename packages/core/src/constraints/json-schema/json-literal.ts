/** Whether `value` is plain JSON data: null, booleans, finite numbers, strings, arrays and plain objects of them. */
export function isJsonValue(value: unknown): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && Object.values(value).every(isJsonValue);
}

/**
 * `value` as JSON text: exactly `JSON.stringify(value)` in the compact style, and with one space after each `:`
 * and `,` in the spaced style.
 */
export function serializeJson(value: unknown, whitespace: 'compact' | 'spaced'): string {
  if (whitespace === 'compact' || value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => serializeJson(v, whitespace)).join(', ')}]`;
  const entries = Object.entries(value).map(
    ([k, v]) => `${JSON.stringify(k)}: ${serializeJson(v, whitespace)}`,
  );
  return `{${entries.join(', ')}}`;
}

/** The JSON type name of a JSON value (`integer` is reported as `number`). */
export function jsonTypeOf(value: unknown): 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'boolean' | 'number' | 'string' | 'object';
}
