import onnxProto from 'onnx-proto';

/**
 * The ONNX protobuf classes. onnx-proto is CommonJS without static named exports, so Node's ESM loader only
 * offers its default export; types come from the same namespace.
 */
export const onnx: typeof onnxProto.onnx = onnxProto.onnx;
export type { onnx as OnnxTypes } from 'onnx-proto';
