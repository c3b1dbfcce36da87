import { PocketLMError, type WeightDType } from '@pocketlm/core';

/** The dtypes the Node backend loads, fp32 first (the default). */
export const NODE_DTYPES = ['fp32', 'q4'] as const satisfies readonly WeightDType[];

/** A dtype the Node backend loads. */
export type NodeDType = (typeof NODE_DTYPES)[number];

/** The ONNX graph of one dtype, and the file ORT reads its external weights from when the export has one. */
export interface OnnxWeightFiles {
  readonly dtype: NodeDType;
  readonly model: string;
  readonly data: string;
}

/**
 * The file of each dtype, by the Optimum / transformers.js naming convention: `onnx/model.onnx` for fp32 and
 * `onnx/model_q4.onnx` for q4 (4-bit weights, com.microsoft `MatMulNBits`), each with optional external data
 * next to it (`<file>_data`).
 */
const FILES: Record<NodeDType, string> = {
  fp32: 'onnx/model.onnx',
  q4: 'onnx/model_q4.onnx',
};

function isNodeDType(dtype: WeightDType): dtype is NodeDType {
  return (NODE_DTYPES as readonly WeightDType[]).includes(dtype);
}

/**
 * The ONNX files to load for `dtype` (fp32 when unset). Throws `INVALID_OPTIONS` for a dtype the backend does not
 * load.
 */
export function onnxWeightFiles(dtype: WeightDType | undefined): OnnxWeightFiles {
  const chosen = dtype ?? 'fp32';
  if (!isNodeDType(chosen)) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `The Node backend loads ${NODE_DTYPES.join(', ')} ONNX weights; dtype ${JSON.stringify(dtype)} is not supported.`,
      { details: { dtype, supported: [...NODE_DTYPES] } },
    );
  }
  const model = FILES[chosen];
  return { dtype: chosen, model, data: `${model}_data` };
}
