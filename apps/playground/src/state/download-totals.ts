/** One progress report from the model loader: bytes of one file arriving, or a file already in the store. */
export type FileProgress =
  | { type: 'download'; file: string; loaded: number; total: number | undefined }
  | { type: 'cached'; file: string };

/** Download progress summed over every file the loader has mentioned so far. */
export interface DownloadTotals {
  /** File being downloaded most recently, for the progress label. */
  currentFile?: string;
  loadedBytes: number;
  /** Sum of known file sizes; a file whose size the server did not send counts as its loaded bytes. */
  totalBytes: number;
  cachedFiles: number;
  downloadedFiles: number;
  /** Per file: [loaded, total]. */
  files: Readonly<Record<string, readonly [number, number | undefined]>>;
}

export const emptyTotals: DownloadTotals = {
  loadedBytes: 0,
  totalBytes: 0,
  cachedFiles: 0,
  downloadedFiles: 0,
  files: {},
};

/** Folds one progress event into the totals (pure, so the reducer stays pure). */
export function addProgress(totals: DownloadTotals, event: FileProgress): DownloadTotals {
  if (event.type === 'cached') {
    return { ...totals, cachedFiles: totals.cachedFiles + 1 };
  }
  const files = { ...totals.files, [event.file]: [event.loaded, event.total] as const };
  let loadedBytes = 0;
  let totalBytes = 0;
  let downloadedFiles = 0;
  for (const [loaded, total] of Object.values(files)) {
    loadedBytes += loaded;
    totalBytes += total ?? loaded;
    if (total !== undefined && loaded >= total) downloadedFiles++;
  }
  return { ...totals, currentFile: event.file, files, loadedBytes, totalBytes, downloadedFiles };
}

/** 0..1, or undefined before any size is known (the bar is then indeterminate). */
export function fractionDone(totals: DownloadTotals): number | undefined {
  return totals.totalBytes > 0 ? Math.min(1, totals.loadedBytes / totals.totalBytes) : undefined;
}
