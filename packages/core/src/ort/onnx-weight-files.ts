import type { WeightDType } from '../backend/backend.js';
import { PocketLMError } from '../errors/pocketlm-error.js';

/** The dtypes the ORT backends load, fp32 first (the default). */
export const ORT_DTYPES = ['fp32', 'q4'] as const satisfies readonly WeightDType[];

/** A dtype the ORT backends load. */
export type OrtDType = (typeof ORT_DTYPES)[number];

/** The ONNX graph of one dtype, and the file ORT reads its external weights from when the export has one. */
export interface OnnxWeightFiles {
  readonly dtype: OrtDType;
  readonly model: string;
  readonly data: string;
}

/**
 * The file of each dtype, by the Optimum / transformers.js naming convention: `onnx/model.onnx` for fp32 and
 * `onnx/model_q4.onnx` for q4 (4-bit weights, com.microsoft `MatMulNBits`), each with optional external data
 * next to it (`<file>_data`).
 */
const FILES: Record<OrtDType, string> = {
  fp32: 'onnx/model.onnx',
  q4: 'onnx/model_q4.onnx',
};

function isOrtDType(dtype: WeightDType): dtype is OrtDType {
  return (ORT_DTYPES as readonly WeightDType[]).includes(dtype);
}

/**
 * The ONNX files to load for `dtype` (fp32 when unset). Throws `INVALID_OPTIONS` for a dtype the ORT backends do
 * not load; `backendName` names the backend in that message.
 */
export function onnxWeightFiles(dtype: WeightDType | undefined, backendName = 'This'): OnnxWeightFiles {
  const chosen = dtype ?? 'fp32';
  if (!isOrtDType(chosen)) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `The ${backendName} backend loads ${ORT_DTYPES.join(', ')} ONNX weights; dtype ${JSON.stringify(dtype)} is not supported.`,
      { details: { dtype, supported: [...ORT_DTYPES] } },
    );
  }
  const model = FILES[chosen];
  return { dtype: chosen, model, data: `${model}_data` };
}
