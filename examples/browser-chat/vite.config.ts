import { pocketlmViteConfig } from '@pocketlm/web/vite';
import { defineConfig } from 'vite';

// COOP/COEP (WASM threads), module workers, and onnxruntime-web's .wasm served from this origin (never a CDN).
export default defineConfig(pocketlmViteConfig());
