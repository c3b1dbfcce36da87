// A tool-using agent: `pnpm start [model-dir-or-hub-id] [question]`.
// Two local tools (one with a JSON Schema, one with zod) and the tools of an MCP server started over stdio.
import { fileURLToPath } from 'node:url';
import { createAgent } from '@pocketlm/agent';
import { connectMcpServer } from '@pocketlm/agent/mcp';
import { createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { z } from 'zod';

// With no model given, use the testkit's tiny fixture (random weights: it shows the plumbing, not good answers).
const given = process.argv[2];
const model = given ?? (await import('@pocketlm/testkit').then((t) => t.ensureFixture('tiny')));
const question = process.argv[3] ?? 'When is my train to Lyon, and what time is it in Paris now?';
const engine = await createEngine({ backend: nodeBackend(), model });

const getTime = {
  name: 'get_time',
  description: 'The current time in a time zone.',
  parameters: {
    type: 'object',
    properties: { timeZone: { enum: ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC'] } },
    required: ['timeZone'],
  },
  execute: ({ timeZone }) => new Date().toLocaleString('en-GB', { timeZone }),
};

const convert = {
  name: 'convert_distance',
  description: 'Convert a distance between kilometres and miles.',
  parameters: z.object({ value: z.number().min(0).max(100000), from: z.enum(['km', 'mi']) }),
  execute: ({ value, from }) =>
    from === 'km' ? `${(value / 1.609344).toFixed(2)} mi` : `${(value * 1.609344).toFixed(2)} km`,
};

const notes = await connectMcpServer({
  command: process.execPath,
  args: [fileURLToPath(new URL('./notes-server.mjs', import.meta.url))],
  prefix: 'notes',
});

try {
  const agent = await createAgent({
    model: engine,
    tools: [getTime, convert, ...notes.tools],
    system: 'You are a helpful assistant. Use the tools when they help.',
    // The random-weight fixture would never choose a tool, so make it call a local one and then an MCP one; a real
    // model decides itself.
    toolChoice: given
      ? 'auto'
      : (step) => [{ name: 'get_time' }, { name: 'notes__search_notes' }][step - 1] ?? 'auto',
    parallelToolCalls: false,
    maxSteps: 4,
    generation: { maxTokens: 160, temperature: 0.7 },
    // MCP tools marked destructive (notes__delete_note) ask first; this example refuses them.
    onConfirm: async (call) => {
      console.log(`? ${call.name} asks for confirmation: refused`);
      return false;
    },
  });
  console.log(
    `tools: ${agent.specs.map((s) => s.name).join(', ')} (format: ${agent.format.name})\n> ${question}`,
  );
  for await (const event of agent.stream(question)) {
    if (event.type === 'text-delta') process.stdout.write(event.text);
    if (event.type === 'tool-call')
      console.log(`\n→ ${event.call.name}(${JSON.stringify(event.call.arguments)})`);
    if (event.type === 'tool-result')
      console.log(
        `← ${event.error ? `error: ${event.error}` : event.content}${event.truncated ? ' [cut]' : ''}`,
      );
    if (event.type === 'finish') console.log(`\n[finish: ${event.finishReason} after ${event.steps} steps]`);
  }
} finally {
  await notes.close();
  await engine.dispose();
}
