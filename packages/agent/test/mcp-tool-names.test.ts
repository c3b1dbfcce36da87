import { describe, expect, it } from 'vitest';
import { callToolResultText } from '../src/mcp/call-tool-result.js';
import { agentToolNames, TOOL_NAME_PATTERN } from '../src/mcp/tool-names.js';

describe('agentToolNames', () => {
  it('keeps valid names and rewrites the rest', () => {
    expect(agentToolNames(['add_note', 'notes.export', 'get weather', 'ünïcode', '…'])).toEqual([
      'add_note',
      'notes_export',
      'get_weather',
      '_n_code',
      '_',
    ]);
  });

  it('prefixes with a double underscore, sanitising the prefix too', () => {
    expect(agentToolNames(['read', 'fs.write'], 'my server')).toEqual([
      'my_server__read',
      'my_server__fs_write',
    ]);
  });

  it('cuts names to 64 characters and keeps them unique', () => {
    const long = 'x'.repeat(80);
    const names = agentToolNames([long, `${long}.b`, `${long}.c`]);
    expect(names).toEqual(['x'.repeat(64), `${'x'.repeat(62)}_2`, `${'x'.repeat(62)}_3`]);
    for (const name of names) expect(name).toMatch(TOOL_NAME_PATTERN);
  });

  it('never renames a valid name to make room for a rewritten one', () => {
    // `a.b` comes first but rewrites to `a_b`, which the server also uses as-is.
    expect(agentToolNames(['a.b', 'a_b', 'a b'])).toEqual(['a_b_2', 'a_b', 'a_b_3']);
  });

  it('gives an empty name a placeholder', () => {
    expect(agentToolNames([''])).toEqual(['tool']);
  });
});

describe('callToolResultText', () => {
  it('joins text blocks with newlines', () => {
    const result = {
      content: [
        { type: 'text', text: 'one' },
        { type: 'text', text: 'two' },
      ],
    };
    expect(callToolResultText(result, 't')).toBe('one\ntwo');
  });

  it('describes other blocks as short JSON, without base64 payloads', () => {
    const result = {
      content: [
        { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
        { type: 'resource', resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'hello' } },
        { type: 'resource', resource: { uri: 'file:///a.bin', blob: 'AAE=' } },
        { type: 'something_new', payload: 1 },
      ],
    };
    expect(
      callToolResultText(result, 't')
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { type: 'audio', mimeType: 'audio/wav', bytes: 3 },
      { type: 'resource', uri: 'file:///a.txt', mimeType: 'text/plain', text: 'hello' },
      { type: 'resource', uri: 'file:///a.bin', bytes: 2 },
      { type: 'something_new' },
    ]);
  });

  it('falls back to structured content, then to an old-protocol toolResult', () => {
    expect(callToolResultText({ content: [], structuredContent: { n: 1 } }, 't')).toBe('{"n":1}');
    expect(callToolResultText({ toolResult: 'plain' }, 't')).toBe('plain');
    expect(callToolResultText({ toolResult: [1, 2] }, 't')).toBe('[1,2]');
    expect(callToolResultText({ content: [] }, 't')).toBe('');
  });

  it('throws the text of an error result, or a generic message when it has none', () => {
    expect(() =>
      callToolResultText({ isError: true, content: [{ type: 'text', text: 'disk full' }] }, 't'),
    ).toThrow(/^disk full$/);
    expect(() => callToolResultText({ isError: true, content: [] }, 'save')).toThrow(
      'The MCP tool "save" failed.',
    );
  });
});
