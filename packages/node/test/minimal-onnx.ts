// Hand-encodes tiny ONNX models (protobuf wire format), so tests can build graphs with the wrong I/O names
// without an ONNX writer dependency. Field numbers are from onnx.proto.

type Field = Uint8Array;

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function concat(parts: Field[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function intField(field: number, value: number): Field {
  return Uint8Array.from([...varint(field << 3), ...varint(value)]);
}

function bytesField(field: number, payload: Uint8Array | string): Field {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return concat([Uint8Array.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes]);
}

const ELEM_TYPE = { float32: 1, int64: 7 } as const;

/** A graph input or output: name, element type and dims (numbers, or strings for symbolic dims). */
export interface MinimalValue {
  name: string;
  type: keyof typeof ELEM_TYPE;
  dims: (number | string)[];
}

function valueInfo(v: MinimalValue): Field {
  const dims = v.dims.map((d) => bytesField(1, typeof d === 'number' ? intField(1, d) : bytesField(2, d)));
  const tensorType = concat([intField(1, ELEM_TYPE[v.type]), bytesField(2, concat(dims))]);
  return concat([bytesField(1, v.name), bytesField(2, bytesField(1, tensorType))]);
}

/**
 * An ONNX model whose outputs are `Identity` copies of inputs: `outputs[i]` copies `inputs[i]` (so give each
 * output the same type as its input). Extra inputs stay unused.
 */
export function minimalOnnxModel(inputs: MinimalValue[], outputs: MinimalValue[]): Uint8Array {
  const nodes = outputs.map((out, i) =>
    bytesField(
      1,
      concat([
        bytesField(1, inputs[i].name),
        bytesField(2, out.name),
        bytesField(3, `copy_${i}`),
        bytesField(4, 'Identity'),
      ]),
    ),
  );
  const graph = concat([
    ...nodes,
    bytesField(2, 'minimal'),
    ...inputs.map((v) => bytesField(11, valueInfo(v))),
    ...outputs.map((v) => bytesField(12, valueInfo(v))),
  ]);
  const opset = concat([bytesField(1, ''), intField(2, 17)]);
  return concat([intField(1, 8), bytesField(2, 'pocketlm-test'), bytesField(7, graph), bytesField(8, opset)]);
}
