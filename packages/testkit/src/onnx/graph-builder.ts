import { type OnnxTypes, onnx } from './onnx-proto.js';

/** A dimension of a graph input/output: a fixed size or a symbolic name such as `batch_size`. */
export type Dim = number | string;

/** Attribute values the builder knows how to encode. */
export type AttrValue =
  | { int: number }
  | { ints: readonly number[] }
  | { float: number }
  | { tensor: OnnxTypes.ITensorProto };

/**
 * How an initializer stores its Hugging Face weight: as is, transposed ([in, out], for `MatMul(x, W)`), or as the
 * packed 4-bit codes or the per-block scales of `MatMulNBits` (see `quantizeQ4`).
 */
export type WeightForm = 'plain' | 'transposed' | 'q4-packed' | 'q4-scales';

/** Element types a lazy initializer can have. */
export type LazyDataType = 'float32' | 'uint8';

/**
 * A large initializer whose bytes are supplied only when the model is written, so weights can be streamed to
 * disk one tensor at a time.
 */
export interface LazyInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly dataType: LazyDataType;
  /** The Hugging Face weight it is derived from, and in which form. */
  readonly source: { readonly tensor: string; readonly form: WeightForm };
}

/** A small in-memory ONNX graph under construction: nodes, small constants, and lazy weight initializers. */
export class GraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  /** Small initializers (shape constants, inv_freq) encoded with the graph. */
  readonly constants: OnnxTypes.ITensorProto[] = [];
  /** Weight initializers written by streaming. */
  readonly lazyInitializers: LazyInitializer[] = [];
  private readonly constantCache = new Map<string, string>();
  private counter = 0;

  /** Declares a graph input. */
  input(name: string, elemType: OnnxTypes.TensorProto.DataType, dims: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares a graph output produced under `name`. */
  output(name: string, elemType: OnnxTypes.TensorProto.DataType, dims: readonly Dim[]): string {
    this.outputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }

  /**
   * Adds a node and returns its output names. `outputs` may be a count (names are generated from `prefix`)
   * or explicit names (used for the graph outputs `logits` and `present.*`).
   */
  node(
    opType: string,
    inputs: readonly string[],
    options: {
      attrs?: Record<string, AttrValue>;
      outputs?: number | readonly string[];
      prefix?: string;
      /** Operator set domain, e.g. `com.microsoft` for contrib ops; the default ONNX domain when unset. */
      domain?: string;
    } = {},
  ): string[] {
    const prefix = options.prefix ?? opType.toLowerCase();
    const outs =
      typeof options.outputs === 'object'
        ? [...options.outputs]
        : Array.from({ length: options.outputs ?? 1 }, () => this.fresh(prefix));
    const attribute = Object.entries(options.attrs ?? {}).map(([name, v]) => encodeAttr(name, v));
    this.nodes.push({
      opType,
      input: [...inputs],
      output: outs,
      name: this.fresh(`${opType}_node`),
      attribute,
      ...(options.domain ? { domain: options.domain } : {}),
    });
    return outs;
  }

  /** Single-output shorthand for `node`. */
  op(opType: string, inputs: readonly string[], attrs?: Record<string, AttrValue>, prefix?: string): string {
    return this.node(opType, inputs, { attrs, prefix })[0];
  }

  /** An int64 constant initializer (deduplicated). `dims` defaults to a 1-D tensor; `[]` makes a scalar. */
  int64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `i64:${dims.join('x')}:${values.join(',')}`;
    return this.cached(key, () => {
      const raw = new BigInt64Array(values.map((v) => BigInt(v)));
      return { dims: [...dims], dataType: onnx.TensorProto.DataType.INT64, rawData: bytesOf(raw) };
    });
  }

  /** A float32 constant initializer (deduplicated). `dims` defaults to a 1-D tensor; `[]` makes a scalar. */
  float32(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `f32:${dims.join('x')}:${values.join(',')}`;
    return this.cached(key, () => {
      const raw = new Float32Array(values);
      return { dims: [...dims], dataType: onnx.TensorProto.DataType.FLOAT, rawData: bytesOf(raw) };
    });
  }

  /** Registers a weight initializer whose data is written later, by streaming. */
  weight(
    name: string,
    dims: readonly number[],
    source: LazyInitializer['source'],
    dataType: LazyDataType = 'float32',
  ): string {
    this.lazyInitializers.push({ name, dims, dataType, source });
    return name;
  }

  private cached(key: string, make: () => OnnxTypes.ITensorProto): string {
    const hit = this.constantCache.get(key);
    if (hit) return hit;
    const name = this.fresh('const');
    this.constants.push({ ...make(), name });
    this.constantCache.set(key, name);
    return name;
  }
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function valueInfo(
  name: string,
  elemType: OnnxTypes.TensorProto.DataType,
  dims: readonly Dim[],
): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function encodeAttr(name: string, v: AttrValue): OnnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('int' in v) return { name, type: T.INT, i: v.int };
  if ('ints' in v) return { name, type: T.INTS, ints: [...v.ints] };
  if ('float' in v) return { name, type: T.FLOAT, f: v.float };
  return { name, type: T.TENSOR, t: v.tensor };
}
