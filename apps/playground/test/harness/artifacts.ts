import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Git-ignored folder for screenshots the browser tests keep for people to look at. */
export function artifactPath(name: string): string {
  const dir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return `${dir}${name}`;
}
