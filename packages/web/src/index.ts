/**
 * `@pocketlm/web`: PocketLM in the browser — an onnxruntime-web backend (WebGPU, falling back to WASM), a model
 * store in the origin private file system, and the engine in a Web Worker.
 */
export type { WebCapabilityReport, WebDevice } from './backend/capability-report.js';
export {
  type ChooseDeviceInput,
  chooseWebDevice,
  type WebDevicePreference,
} from './backend/choose-device.js';
export {
  configureOrtWasm,
  loadOrtWebRuntime,
  type OrtWebRuntime,
  type OrtWebRuntimeSource,
  type WasmPaths,
} from './backend/ort-web-runtime.js';
export { supportsWasmSimd } from './backend/wasm-simd.js';
export { type WebBackend, type WebBackendOptions, webBackend } from './backend/web-backend.js';
export { currentWebEnvironment, type WebEnvironment } from './backend/web-environment.js';
export { createWebEngine, type WebEngineLoad } from './engine/create-web-engine.js';
export { OpfsModelFiles } from './store/opfs-model-files.js';
export { OpfsModelStore, type OpfsModelStoreOptions } from './store/opfs-model-store.js';
export { checksRoom, quotaCheckedFetch, type RoomCheckingStore } from './store/quota-checked-fetch.js';
export type { StorageEstimateLike } from './store/storage-quota.js';
export {
  type CreateWorkerEngineOptions,
  createWorkerEngine,
  WorkerEngine,
  type WorkerEngineLoadOptions,
} from './worker/create-worker-engine.js';
export type { MessageEndpoint } from './worker/message-endpoint.js';
export {
  isProtocolMessage,
  type PageMessage,
  PROTOCOL,
  type SerializedError,
  type WorkerChatOptions,
  type WorkerEngineInfo,
  type WorkerGenerateOptions,
  type WorkerGenerateRequest,
  type WorkerLoadOptions,
  type WorkerMessage,
  type WorkerRequest,
  type WorkerResults,
} from './worker/protocol.js';
export { type EngineServer, type ServeEngineOptions, serveEngine } from './worker/serve-engine.js';
export { WorkerChatSession } from './worker/worker-chat-session.js';
