// A small MCP server over stdio: notes kept in memory. The agent starts it as a child process.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const notes = new Map([['trip', 'Train to Lyon on Friday, 9:12 from Gare de Lyon.']]);
const server = new McpServer({ name: 'notes', version: '1.0.0' });
const reply = (text) => ({ content: [{ type: 'text', text }] });

server.registerTool(
  'search_notes',
  {
    description: 'Find notes whose title or text contains the query.',
    inputSchema: { query: z.string().min(1).max(40) },
    annotations: { readOnlyHint: true },
  },
  async ({ query }) => {
    const q = query.toLowerCase();
    const hits = [...notes].filter(([t, body]) => `${t} ${body}`.toLowerCase().includes(q));
    return reply(
      hits.length ? hits.map(([t, body]) => `${t}: ${body}`).join('\n') : `No notes match "${query}".`,
    );
  },
);

server.registerTool(
  'add_note',
  {
    description: 'Save a note under a title.',
    inputSchema: { title: z.string().min(1).max(40), text: z.string().max(200) },
  },
  async ({ title, text }) => {
    notes.set(title, text);
    return reply(`Saved "${title}".`);
  },
);

server.registerTool(
  'delete_note',
  {
    description: 'Delete the note with this title.',
    inputSchema: { title: z.string().min(1).max(40) },
    annotations: { destructiveHint: true },
  },
  async ({ title }) =>
    notes.delete(title) ? reply(`Deleted "${title}".`) : { isError: true, ...reply(`No note "${title}".`) },
);

await server.connect(new StdioServerTransport());
