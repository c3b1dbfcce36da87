/**
 * How the OPFS store names things. One folder per model key, and inside it flat entries per file, with a prefix
 * saying what each is: `f~` the committed file, `p~` the partial download, `h~` the committed file's verified
 * SHA-256. Names are URI-encoded so keys and nested file names (`onnx/model.onnx`) need no folders of their own.
 */
export const STORE_ROOT = 'pocketlm-models';

export function keyFolder(key: string): string {
  return encodeURIComponent(key);
}

export function keyFromFolder(folder: string): string {
  return decodeURIComponent(folder);
}

export function committedName(file: string): string {
  return `f~${encodeURIComponent(file)}`;
}

export function partialName(file: string): string {
  return `p~${encodeURIComponent(file)}`;
}

export function hashName(file: string): string {
  return `h~${encodeURIComponent(file)}`;
}
