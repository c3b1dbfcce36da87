import { PocketLMError } from '../errors/pocketlm-error.js';

/**
 * Parses a JSON config file's text into its top-level object; throws `INVALID_CONFIG` for text that is not JSON
 * or not a JSON object. `source` names the file in the message.
 */
export function readJsonConfig(text: string, source: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new PocketLMError('INVALID_CONFIG', `${source} is not valid JSON.`, { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PocketLMError('INVALID_CONFIG', `${source} must hold a JSON object.`);
  }
  return raw as Record<string, unknown>;
}

/** `value` when it is a positive integer, else undefined: for optional config fields. */
export function optionalPositiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
