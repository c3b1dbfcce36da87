import { type FileHandle, open } from 'node:fs/promises';
import type { GraphBuilder, LazyDataType, LazyInitializer } from './graph-builder.js';
import { onnx } from './onnx-proto.js';

/** Protobuf field numbers used when splicing streamed initializers into the encoded model. */
const MODEL_GRAPH_FIELD = 7;
const GRAPH_INITIALIZER_FIELD = 5;
const TENSOR_RAW_DATA_FIELD = 9;
const WIRE_LENGTH_DELIMITED = 2;

export interface WriteOnnxModelOptions {
  /** Version of the default ONNX operator set. */
  opsetVersion: number;
  /** Further operator sets the graph uses, e.g. `{ domain: 'com.microsoft', version: 1 }` for contrib ops. */
  extraOpsets?: readonly { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
}

/** ONNX element type and byte size of each lazy initializer type. */
const ELEMENT_TYPES: Record<LazyDataType, { onnxType: number; bytes: number }> = {
  float32: { onnxType: onnx.TensorProto.DataType.FLOAT, bytes: 4 },
  uint8: { onnxType: onnx.TensorProto.DataType.UINT8, bytes: 1 },
};

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Uint8Array.from(bytes);
}

function fieldHeader(field: number, length: number): Uint8Array {
  const tag = varint((field << 3) | WIRE_LENGTH_DELIMITED);
  const len = varint(length);
  const out = new Uint8Array(tag.length + len.length);
  out.set(tag, 0);
  out.set(len, tag.length);
  return out;
}

/** The encoded TensorProto of a lazy initializer, minus its raw_data, and the byte size it will have. */
function initializerLayout(init: LazyInitializer): {
  head: Uint8Array;
  rawBytes: number;
  tensorBytes: number;
} {
  const element = ELEMENT_TYPES[init.dataType];
  const meta = onnx.TensorProto.encode({
    name: init.name,
    dims: [...init.dims],
    dataType: element.onnxType,
  }).finish();
  const rawBytes = init.dims.reduce((a, b) => a * b, 1) * element.bytes;
  const rawHeader = fieldHeader(TENSOR_RAW_DATA_FIELD, rawBytes);
  const head = new Uint8Array(meta.length + rawHeader.length);
  head.set(meta, 0);
  head.set(rawHeader, meta.length);
  return { head, rawBytes, tensorBytes: head.length + rawBytes };
}

/**
 * Writes a graph as a `.onnx` file without holding all weights in memory. Protobuf fields may appear in any
 * order, so the model is encoded without its weight initializers, and each initializer is then appended to the
 * graph field as `raw_data`, pushed one tensor at a time in `graph.lazyInitializers` order. The graph's length
 * prefix is computed up front from the tensor shapes.
 */
export class OnnxModelWriter {
  private next = 0;

  private constructor(
    private readonly file: FileHandle,
    private readonly initializers: readonly LazyInitializer[],
    private readonly layouts: readonly ReturnType<typeof initializerLayout>[],
  ) {}

  /** Creates the file and writes everything but the weight data. */
  static async open(
    path: string,
    graph: GraphBuilder,
    options: WriteOnnxModelOptions,
  ): Promise<OnnxModelWriter> {
    const graphProto = onnx.GraphProto.encode({
      name: 'main_graph',
      node: graph.nodes,
      input: graph.inputs,
      output: graph.outputs,
      initializer: graph.constants,
    }).finish();
    const modelProto = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: options.opsetVersion }, ...(options.extraOpsets ?? [])],
      producerName: options.producerName,
      producerVersion: options.producerVersion,
    }).finish();
    const layouts = graph.lazyInitializers.map(initializerLayout);
    let graphBytes = graphProto.length;
    for (const l of layouts)
      graphBytes += fieldHeader(GRAPH_INITIALIZER_FIELD, l.tensorBytes).length + l.tensorBytes;
    const file = await open(path, 'w');
    try {
      await file.write(modelProto);
      await file.write(fieldHeader(MODEL_GRAPH_FIELD, graphBytes));
      await file.write(graphProto);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new OnnxModelWriter(file, graph.lazyInitializers, layouts);
  }

  /** The initializer the next `write` call fills. */
  get pending(): LazyInitializer | undefined {
    return this.initializers[this.next];
  }

  /** Writes the data of the next initializer: float32 or uint8 values, as its `dataType` says. */
  async write(data: Float32Array | Uint8Array): Promise<void> {
    const layout = this.layouts[this.next];
    const init = this.initializers[this.next];
    if (!layout) throw new Error('OnnxModelWriter: every initializer is already written.');
    const expected = init.dataType === 'uint8' ? Uint8Array : Float32Array;
    if (!(data instanceof expected)) {
      throw new Error(`OnnxModelWriter: ${init.name} is ${init.dataType}, got a ${data.constructor.name}.`);
    }
    if (data.byteLength !== layout.rawBytes) {
      throw new Error(
        `OnnxModelWriter: ${init.name} needs ${layout.rawBytes} bytes, got ${data.byteLength}.`,
      );
    }
    await this.file.write(fieldHeader(GRAPH_INITIALIZER_FIELD, layout.tensorBytes));
    await this.file.write(layout.head);
    // Typed-array memory is little-endian, which is what ONNX raw_data requires.
    await this.file.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    this.next += 1;
  }

  /** Closes the file; throws if initializers are missing (the file would be truncated). */
  async close(): Promise<void> {
    await this.file.close();
    if (this.next !== this.initializers.length) {
      throw new Error(
        `OnnxModelWriter: closed after ${this.next} of ${this.initializers.length} initializers.`,
      );
    }
  }

  /** Closes the file after a failure, without the completeness check. */
  async abort(): Promise<void> {
    await this.file.close();
  }
}
