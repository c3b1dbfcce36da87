import { type Engine, PocketLMError } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEscalationRouter,
  createOpenAICompatibleGenerator,
  type EscalationRouterOptions,
} from '../src/index.js';
import { tinyEngine } from './escalation-fixture.js';

let local: Engine;
beforeAll(async () => {
  local = await tinyEngine();
});
afterAll(async () => {
  await local?.dispose();
});

const remote = createOpenAICompatibleGenerator({ baseURL: 'http://127.0.0.1:9/v1', model: 'm' });

function optionRejected(options: Partial<EscalationRouterOptions>): unknown {
  try {
    createEscalationRouter({
      local,
      remote,
      onRemoteFailure: 'error',
      ...options,
    } as EscalationRouterOptions);
  } catch (error) {
    return PocketLMError.isInstance(error, 'INVALID_OPTIONS') ? error.details?.option : error;
  }
  return 'accepted';
}

describe('createEscalationRouter: bad options and requests are INVALID_OPTIONS', () => {
  it('names the bad option', () => {
    expect(optionRejected({ minMeanLogprob: Number.NaN })).toBe('minMeanLogprob');
    expect(optionRejected({ maxLocalPromptTokens: 0 })).toBe('maxLocalPromptTokens');
    expect(optionRejected({ maxLocalPromptTokens: 2.5 })).toBe('maxLocalPromptTokens');
    expect(optionRejected({ mode: 'stream' as never })).toBe('mode');
    expect(optionRejected({ onRemoteFailure: undefined })).toBe('onRemoteFailure');
    expect(optionRejected({ onRemoteFailure: 'retry' as never })).toBe('onRemoteFailure');
    expect(optionRejected({ onInputBlocked: 'local' as never })).toBe('onInputBlocked');
    expect(optionRejected({ onOutputBlocked: 'error' as never })).toBe('onOutputBlocked');
    expect(optionRejected({ guard: {} as never })).toBe('guard');
    expect(optionRejected({ local: {} as never })).toBe('local');
    expect(optionRejected({ remote: {} as never })).toBe('remote');
    expect(optionRejected({ minMeanLogprob: -2, maxLocalPromptTokens: 512, mode: 'stream-local' })).toBe(
      'accepted',
    );
  });

  it('refuses a request with neither prompt nor messages before running anything', () => {
    const router = createEscalationRouter({ local, remote, onRemoteFailure: 'error' });
    expect(() => router.stream({} as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });

  it('has the local engine’s info, tokenizer and token counts', () => {
    const router = createEscalationRouter({ local, remote, onRemoteFailure: 'error' });
    expect(router.info).toBe(local.info);
    expect(router.tokenizer).toBe(local.tokenizer);
    expect(router.countTokens('hello world')).toBe(local.countTokens('hello world'));
  });
});
