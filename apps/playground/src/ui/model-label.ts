/** A model source split for display: a short name to read and where it comes from. */
export interface ModelLabel {
  name: string;
  origin: string;
}

/**
 * `http://host/models/tiny` → `tiny` from `host/models`; `org/name@rev` → `name@rev` from `org`. Anything else is
 * shown whole.
 */
export function modelLabel(source: string): ModelLabel {
  if (/^https?:\/\//.test(source)) {
    try {
      const url = new URL(source);
      const parts = url.pathname.split('/').filter((p) => p !== '');
      const name = parts.pop();
      return name === undefined
        ? { name: url.host, origin: '' }
        : { name, origin: [url.host, ...parts].join('/') };
    } catch {
      return { name: source, origin: '' };
    }
  }
  const slash = source.indexOf('/');
  return slash > 0
    ? { name: source.slice(slash + 1), origin: source.slice(0, slash) }
    : { name: source, origin: '' };
}
