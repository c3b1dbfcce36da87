import { PocketLMError } from '@pocketlm/core';

/**
 * Path segments of a relative model file name (`onnx/model.onnx`). Names are used as written, so a file the
 * store saved is found again under the same name; only names that would leave their directory are refused.
 */
export function fileSegments(name: string): string[] {
  const segments = name.split(/[\\/]/);
  if (
    name === '' ||
    /^[\\/]/.test(name) ||
    /^[A-Za-z]:/.test(name) ||
    segments.some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new PocketLMError('INVALID_OPTIONS', `"${name}" is not a relative model file name.`, {
      details: { file: name },
    });
  }
  return segments;
}

/**
 * Folder segments for a model store key (`hf/org/name/main`). Characters a filesystem may reject become `_`;
 * dot-only segments and empty keys are refused, so no key can point at or above the store's root.
 */
export function keySegments(key: string): string[] {
  const segments = key.split(/[\\/]/).filter((s) => s !== '');
  if (segments.length === 0 || segments.some((s) => /^\.+$/.test(s))) {
    throw new PocketLMError('INVALID_OPTIONS', `"${key}" is not a valid model store key.`, {
      details: { key },
    });
  }
  return segments.map((s) => s.replace(/[^\w.@%+=,-]/g, '_'));
}
