/**
 * Copies `value` with every string in it, object keys included, passed through `map`, which also gets the
 * string's path (`tool_calls[0].function.name`). Arrays and objects are walked the way `@huggingface/jinja` reads
 * them (`Object.entries`); parts `map` leaves alone are shared, not copied, so an untouched value comes back as is.
 */
export function mapStrings(
  value: unknown,
  path: string,
  map: (text: string, path: string) => string,
): unknown {
  if (typeof value === 'string') return map(value, path);
  if (typeof value !== 'object' || value === null) return value;
  let changed = false;
  if (Array.isArray(value)) {
    const items = value.map((item, i) => {
      const mapped = mapStrings(item, `${path}[${i}]`, map);
      if (mapped !== item) changed = true;
      return mapped;
    });
    return changed ? items : value;
  }
  const entries = Object.entries(value).map(([key, item]) => {
    const itemPath = path === '' ? key : `${path}.${key}`;
    const mappedKey = map(key, `${itemPath} (key)`);
    const mapped = mapStrings(item, itemPath, map);
    if (mappedKey !== key || mapped !== item) changed = true;
    return [mappedKey, mapped] as const;
  });
  return changed ? Object.fromEntries(entries) : value;
}
