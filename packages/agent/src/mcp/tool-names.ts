/** What tool-call formats and chat templates accept as a function name (the OpenAI rule). */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_LENGTH = 64;

/**
 * Agent-side names for a server's tools: `<prefix>__<name>`, with characters outside `[A-Za-z0-9_-]` replaced by
 * `_`, cut to 64 characters, and made unique with `_2`, `_3`… Names that need no rewriting are assigned first, so a
 * valid name is never displaced by another tool's rewritten one. Returns the names in input order.
 */
export function agentToolNames(originals: readonly string[], prefix?: string): string[] {
  const wanted = originals.map((name) => sanitize(prefix === undefined ? name : `${prefix}__${name}`));
  const taken = new Set<string>();
  const result: string[] = new Array(originals.length);
  const order = originals.map((_, i) => i);
  // Unchanged names first (stable sort keeps the server's order otherwise).
  order.sort((a, b) => Number(wanted[a] !== originals[a]) - Number(wanted[b] !== originals[b]));
  for (const i of order) {
    let name = wanted[i];
    for (let n = 2; taken.has(name); n++) {
      const suffix = `_${n}`;
      name = wanted[i].slice(0, MAX_LENGTH - suffix.length) + suffix;
    }
    taken.add(name);
    result[i] = name;
  }
  return result;
}

function sanitize(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_LENGTH);
  return cleaned === '' ? 'tool' : cleaned;
}
