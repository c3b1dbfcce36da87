import { parseArgs } from 'node:util';
import { type GenerateOptions, PocketLMError, type WeightDType } from '@pocketlm/core';

/** Flags shared by `run` and `chat`. */
export interface CliOptions {
  generate: GenerateOptions;
  system: string | undefined;
  raw: boolean;
  json: boolean;
  quiet: boolean;
  threads: number | undefined;
  contextLength: number | undefined;
  revision: string | undefined;
  hubUrl: string | undefined;
  offline: boolean;
  /** `node` (onnxruntime-node, default) or `wasm` (PocketLM's own WebAssembly kernels). */
  backend: CliBackend;
  dtype: WeightDType | undefined;
  /** The wasm backend's weight file (`model.safetensors`, `model-q4_0.gguf`…). */
  weights: string | undefined;
}

export const CLI_BACKENDS = ['node', 'wasm'] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];
const DTYPES: readonly WeightDType[] = ['fp32', 'fp16', 'q8', 'q4'];

const spec = {
  'max-tokens': { type: 'string' },
  temperature: { type: 'string', short: 't' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  'min-p': { type: 'string' },
  'repetition-penalty': { type: 'string' },
  'presence-penalty': { type: 'string' },
  'frequency-penalty': { type: 'string' },
  seed: { type: 'string' },
  stop: { type: 'string', multiple: true },
  system: { type: 'string' },
  raw: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  threads: { type: 'string' },
  context: { type: 'string' },
  revision: { type: 'string' },
  'hub-url': { type: 'string' },
  offline: { type: 'boolean' },
  backend: { type: 'string' },
  dtype: { type: 'string' },
  weights: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new PocketLMError('INVALID_OPTIONS', `--${flag} needs a number, got "${value}".`);
  }
  return n;
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || (allowed as readonly string[]).includes(value)) return value as T | undefined;
  throw new PocketLMError(
    'INVALID_OPTIONS',
    `--${flag} must be one of ${allowed.join(', ')}, got "${value}".`,
  );
}

/**
 * Parses argv after the command name. Numbers are checked here; ranges are checked by the engine. `extraFlags` are
 * string flags only some commands take (`rag`'s `--store`), so the others still reject them as unknown.
 */
export function parseCliOptions(
  argv: string[],
  extraFlags: readonly string[] = [],
): {
  positionals: string[];
  options: CliOptions;
  help: boolean;
  flags: Record<string, string | undefined>;
} {
  const extra = Object.fromEntries(extraFlags.map((flag) => [flag, { type: 'string' } as const]));
  let parsed: ReturnType<typeof parseArgs<{ options: typeof spec; allowPositionals: true }>>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...spec, ...extra } as typeof spec,
      allowPositionals: true,
      strict: true,
    });
  } catch (cause) {
    throw new PocketLMError('INVALID_OPTIONS', (cause as Error).message, { cause });
  }
  const v = parsed.values;
  const all = v as Record<string, unknown>;
  return {
    positionals: parsed.positionals,
    help: v.help ?? false,
    flags: Object.fromEntries(extraFlags.map((flag) => [flag, all[flag] as string | undefined])),
    options: {
      generate: {
        maxTokens: number('max-tokens', v['max-tokens']),
        temperature: number('temperature', v.temperature),
        topK: number('top-k', v['top-k']),
        topP: number('top-p', v['top-p']),
        minP: number('min-p', v['min-p']),
        repetitionPenalty: number('repetition-penalty', v['repetition-penalty']),
        presencePenalty: number('presence-penalty', v['presence-penalty']),
        frequencyPenalty: number('frequency-penalty', v['frequency-penalty']),
        seed: number('seed', v.seed),
        stop: v.stop,
      },
      system: v.system,
      raw: v.raw ?? false,
      json: v.json ?? false,
      quiet: v.quiet ?? false,
      threads: number('threads', v.threads),
      contextLength: number('context', v.context),
      revision: v.revision,
      hubUrl: v['hub-url'],
      offline: v.offline ?? false,
      backend: oneOf('backend', v.backend, CLI_BACKENDS) ?? 'node',
      dtype: oneOf('dtype', v.dtype, DTYPES),
      weights: v.weights,
    },
  };
}

/** Drops undefined entries so engine defaults apply. */
export function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}
