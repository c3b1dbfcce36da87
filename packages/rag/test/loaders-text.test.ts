import { createHash } from 'node:crypto';
import { PocketLMError } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import { detectKind, loadBytes } from '../src/loaders/load-bytes.js';
import { loadFailureReason } from '../src/loaders/load-error.js';
import { loadText } from '../src/loaders/load-text.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('loadText', () => {
  it('keeps the text, normalizes line endings and hashes the bytes with SHA-256', async () => {
    const bytes = utf8('Hello\r\nworld 😀\n');
    const doc = await loadText(bytes, 'notes.txt');
    expect(doc).toMatchObject({ source: 'notes.txt', kind: 'text', text: 'Hello\nworld 😀\n', sections: [] });
    expect(doc.hash).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('accepts a string and hashes its UTF-8 bytes', async () => {
    const doc = await loadText('héllo', 'a.txt');
    expect(doc.hash).toBe(createHash('sha256').update('héllo', 'utf8').digest('hex'));
  });

  it('drops a UTF-8 BOM and decodes UTF-16 with a BOM', async () => {
    expect((await loadText(Uint8Array.of(0xef, 0xbb, 0xbf, 0x68, 0x69), 'a.txt')).text).toBe('hi');
    expect((await loadText(Uint8Array.of(0xff, 0xfe, 0x68, 0, 0x69, 0), 'a.txt')).text).toBe('hi');
  });

  it('loads an empty file as an empty document', async () => {
    const doc = await loadText(new Uint8Array(), 'empty.txt');
    expect(doc.text).toBe('');
  });

  it('refuses NUL bytes as binary and invalid UTF-8 as a typed INVALID_OPTIONS error', async () => {
    const binary = await rejection(loadText(Uint8Array.of(0x68, 0, 0x69), 'x.txt'));
    expect(PocketLMError.isInstance(binary, 'INVALID_OPTIONS')).toBe(true);
    expect(loadFailureReason(binary)).toBe('binary');
    const latin1 = await rejection(loadText(Uint8Array.of(0x63, 0x61, 0x66, 0xe9), 'cafe.txt'));
    expect(loadFailureReason(latin1)).toBe('invalid-encoding');
    expect((latin1 as PocketLMError).details).toMatchObject({ source: 'cafe.txt' });
  });
});

describe('loadBytes', () => {
  it('picks the loader by extension, and by content for PDFs and HTML without one', () => {
    expect(detectKind(utf8('# hi'), 'docs/a.md')).toBe('markdown');
    expect(detectKind(utf8('<p>hi</p>'), 'A.HTM')).toBe('html');
    expect(detectKind(utf8('<!DOCTYPE html><p>hi'), 'README')).toBe('html');
    expect(detectKind(utf8('%PDF-1.7\n...'), 'scan.txt')).toBe('pdf');
    expect(detectKind(utf8('plain'), 'data.csv')).toBe('text');
  });

  it('refuses binary content under any name', async () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d);
    expect(loadFailureReason(await rejection(loadBytes(png, 'logo.png')))).toBe('binary');
    expect(loadFailureReason(await rejection(loadBytes(png, 'notes.md')))).toBe('binary');
  });

  it('loads Markdown and HTML through their loaders', async () => {
    expect((await loadBytes(utf8('# Title\n\ntext'), 'a.md')).kind).toBe('markdown');
    expect((await loadBytes(utf8('<h1>Title</h1>'), 'a.html')).text).toBe('Title');
  });
});
