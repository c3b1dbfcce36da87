import { abortError, PocketLMError } from '@pocketlm/core';
import type { JsonSchema } from '../tools/tool.js';
import { type CallToolResultLike, callToolResultText } from './call-tool-result.js';
import { loadMcpSdk } from './load-mcp-sdk.js';
import type { ConnectMcpServerOptions, McpTool, McpToolInfo, McpToolSource } from './mcp-tool-source.js';
import { RequestSignal } from './request-signal.js';
import { StderrTail } from './stderr-tail.js';
import { agentToolNames } from './tool-names.js';

type Client = InstanceType<Awaited<ReturnType<typeof loadMcpSdk>>['Client']>;

const DEFAULT_TIMEOUT_MS = 60_000;
// Tool calls are timed by the agent (through the signal it passes); the SDK's own 60 s default would cut off tools
// the user allowed longer. This is the largest delay setTimeout accepts.
const NO_TIMEOUT_MS = 2_147_483_647;
const CLIENT_INFO = { name: '@pocketlm/agent', version: '0.1.0' };
// The SDK ends stdin, sends SIGTERM after 2 s and SIGKILL after 4 s; wait a little longer than that for the exit.
const STOP_WAIT_MS = 6_000;

/**
 * Starts an MCP server as a child process (stdio transport), lists its tools and returns them as agent tools.
 * Needs the optional peer dependency `@modelcontextprotocol/sdk` (Node only).
 *
 * Throws `PocketLMError`: `INVALID_OPTIONS` for bad options or a missing SDK, `BACKEND_ERROR` when the server cannot
 * be started, exits, or does not answer within `timeoutMs` (the message ends with the tail of its stderr),
 * `ABORTED` when `signal` fires first.
 */
export async function connectMcpServer(options: ConnectMcpServerOptions): Promise<McpToolSource> {
  validateOptions(options);
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const sdk = await loadMcpSdk();
  const transport = new sdk.StdioClientTransport({
    command: options.command,
    args: options.args,
    env: options.env,
    cwd: options.cwd,
    stderr: 'pipe',
  });
  const stderr = new StderrTail(
    transport.stderr as ConstructorParameters<typeof StderrTail>[0],
    options.onStderr,
  );
  const client = new sdk.Client(CLIENT_INFO, { capabilities: {} });
  const state = { exited: false, closing: false };
  // Fires when the process has closed (also after a failed spawn): the only reliable "it is gone" signal, because
  // the SDK's close() returns at once when a close is already under way (it starts one itself when initialize fails).
  let onExit!: () => void;
  const exited = new Promise<void>((resolve) => (onExit = resolve));
  client.onclose = () => {
    state.exited = true;
    onExit();
  };
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= client
      .close()
      .catch(() => {})
      .then(() => waitAtMost(exited, STOP_WAIT_MS));
    return stopped;
  };
  // Transport errors (EPIPE after an exit, unparsable lines) surface through the failing request; not logged twice.
  client.onerror = () => {};

  const label = options.name ?? options.command;
  const fail = async (reason: string, cause?: unknown): Promise<PocketLMError> => {
    await stderr.settle();
    return serverError(label, options, reason, stderr.tail(), cause);
  };

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const startup = new RequestSignal(signal, timeoutMs);
  let listed: McpToolInfo[];
  try {
    await client.connect(transport, { signal: startup.signal, timeout: NO_TIMEOUT_MS });
    listed = await listAllTools(client, startup.signal);
  } catch (error) {
    await stop();
    if (signal?.aborted) throw abortError(signal);
    if (startup.timedOut) throw await fail(`did not start within ${timeoutMs} ms`, error);
    if (isSpawnError(error)) throw await fail(spawnReason(error, options), error);
    if (state.exited) throw await fail('exited before it was ready', error);
    throw await fail(`failed to start: ${errorMessage(error)}`, error);
  } finally {
    startup.dispose();
  }

  const serverInfo = client.getServerVersion();
  const prefix = options.prefix === true ? (options.name ?? serverInfo?.name ?? 'mcp') : options.prefix;
  const chosen = listed.filter(toolFilter(options.filter));
  const names = agentToolNames(
    chosen.map((t) => t.name),
    prefix,
  );

  const callTool = async (info: McpToolInfo, args: unknown, callSignal: AbortSignal | undefined) => {
    if (state.closing) throw new PocketLMError('DISPOSED', `The MCP server "${label}" was closed.`);
    if (state.exited) throw await fail('has exited');
    const request = new RequestSignal(callSignal);
    try {
      const params = { name: info.name, arguments: (args ?? {}) as Record<string, unknown> };
      return await client.callTool(params, undefined, { signal: request.signal, timeout: NO_TIMEOUT_MS });
    } catch (error) {
      if (callSignal?.aborted) throw abortError(callSignal);
      if (state.closing) throw new PocketLMError('DISPOSED', `The MCP server "${label}" was closed.`);
      if (state.exited) throw await fail(`exited during a call to "${info.name}"`, error);
      throw error; // a protocol error: the agent reports it to the model like any failed call
    } finally {
      request.dispose();
    }
  };

  const tools = chosen.map(
    (info, i): McpTool => ({
      name: names[i],
      description: info.description ?? info.title ?? info.annotations?.title,
      parameters: info.inputSchema,
      // MCP's own default for destructiveHint is true, but most servers leave it unset: only an explicit hint asks.
      requiresConfirmation:
        info.annotations?.destructiveHint === true && info.annotations.readOnlyHint !== true,
      async execute(args, context) {
        const result = await callTool(info, args, context?.signal);
        return callToolResultText(result as CallToolResultLike, info.name);
      },
    }),
  );

  const close = (): Promise<void> => {
    state.closing = true;
    return stop();
  };
  return {
    tools,
    serverInfo: serverInfo ? { name: serverInfo.name, version: serverInfo.version } : undefined,
    instructions: client.getInstructions(),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** All pages of `tools/list`. */
async function listAllTools(client: Client, signal: AbortSignal): Promise<McpToolInfo[]> {
  const tools: McpToolInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor === undefined ? {} : { cursor }, {
      signal,
      timeout: NO_TIMEOUT_MS,
    });
    for (const t of page.tools) {
      tools.push({
        name: t.name,
        title: t.title,
        description: t.description,
        inputSchema: t.inputSchema as JsonSchema,
        annotations: t.annotations,
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

function toolFilter(filter: ConnectMcpServerOptions['filter']): (tool: McpToolInfo) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === 'function') return filter;
  const names = new Set(filter);
  return (tool) => names.has(tool.name);
}

function validateOptions(options: ConnectMcpServerOptions): void {
  const bad = (message: string) => new PocketLMError('INVALID_OPTIONS', message);
  if (typeof options?.command !== 'string' || options.command.trim() === '') {
    throw bad('connectMcpServer: `command` must be a non-empty string.');
  }
  if (
    options.args !== undefined &&
    !(Array.isArray(options.args) && options.args.every((a) => typeof a === 'string'))
  ) {
    throw bad('connectMcpServer: `args` must be an array of strings.');
  }
  const { timeoutMs, prefix } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw bad(`connectMcpServer: \`timeoutMs\` must be a positive number, got ${timeoutMs}.`);
  }
  if (typeof prefix === 'string' && prefix === '') throw bad('connectMcpServer: `prefix` must not be empty.');
}

function serverError(
  label: string,
  options: ConnectMcpServerOptions,
  reason: string,
  stderrTail: string,
  cause: unknown,
): PocketLMError {
  const stderrPart =
    stderrTail === '' ? ' It wrote nothing to stderr.' : `\nLast stderr output:\n${stderrTail}`;
  return new PocketLMError('BACKEND_ERROR', `The MCP server "${label}" ${reason}.${stderrPart}`, {
    cause,
    details: { server: label, command: options.command, args: options.args ?? [], stderr: stderrTail },
  });
}

/** Errors from spawning itself (no such command, not executable), which carry a `syscall` of `spawn …`. */
function isSpawnError(error: unknown): error is NodeJS.ErrnoException {
  const syscall = (error as { syscall?: unknown } | null)?.syscall;
  return typeof syscall === 'string' && syscall.startsWith('spawn');
}

function spawnReason(error: NodeJS.ErrnoException, { command, cwd }: ConnectMcpServerOptions): string {
  if (error.code === 'ENOENT') {
    // spawn reports a missing working directory as ENOENT too.
    const where = cwd === undefined ? '' : ` (or the working directory "${cwd}" does not exist)`;
    return `could not be started: command "${command}" not found${where} (ENOENT)`;
  }
  if (error.code === 'EACCES') return `could not be started: "${command}" is not executable (EACCES)`;
  return `could not be started: ${error.message}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
