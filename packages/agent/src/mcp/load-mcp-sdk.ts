import { PocketLMError } from '@pocketlm/core';

/** The parts of `@modelcontextprotocol/sdk` the MCP tool source uses. */
export interface McpSdk {
  Client: typeof import('@modelcontextprotocol/sdk/client/index.js').Client;
  StdioClientTransport: typeof import('@modelcontextprotocol/sdk/client/stdio.js').StdioClientTransport;
}

const SDK = '@modelcontextprotocol/sdk';

/**
 * Imports the MCP SDK on first use: it is an optional peer dependency, so `@pocketlm/agent` must load without it.
 * A missing SDK becomes `INVALID_OPTIONS` telling the user what to install.
 */
export async function loadMcpSdk(): Promise<McpSdk> {
  try {
    const [client, stdio] = await Promise.all([
      import('@modelcontextprotocol/sdk/client/index.js'),
      import('@modelcontextprotocol/sdk/client/stdio.js'),
    ]);
    return { Client: client.Client, StdioClientTransport: stdio.StdioClientTransport };
  } catch (error) {
    if (!isMissingModule(error)) throw error;
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `Loading tools from an MCP server needs the optional dependency ${SDK}: install it (npm install ${SDK}).`,
      { cause: error, details: { package: SDK } },
    );
  }
}

/** True for "module not found" errors about the SDK (or a package it imports), in Node, CJS and bundlers. */
export function isMissingModule(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /cannot find (module|package)|failed to (load|resolve)/i.test(error.message);
  return notFound && error.message.includes(SDK);
}
