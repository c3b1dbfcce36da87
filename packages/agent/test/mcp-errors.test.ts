import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketLMError } from '@pocketlm/core';
import { describe, expect, it, vi } from 'vitest';
import { type ConnectMcpServerOptions, connectMcpServer } from '../src/mcp/index.js';
import { isMissingModule } from '../src/mcp/load-mcp-sdk.js';
import { isAlive, mcpFixture, readPid } from './mcp-fixtures.js';

async function connectError(options: ConnectMcpServerOptions): Promise<PocketLMError> {
  const error = await connectMcpServer(options).then(
    async (source) => {
      await source.close();
      throw new Error('connected, but should have failed');
    },
    (e: unknown) => e,
  );
  expect(PocketLMError.isInstance(error), String(error)).toBe(true);
  return error as PocketLMError;
}

describe('connectMcpServer failures', () => {
  it('a command that does not exist: BACKEND_ERROR naming it', async () => {
    const error = await connectError({ command: 'pocketlm-no-such-mcp-server', args: ['--x'] });
    expect(error.code).toBe('BACKEND_ERROR');
    expect(error.message).toMatch(/command "pocketlm-no-such-mcp-server" not found \(ENOENT\)/);
    expect(error.details).toMatchObject({ command: 'pocketlm-no-such-mcp-server', args: ['--x'] });
  });

  it('a server that exits at once: BACKEND_ERROR with the tail of its stderr', async () => {
    const error = await connectError({
      command: process.execPath,
      args: [mcpFixture('exits-immediately.mjs')],
      name: 'notes',
    });
    expect(error.code).toBe('BACKEND_ERROR');
    expect(error.message).toMatch(/^The MCP server "notes" exited before it was ready\./);
    expect(error.message).toMatch(/NOTES_DB is not set/);
    expect(error.details?.stderr).toBe(
      'notes-server: starting\nerror: NOTES_DB is not set; cannot open the notes database',
    );
  });

  it('a server that never answers: BACKEND_ERROR after timeoutMs, and the process is stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pocketlm-mcp-'));
    try {
      const pidFile = join(dir, 'silent.pid');
      const started = Date.now();
      const error = await connectError({
        command: process.execPath,
        args: [mcpFixture('silent-server.mjs')],
        env: { NOTES_SERVER_PID_FILE: pidFile },
        timeoutMs: 500,
      });
      expect(error.code).toBe('BACKEND_ERROR');
      expect(error.message).toMatch(/did not start within 500 ms/);
      expect(error.message).toMatch(/waiting forever/);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(isAlive(readPid(pidFile))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('aborting while starting: ABORTED', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await connectError({
      command: process.execPath,
      args: [mcpFixture('silent-server.mjs')],
      signal: controller.signal,
    });
    expect(error.code).toBe('ABORTED');
  });

  it('an already aborted signal: ABORTED without starting anything', async () => {
    const error = await connectError({ command: 'pocketlm-no-such-mcp-server', signal: AbortSignal.abort() });
    expect(error.code).toBe('ABORTED');
  });

  it.each([
    [{ command: '' }, /command/],
    [{ command: 'node', args: 'x' as unknown as string[] }, /args/],
    [{ command: 'node', timeoutMs: 0 }, /timeoutMs/],
    [{ command: 'node', prefix: '' }, /prefix/],
  ])('invalid options %j: INVALID_OPTIONS', async (options, message) => {
    const error = await connectError(options);
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toMatch(message);
  });
});

describe('without @modelcontextprotocol/sdk installed', () => {
  it('connectMcpServer throws INVALID_OPTIONS saying what to install', async () => {
    vi.resetModules();
    // A factory that throws is reported by vitest as its own error, so the module's export throws instead: the
    // same error Node gives when the package is absent, raised inside the import.
    vi.doMock('@modelcontextprotocol/sdk/client/stdio.js', () => ({
      get StdioClientTransport(): never {
        throw Object.assign(
          new Error(
            "Cannot find package '@modelcontextprotocol/sdk' imported from /app/node_modules/@pocketlm/agent",
          ),
          { code: 'ERR_MODULE_NOT_FOUND' },
        );
      },
    }));
    try {
      const { connectMcpServer: connect } = await import('../src/mcp/index.js');
      const error = await connect({ command: process.execPath }).catch((e: unknown) => e);
      expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/install it \(npm install @modelcontextprotocol\/sdk\)/);
    } finally {
      vi.doUnmock('@modelcontextprotocol/sdk/client/stdio.js');
      vi.resetModules();
    }
  });

  it('isMissingModule recognises only a missing SDK', () => {
    const missing = (message: string, code?: string) => Object.assign(new Error(message), { code });
    expect(
      isMissingModule(missing("Cannot find package '@modelcontextprotocol/sdk'", 'ERR_MODULE_NOT_FOUND')),
    ).toBe(true);
    expect(isMissingModule(missing("Cannot find module '@modelcontextprotocol/sdk/client/index.js'"))).toBe(
      true,
    );
    expect(isMissingModule(missing("Cannot find package 'zod'", 'ERR_MODULE_NOT_FOUND'))).toBe(false);
    expect(isMissingModule(new SyntaxError('Unexpected token in @modelcontextprotocol/sdk'))).toBe(false);
    expect(isMissingModule('Cannot find module @modelcontextprotocol/sdk')).toBe(false);
  });
});
