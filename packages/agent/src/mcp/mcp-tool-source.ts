import type { JsonSchema, Tool, ToolExecutionContext } from '../tools/tool.js';

/** A tool as the MCP server lists it (before renaming), what `filter` sees. */
export interface McpToolInfo {
  /** The server's own name for the tool (`callTool` uses it). */
  name: string;
  title?: string;
  description?: string;
  inputSchema: JsonSchema;
  annotations?: {
    title?: string;
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
}

/** An agent tool backed by an MCP server's tool: arguments are sent as-is, the result comes back as text. */
export interface McpTool extends Tool<Record<string, unknown>, string> {
  execute(args: Record<string, unknown>, context: ToolExecutionContext): Promise<string>;
}

/** How to start an MCP server over stdio and which of its tools to load. */
export interface ConnectMcpServerOptions {
  /** The executable to run (`node`, `npx`, `uvx`, a path). It is spawned without a shell. */
  command: string;
  args?: string[];
  /**
   * Extra environment variables. The SDK starts the server with only a safe subset of this process's environment
   * (HOME, PATH, USER, …) plus these, so pass API keys and the like here.
   */
  env?: Record<string, string>;
  cwd?: string;
  /** The server's name in error messages and `prefix: true` (default: the name the server reports). */
  name?: string;
  /**
   * Namespace tool names as `<prefix>__<tool>`, so tools of several servers cannot collide. `true` uses `name`
   * (or the server's reported name).
   */
  prefix?: string | true;
  /** Which tools to load: a list of the server's tool names, or a predicate. Default: all. */
  filter?: readonly string[] | ((tool: McpToolInfo) => boolean);
  /** Most milliseconds to wait for the server to start and list its tools (default 60 000). */
  timeoutMs?: number;
  /** Aborts starting the server (it is then stopped). Does not affect the source once connected. */
  signal?: AbortSignal;
  /** Receives the server's stderr as it arrives (it is otherwise kept only for error messages). */
  onStderr?: (text: string) => void;
}

/** A connected MCP server and its tools, ready for an agent. Close it when done (or use `await using`). */
export interface McpToolSource {
  /**
   * The server's tools as agent tools. Names that are not `^[A-Za-z0-9_-]{1,64}$` (what tool-call formats accept)
   * are rewritten (`notes.export` → `notes_export`); calls still use the server's original name.
   */
  readonly tools: McpTool[];
  /** Name and version the server reported at initialization. */
  readonly serverInfo: { name: string; version: string } | undefined;
  /** The server's usage instructions, if it sent any (worth adding to the system prompt). */
  readonly instructions: string | undefined;
  /** Stops the server process (closing stdin, then SIGTERM, then SIGKILL). Safe to call more than once. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
