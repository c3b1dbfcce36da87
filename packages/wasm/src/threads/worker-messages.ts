/** What the pool posts to a new worker: everything it needs, once; after this, calls go through shared memory. */
export interface WorkerInit {
  readonly type: 'init';
  /** The shared-memory kernels module (a compiled module can be posted to workers). */
  readonly module: WebAssembly.Module;
  /** The shared memory the pool's heap allocates from. */
  readonly memory: WebAssembly.Memory;
  /** Address of the dispatch block in that memory. */
  readonly block: number;
  /** This worker's thread number (1..parts-1; the main thread is 0, it picks the scratch) and the thread count. */
  readonly part: number;
  readonly parts: number;
}

/** What a worker posts back: it is waiting for calls, or it could not start. */
export type WorkerReply = { readonly type: 'ready' } | { readonly type: 'failed'; readonly message: string };
