import { PocketLMError } from '../errors/pocketlm-error.js';
import type { ModelFiles } from '../model/model-files.js';

/**
 * A view of `files` in which `hidden` do not exist, so a suite can test "weights missing" without a filesystem
 * (it runs in browsers too).
 */
export function withoutFiles(files: ModelFiles, hidden: string[]): ModelFiles {
  const gone = new Set(hidden);
  const missing = (name: string): never => {
    throw new PocketLMError('MODEL_NOT_FOUND', `${name} does not exist in ${files.id}.`);
  };
  const view: ModelFiles = {
    id: `${files.id} (without ${hidden.join(', ')})`,
    has: async (name) => !gone.has(name) && files.has(name),
    readText: async (name) => (gone.has(name) ? missing(name) : files.readText(name)),
    readBytes: async (name) => (gone.has(name) ? missing(name) : files.readBytes(name)),
    size: async (name) => (gone.has(name) ? undefined : files.size(name)),
  };
  if (files.localPath) {
    const localPath = files.localPath.bind(files);
    view.localPath = (name) => (gone.has(name) ? undefined : localPath(name));
  }
  if (files.readRange) {
    const readRange = files.readRange.bind(files);
    view.readRange = async (name, start, end) =>
      gone.has(name) ? missing(name) : readRange(name, start, end);
  }
  return view;
}
