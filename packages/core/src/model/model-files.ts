/**
 * Read access to the files of one model in Hugging Face layout (`config.json`, `tokenizer.json`, `onnx/model.onnx`…),
 * wherever they live: a local directory, a model store's cache, or memory. Names are relative, with `/` separators.
 */
export interface ModelFiles {
  /** A human-readable identity: the directory path or `hub:org/name@revision`. */
  readonly id: string;
  has(name: string): Promise<boolean>;
  readText(name: string): Promise<string>;
  readBytes(name: string): Promise<Uint8Array>;
  /** Byte size of a file, or undefined when it does not exist. */
  size(name: string): Promise<number | undefined>;
  /**
   * A filesystem path for the file when one exists, so a native backend can map it instead of copying bytes.
   * Stores without a filesystem return undefined.
   */
  localPath?(name: string): string | undefined;
  /**
   * Bytes `[start, end)` of a file, without reading the rest, so a weight reader can stream a large file tensor by
   * tensor and keep peak memory near the final weight size. Optional: readers fall back to `readBytes`. Rejects with
   * `INVALID_OPTIONS` for a range outside the file (`0 <= start <= end <= size`), `MODEL_NOT_FOUND` when the file
   * does not exist.
   */
  readRange?(name: string, start: number, end: number): Promise<Uint8Array>;
}
