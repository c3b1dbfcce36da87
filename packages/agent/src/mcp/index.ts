export { connectMcpServer } from './connect-mcp-server.js';
export type { ConnectMcpServerOptions, McpTool, McpToolInfo, McpToolSource } from './mcp-tool-source.js';
