// Read access to a model directory served over HTTP, for the browser-side test pages.
import { type ModelFiles, PocketLMError } from '@pocketlm/core';

/** Read access to a model directory served over HTTP. */
export function fetchedFiles(base: string): ModelFiles {
  const url = (name: string) => `${base}/${name}`;
  const get = async (name: string) => {
    const response = await fetch(url(name));
    if (!response.ok) throw new PocketLMError('MODEL_NOT_FOUND', `${url(name)}: HTTP ${response.status}`);
    return response;
  };
  return {
    id: base,
    has: async (name) => (await fetch(url(name), { method: 'HEAD' })).ok,
    readText: async (name) => (await get(name)).text(),
    readBytes: async (name) => new Uint8Array(await (await get(name)).arrayBuffer()),
    size: async (name) => {
      const response = await fetch(url(name), { method: 'HEAD' });
      return response.ok ? Number(response.headers.get('content-length')) : undefined;
    },
  };
}
