/**
 * JSON the way chat templates write it with `tojson` (Python's `json.dumps`, as transformers calls it): `", "`
 * and `": "` separators, non-ASCII kept. Calls written into message contents then look like the ones the model
 * saw rendered in training.
 */
export function templateJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => templateJson(v ?? null)).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${templateJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
