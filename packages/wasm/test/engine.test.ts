import { createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { describe, expect, it } from 'vitest';
import { fixtureDir, testBackend } from './wasm-fixtures.js';

// The backend under the real engine (tokenizer, chat template, scheduler, sampling, KV policies), against the same
// engine on onnxruntime-node: greedy text must be the same.
describe('Engine on the wasm backend (tiny fixture)', () => {
  it('generates the same greedy text as the node backend, for plain and chat prompts and batched requests', async () => {
    const model = await fixtureDir('tiny');
    const wasm = await createEngine({ backend: testBackend(), model });
    const node = await createEngine({ backend: nodeBackend({ session: { intraOpNumThreads: 1 } }), model });
    try {
      const prompts = ['The quick brown fox', 'Once upon a time', 'Hello'];
      // Concurrent requests share forwards through the scheduler's batching.
      const [fromWasm, fromNode] = await Promise.all([
        Promise.all(prompts.map((prompt) => wasm.generate({ prompt, maxTokens: 24 }))),
        Promise.all(prompts.map((prompt) => node.generate({ prompt, maxTokens: 24 }))),
      ]);
      for (let i = 0; i < prompts.length; i++) {
        expect(fromWasm[i].tokens.length).toBeGreaterThan(0);
        expect(fromWasm[i].tokens).toEqual(fromNode[i].tokens);
        expect(fromWasm[i].text).toBe(fromNode[i].text);
      }
      const messages = [{ role: 'user' as const, content: 'Tell me a story.' }];
      const chatWasm = await wasm.generate({ messages, maxTokens: 16 });
      const chatNode = await node.generate({ messages, maxTokens: 16 });
      expect(chatWasm.tokens).toEqual(chatNode.tokens);
    } finally {
      await wasm.dispose();
      await node.dispose();
    }
  });

  it('runs q4 weights through the engine with a sliding-window KV cache', async () => {
    const model = await fixtureDir('tiny');
    const engine = await createEngine({
      backend: testBackend(),
      model,
      dtype: 'q4',
      kvCache: { type: 'sliding-window', window: 16 },
    });
    try {
      const result = await engine.generate({ prompt: 'A long story begins', maxTokens: 40 });
      expect(result.tokens.length).toBeGreaterThan(0);
    } finally {
      await engine.dispose();
    }
  });
});
