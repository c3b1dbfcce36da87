import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const dir = fileURLToPath(new URL('..', import.meta.url));
const ask = () => spawnSync(process.execPath, ['ask.mjs'], { cwd: dir, encoding: 'utf8' });

it('indexes docs/ and answers with retrieved chunks and a finish', () => {
  const r = ask();
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^index: \d+ added, \d+ updated, \d+ removed, \d+ unchanged \(.+\.plmrag\)$/m);
  expect(r.stdout).toMatch(/^Q: How do I constrain output to a JSON schema\?$/m);
  // Random weights: the lexical half of hybrid search is what finds the JSON-schema section.
  expect(r.stdout).toMatch(/^retrieved \[\d+\] docs\/getting-started\.md › .+ \(\d+–\d+\)$/m);
  expect(r.stdout).toMatch(/^\[finish: (stop|length), \d+ tokens\]$/m);
  expect(r.stdout).toMatch(/^(Cited:|No \[n\] citations; the answer was given:)$/m);

  // The store persists in the temp dir: a second run re-embeds nothing.
  const again = ask();
  expect(again.status, again.stderr).toBe(0);
  expect(again.stdout).toMatch(/^index: 0 added, 0 updated, 0 removed, [1-9]\d* unchanged/m);
});
