// What `ensure_ascii` escapes, as `@huggingface/jinja` and Python's `json.dumps` do (DEL included).
const NON_ASCII = /[\x7f-\uffff]/g;

/**
 * The ways a chat template can write a string value: as is (`{{ name }}`), or through `tojson` inside a JSON
 * string, escaped as `JSON.stringify` escapes it (which `tojson` uses), or with `ensure_ascii` also escaping every
 * non-ASCII UTF-16 unit as `\uXXXX`. Distinct forms only, longest first.
 */
export function writtenForms(text: string): string[] {
  const json = JSON.stringify(text).slice(1, -1);
  const ascii = json.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [...new Set([ascii, json, text])];
}
