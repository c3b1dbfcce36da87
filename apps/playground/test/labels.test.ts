import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatRate } from '../src/ui/format.js';
import { modelLabel } from '../src/ui/model-label.js';

describe('model labels in the cached list', () => {
  it('splits a URL into its last path segment and where it lives', () => {
    expect(modelLabel('http://127.0.0.1:8080/models/tiny')).toEqual({
      name: 'tiny',
      origin: '127.0.0.1:8080/models',
    });
    expect(modelLabel('https://example.com/')).toEqual({ name: 'example.com', origin: '' });
  });

  it('splits a hub id into the model and its organisation', () => {
    expect(modelLabel('HuggingFaceTB/SmolLM2-135M-Instruct@main')).toEqual({
      name: 'SmolLM2-135M-Instruct@main',
      origin: 'HuggingFaceTB',
    });
    expect(modelLabel('plain')).toEqual({ name: 'plain', origin: '' });
  });
});

describe('stat formatting', () => {
  it('reads as people read sizes, times and rates', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(439_564)).toBe('429 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatMs(85.4)).toBe('85 ms');
    expect(formatMs(1420)).toBe('1.42 s');
    expect(formatRate(48.34)).toBe('48.3 tok/s');
    expect(formatRate(212.4)).toBe('212 tok/s');
  });
});
