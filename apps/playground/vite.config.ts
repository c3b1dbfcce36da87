import { pocketlmViteConfig } from '@pocketlm/web/vite';
import { defineConfig } from 'vite';

/**
 * The playground is a static page plus one module worker: cross-origin isolated (WASM threads), with
 * onnxruntime-web's `.wasm` emitted as our own hashed assets (never a CDN). See `pocketlmViteConfig`.
 */
export default defineConfig(pocketlmViteConfig());
