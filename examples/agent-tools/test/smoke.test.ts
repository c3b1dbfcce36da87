import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('runs the agent with local and MCP tools on the fixture model', () => {
  const dir = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, ['agent.mjs'], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(
    /tools: get_time, convert_distance, notes__search_notes, notes__add_note, notes__delete_note/,
  );
  // The fixture is made to call a local tool, then an MCP one; each call gets a result line.
  const calls = r.stdout.match(/^→ \w+\(\{.*\}\)$/gm) ?? [];
  expect(calls[0]).toMatch(
    /^→ get_time\(\{"timeZone":"(Europe\/Paris|America\/New_York|Asia\/Tokyo|UTC)"\}\)$/,
  );
  expect(calls[1]).toMatch(/^→ notes__search_notes\(\{"query":".+"\}\)$/);
  expect(r.stdout).toMatch(/^← (\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2})$/m);
  expect(r.stdout).toMatch(/^← (No notes match |trip: )/m);
  expect((r.stdout.match(/^← /gm) ?? []).length).toBeGreaterThanOrEqual(calls.length);
  expect(r.stdout).toMatch(/\[finish: (stop|length|max-steps) after \d steps\]/);
});
