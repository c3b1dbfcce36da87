import { type CorpusSample, parseCorpus } from './corpus-sample.js';

export interface LoadCorpusOptions {
  /**
   * Which files of a directory to read (by file name). Default: `injection*.jsonl` and `benign*.jsonl`, the files
   * in this format (other checks' corpora in the same folder, such as `pii.jsonl`, have their own fields).
   */
  readonly include?: (fileName: string) => boolean;
}

const defaultInclude = (name: string) => /^(?:injection|benign).*\.jsonl$/.test(name);

/**
 * Reads corpus files, or the matching `.jsonl` files of a directory (sorted by name), in the order given. Node
 * only: `node:fs` is imported when called, so importing this module costs a browser bundle nothing.
 */
export async function loadCorpus(
  paths: string | readonly string[],
  options: LoadCorpusOptions = {},
): Promise<CorpusSample[]> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  const include = options.include ?? defaultInclude;
  const samples: CorpusSample[] = [];
  for (const entry of typeof paths === 'string' ? [paths] : paths) {
    const stat = await fs.stat(entry);
    const files = stat.isDirectory()
      ? (await fs.readdir(entry))
          .filter(include)
          .sort()
          .map((f) => path.join(entry, f))
      : [entry];
    for (const file of files)
      samples.push(...parseCorpus(await fs.readFile(file, 'utf8'), path.basename(file)));
  }
  return samples;
}
