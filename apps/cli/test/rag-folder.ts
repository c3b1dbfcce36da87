import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A temp working directory with `docs/`: one document of each text kind and a binary file that must be skipped.
 * Returns the working directory (run the CLI there) and the folder to index.
 */
export function makeRagFolder(): { cwd: string; docs: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'pocketlm-cli-rag-'));
  const docs = join(cwd, 'docs');
  mkdirSync(join(docs, 'web'), { recursive: true });
  writeFileSync(
    join(docs, 'guide.md'),
    '# Guide\n\nInstall the SDK with pnpm.\n\n## JSON output\n\nPass a JSON schema as responseFormat to constrain output.\n',
  );
  writeFileSync(
    join(docs, 'notes.txt'),
    'The KV cache keeps the prompt, so a second turn prefills only new tokens.\n',
  );
  writeFileSync(
    join(docs, 'web', 'page.html'),
    '<html><head><title>Engine</title></head><body><h1>Engine</h1><p>The engine streams tokens.</p></body></html>',
  );
  writeFileSync(join(docs, 'logo.bin'), Buffer.from([0x89, 0x00, 0x01, 0x00, 0xff, 0x00, 0x42]));
  return { cwd, docs };
}
