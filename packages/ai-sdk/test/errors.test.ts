import { NoSuchModelError } from '@ai-sdk/provider';
import { type Engine, PocketLMError } from '@pocketlm/core';
import { generateText, jsonSchema, Output, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPocketLM, type PocketLMProvider } from '../src/index.js';
import { tinyProvider } from './engine-fixture.js';

let engine: Engine;
let pocketlm: PocketLMProvider;
beforeAll(async () => {
  ({ engine, pocketlm } = await tinyProvider());
});
afterAll(() => engine.dispose());

describe('abort', () => {
  it('mid-stream: the SDK reports an abort part and calls onAbort; the engine serves the next request', async () => {
    const controller = new AbortController();
    let aborted = false;
    const result = streamText({
      model: pocketlm(),
      prompt: 'Write a long story.',
      maxOutputTokens: 200,
      abortSignal: controller.signal,
      onAbort: () => {
        aborted = true;
      },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(types).toContain('abort');
    expect(types).not.toContain('error');
    expect(aborted).toBe(true);
    const after = await generateText({ model: pocketlm(), prompt: 'Hi', maxOutputTokens: 4 });
    expect(after.usage.outputTokens).toBe(4);
  });

  it('generateText rejects with an AbortError that carries code ABORTED and the PocketLMError as cause', async () => {
    const error = await generateText({
      model: pocketlm(),
      prompt: 'Hi',
      abortSignal: AbortSignal.abort(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AbortError', code: 'ABORTED' });
    expect(PocketLMError.isInstance((error as Error).cause, 'ABORTED')).toBe(true);
  });
});

describe('bad input', () => {
  it('a prompt longer than the context: CONTEXT_OVERFLOW, from generateText and as streamText’s error part', async () => {
    const prompt = 'word '.repeat(engine.info.contextLength * 2);
    const error = await generateText({ model: pocketlm(), prompt, maxRetries: 0 }).catch((e: unknown) => e);
    expect(PocketLMError.isInstance(error, 'CONTEXT_OVERFLOW')).toBe(true);

    const parts = [];
    for await (const part of streamText({ model: pocketlm(), prompt, onError: () => {} }).fullStream)
      parts.push(part);
    const errorPart = parts.find((p) => p.type === 'error');
    expect(PocketLMError.isInstance(errorPart?.error, 'CONTEXT_OVERFLOW')).toBe(true);
  });

  it('an image part is refused with INVALID_OPTIONS; a text file is read into the prompt', async () => {
    const image = { type: 'file' as const, data: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' };
    const error = await generateText({
      model: pocketlm(),
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, image] }],
    }).catch((e: unknown) => e);
    expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS')).toBe(true);
    expect((error as PocketLMError).details).toMatchObject({ part: 'file', mediaType: 'image/png' });

    const notes = new TextEncoder().encode('NOTES-4711');
    const { request } = await generateText({
      model: pocketlm(),
      maxOutputTokens: 2,
      messages: [{ role: 'user', content: [{ type: 'file', data: notes, mediaType: 'text/plain' }] }],
    });
    expect(JSON.stringify(request.body)).toContain('NOTES-4711');
  });

  it('settings PocketLM cannot use become warnings; bad values are INVALID_OPTIONS', async () => {
    const { warnings } = await generateText({
      model: pocketlm(),
      prompt: 'Hi',
      maxOutputTokens: 2,
      providerOptions: { pocketlm: { minP: 0.05, mirostat: 2 } },
    });
    expect(warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'providerOptions.pocketlm.mirostat' }),
    ]);

    const bad = await generateText({
      model: pocketlm(),
      prompt: 'Hi',
      providerOptions: { pocketlm: { minP: 5 } },
    }).catch((e: unknown) => e);
    expect(PocketLMError.isInstance(bad, 'INVALID_OPTIONS')).toBe(true);

    const format = await generateText({
      model: pocketlm('local', { toolCallFormat: 'xml' as never }),
      prompt: 'Hi',
    }).catch((e: unknown) => e);
    expect(PocketLMError.isInstance(format, 'INVALID_OPTIONS')).toBe(true);
  });

  it('a JSON response format on a turn that may call tools is reported, not silently dropped', async () => {
    const result = await pocketlm().doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      maxOutputTokens: 80,
      tools: [{ type: 'function', name: 'ping', inputSchema: { type: 'object', properties: {} } }],
      toolChoice: { type: 'required' },
      responseFormat: { type: 'json' },
    });
    expect(result.warnings).toEqual([expect.objectContaining({ feature: 'responseFormat with tools' })]);
    expect(result.content.some((part) => part.type === 'tool-call')).toBe(true);
  });

  it('a schema keyword the constraint compiler cannot enforce: UNSUPPORTED_CONSTRAINT, for tools and for output', async () => {
    const schema = { type: 'object', properties: { a: { not: { type: 'string' } } } } as const;
    const forTool = await generateText({
      model: pocketlm(),
      prompt: 'Hi',
      tools: { t: tool({ inputSchema: jsonSchema(schema) }) },
      toolChoice: 'required',
    }).catch((e: unknown) => e);
    expect(PocketLMError.isInstance(forTool, 'UNSUPPORTED_CONSTRAINT')).toBe(true);
    const forOutput = await generateText({
      model: pocketlm(),
      prompt: 'Hi',
      output: Output.object({ schema: jsonSchema(schema) }),
    }).catch((e: unknown) => e);
    expect(PocketLMError.isInstance(forOutput, 'UNSUPPORTED_CONSTRAINT')).toBe(true);
  });

  it('history parts a text model cannot read are reported: reasoning, non-text tool-result items', async () => {
    const result = await pocketlm().doGenerate({
      maxOutputTokens: 2,
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'thinking…' },
            { type: 'tool-call', toolCallId: 'c1', toolName: 'shot', input: {} },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'shot',
              output: {
                type: 'content',
                value: [
                  { type: 'text', text: 'a cat' },
                  { type: 'image-data', data: 'AAAA', mediaType: 'image/png' },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(result.warnings.map((w) => (w.type === 'other' ? w.message : ''))).toEqual([
      expect.stringContaining('"reasoning" part'),
      expect.stringContaining('"image-data" item'),
    ]);
    // The text item still reaches the model, as the result of call c1.
    const sent = (result.request?.body as { messages: { role: string; content: string }[] } | undefined)
      ?.messages;
    expect(sent?.at(-1)).toMatchObject({ role: 'user', content: expect.stringContaining('a cat') });
  });

  it('a provider-defined tool is reported as unsupported', async () => {
    const model = pocketlm();
    const result = await model.doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      maxOutputTokens: 2,
      tools: [{ type: 'provider', id: 'openai.web_search', name: 'web_search', args: {} }],
    });
    expect(result.warnings).toEqual([
      { type: 'unsupported', feature: 'provider-defined tool openai.web_search' },
    ]);
  });

  it('createPocketLM needs a generator; an embedding model needs an embedder', () => {
    expect(() => createPocketLM({} as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
    expect(() => pocketlm.textEmbeddingModel()).toThrow(NoSuchModelError);
  });
});
