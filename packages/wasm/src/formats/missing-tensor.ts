import { invalidModel } from './invalid-model.js';

/** `INVALID_MODEL` naming a tensor a weight file lacks (a model without it cannot run). */
export function missingTensor(file: string, tensor: string) {
  return invalidModel(file, `the file has no tensor ${tensor}.`, { tensor, missing: true });
}
