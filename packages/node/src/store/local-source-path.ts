import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The absolute filesystem path a model source string names: an absolute path, a path relative to the working
 * directory, a `~/`-prefixed path, or a `file://` URL. Undefined for other URLs (`https://…`) and empty strings.
 */
export function localSourcePath(source: string): string | undefined {
  const trimmed = source.trim();
  if (trimmed === '') return undefined;
  if (/^file:/i.test(trimmed)) {
    try {
      return fileURLToPath(trimmed);
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return undefined;
  if (trimmed === '~' || /^~[\\/]/.test(trimmed)) return join(homedir(), trimmed.slice(1));
  return resolve(trimmed);
}
