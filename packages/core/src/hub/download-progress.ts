/**
 * What the downloader reports while it resolves a model: bytes arriving for one file, or a file served from the
 * model store without touching the network.
 */
export type DownloadProgress =
  | {
      type: 'download';
      /** Relative file name, e.g. `onnx/model.onnx`. */
      file: string;
      /** Bytes of the file held so far, including bytes resumed from an earlier partial download. */
      loaded: number;
      /** Full size of the file, or undefined when the server did not say. */
      total: number | undefined;
    }
  | { type: 'cached'; file: string };

/** Bytes between two `download` events, so a fast connection does not flood a UI with events. */
export const PROGRESS_INTERVAL_BYTES = 64 * 1024;
