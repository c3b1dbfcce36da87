import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileJsonSchema, PocketLMError } from '@pocketlm/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectMcpServerOptions,
  connectMcpServer,
  type McpTool,
  type McpToolSource,
} from '../src/mcp/index.js';
import type { Tool } from '../src/tools/tool.js';
import { isAlive, mcpFixture, readPid } from './mcp-fixtures.js';

const notesServer = mcpFixture('notes-server.mjs');
const ctx = (signal = new AbortController().signal) => ({ signal, toolCallId: 'call_1' });

function startNotes(extra: Partial<ConnectMcpServerOptions> = {}): Promise<McpToolSource> {
  return connectMcpServer({ command: process.execPath, args: [notesServer], timeoutMs: 20_000, ...extra });
}

function tool(source: McpToolSource, name: string): McpTool {
  const found = source.tools.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name} in ${source.tools.map((t) => t.name).join(', ')}`);
  return found;
}

describe('connectMcpServer with the notes server', () => {
  it('gives tools that fit the agent Tool contract', async () => {
    const source = await startNotes({ filter: ['list_notes'] });
    try {
      const tools: Tool[] = source.tools; // compile-time check
      expect(await tools[0].execute({}, ctx())).toBe('No notes.');
    } finally {
      await source.close();
    }
  });

  let source: McpToolSource;
  let stderr = '';
  beforeAll(async () => {
    source = await startNotes({ onStderr: (text) => (stderr += text) });
  });
  afterAll(() => source?.close());

  it('lists every tool with its description, JSON Schema and server info', () => {
    expect(source.serverInfo).toEqual({ name: 'notes', version: '1.0.0' });
    expect(source.tools.map((t) => t.name)).toEqual([
      'add_note',
      'list_notes',
      'search_notes',
      'delete_note',
      'fail_always',
      'slow',
      'notes_export', // renamed from notes.export
    ]);
    const add = tool(source, 'add_note');
    expect(add.description).toMatch(/Save a note/);
    expect(add.parameters).toMatchObject({
      type: 'object',
      properties: { title: { type: 'string', minLength: 1, maxLength: 80 }, text: { type: 'string' } },
      required: ['title', 'text'],
    });
    expect(tool(source, 'list_notes').parameters).toMatchObject({ type: 'object', properties: {} });
  });

  it('asks for confirmation only for tools annotated destructive', () => {
    const confirming = source.tools.filter((t) => t.requiresConfirmation).map((t) => t.name);
    expect(confirming).toEqual(['delete_note']);
  });

  it('every tool schema compiles to a constraint', () => {
    for (const t of source.tools) {
      expect(() => compileJsonSchema(t.parameters), t.name).not.toThrow();
    }
  });

  it('calls tools and returns their text', async () => {
    expect(await tool(source, 'add_note').execute({ title: 'milk', text: 'buy oat milk' }, ctx())).toBe(
      'Saved "milk".',
    );
    await tool(source, 'add_note').execute({ title: 'call', text: 'phone the bank about MILK money' }, ctx());
    expect(await tool(source, 'list_notes').execute({}, ctx())).toBe('milk\ncall');
    // Two content blocks, joined by a newline.
    expect(await tool(source, 'search_notes').execute({ query: 'milk' }, ctx())).toBe(
      'milk: buy oat milk\ncall: phone the bank about MILK money',
    );
    expect(await tool(source, 'search_notes').execute({ query: 'milk', limit: 1 }, ctx())).toBe(
      'milk: buy oat milk',
    );
  });

  it('calls a renamed tool by its original name and describes non-text blocks', async () => {
    const out = await tool(source, 'notes_export').execute({}, ctx());
    const [json, image, link] = out.split('\n');
    expect(JSON.parse(json)).toMatchObject({ milk: 'buy oat milk' });
    expect(JSON.parse(image)).toEqual({
      type: 'image',
      mimeType: 'image/png',
      bytes: 'not really a png'.length,
    });
    expect(JSON.parse(link)).toEqual({
      type: 'resource_link',
      uri: 'notes://all',
      name: 'all notes',
      mimeType: 'application/json',
    });
  });

  it('throws the error text of an isError result', async () => {
    await expect(tool(source, 'fail_always').execute({}, ctx())).rejects.toThrow('This tool always fails.');
    await expect(tool(source, 'delete_note').execute({ title: 'nope' }, ctx())).rejects.toThrow(
      'No note titled "nope".',
    );
    expect(await tool(source, 'delete_note').execute({ title: 'call' }, ctx())).toBe('Deleted "call".');
  });

  it('turns arguments the server rejects into a thrown error', async () => {
    await expect(tool(source, 'search_notes').execute({ query: 42 }, ctx())).rejects.toThrow(
      /Input validation error/,
    );
  });

  it('cancels a slow call when the signal aborts, and the server hears of it', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('user stopped')), 150);
    const error = await tool(source, 'slow')
      .execute({ ms: 20_000 }, ctx(controller.signal))
      .catch((e) => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(PocketLMError.isInstance(error, 'ABORTED')).toBe(true);
    expect((error as PocketLMError).cause).toBeInstanceOf(Error);
    await expect.poll(() => stderr, { timeout: 5_000 }).toMatch(/slow: cancelled/);
    expect(stderr).toMatch(/cancellation for request \d+/);
    // The connection survives a cancelled call.
    expect(await tool(source, 'slow').execute({ ms: 1 }, ctx())).toBe('Waited 1 ms.');
  });

  it('rejects at once for a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await tool(source, 'slow')
      .execute({ ms: 10_000 }, ctx(controller.signal))
      .catch((e) => e);
    expect(PocketLMError.isInstance(error, 'ABORTED')).toBe(true);
  });
});

describe('connectMcpServer options and lifecycle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pocketlm-mcp-'));
  const opened: McpToolSource[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prefixes tool names and filters by the server names', async () => {
    const source = await startNotes({ prefix: 'notes', filter: ['add_note', 'notes.export', 'missing'] });
    opened.push(source);
    expect(source.tools.map((t) => t.name)).toEqual(['notes__add_note', 'notes__notes_export']);
    expect(await tool(source, 'notes__add_note').execute({ title: 'a', text: 'b' }, ctx())).toBe(
      'Saved "a".',
    );
  });

  it('prefix: true uses the name option, and a predicate filter sees annotations', async () => {
    const source = await startNotes({
      name: 'my-notes',
      prefix: true,
      filter: (t) => t.annotations?.readOnlyHint === true,
    });
    opened.push(source);
    expect(source.tools.map((t) => t.name)).toEqual([
      'my-notes__list_notes',
      'my-notes__search_notes',
      'my-notes__notes_export',
    ]);
  });

  it('aborting a signal after its request finished sends the server no cancellation', async () => {
    let stderr = '';
    const connectSignal = new AbortController();
    const source = await startNotes({ signal: connectSignal.signal, onStderr: (text) => (stderr += text) });
    opened.push(source);
    const callSignal = new AbortController();
    expect(await tool(source, 'list_notes').execute({}, ctx(callSignal.signal))).toBe('No notes.');
    connectSignal.abort();
    callSignal.abort();
    // A later call's round trip orders the server's stderr after anything the aborts could have caused.
    expect(await tool(source, 'slow').execute({ ms: 50 }, ctx())).toBe('Waited 50 ms.');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stderr).not.toMatch(/cancellation/);
  });

  it('close() ends the server process, and calls afterwards fail as DISPOSED', async () => {
    const pidFile = join(dir, 'close.pid');
    const source = await startNotes({ env: { NOTES_SERVER_PID_FILE: pidFile } });
    await expect.poll(() => readFileSync(pidFile, 'utf8'), { timeout: 5_000 }).toMatch(/^\d+$/);
    const pid = readPid(pidFile);
    expect(isAlive(pid)).toBe(true);
    await source.close();
    expect(isAlive(pid)).toBe(false);
    await source.close(); // idempotent
    const error = await tool(source, 'list_notes')
      .execute({}, ctx())
      .catch((e) => e);
    expect(PocketLMError.isInstance(error, 'DISPOSED')).toBe(true);
  });

  it('close() during a call stops the server and the call fails as DISPOSED', async () => {
    const pidFile = join(dir, 'busy.pid');
    const source = await startNotes({ env: { NOTES_SERVER_PID_FILE: pidFile } });
    const pending = tool(source, 'slow')
      .execute({ ms: 60_000 }, ctx())
      .catch((e) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const pid = readPid(pidFile);
    await source.close(); // the pending timer keeps the server alive past stdin's end: this needs the SIGTERM
    expect(isAlive(pid)).toBe(false);
    expect(PocketLMError.isInstance(await pending, 'DISPOSED')).toBe(true);
  });

  it('await using closes the server', async () => {
    const pidFile = join(dir, 'dispose.pid');
    let pid = 0;
    {
      await using source = await startNotes({ env: { NOTES_SERVER_PID_FILE: pidFile } });
      expect(await tool(source, 'list_notes').execute({}, ctx())).toBe('No notes.');
      pid = readPid(pidFile);
      expect(isAlive(pid)).toBe(true);
    }
    expect(isAlive(pid)).toBe(false);
  });

  it('a server that dies during a call gives BACKEND_ERROR with its stderr, then every call does', async () => {
    const source = await startNotes({ env: { NOTES_SERVER_CRASH_TOOL: '1' } });
    opened.push(source);
    const error = await tool(source, 'crash')
      .execute({}, ctx())
      .catch((e) => e);
    expect(PocketLMError.isInstance(error, 'BACKEND_ERROR')).toBe(true);
    expect(error.message).toMatch(/exited during a call to "crash"/);
    expect(error.message).toMatch(/crashing on request/);
    const next = await tool(source, 'list_notes')
      .execute({}, ctx())
      .catch((e) => e);
    expect(PocketLMError.isInstance(next, 'BACKEND_ERROR')).toBe(true);
    expect(next.message).toMatch(/has exited/);
  });
});
