import {
  type LoadModelOptions,
  type ModelConfig,
  type ModelFiles,
  PocketLMError,
  parseModelConfig,
  throwIfAborted,
} from '@pocketlm/core';
import {
  type LlamaArchitecture,
  openWeightSource,
  readArchitecture,
  type WeightSource,
} from '../formats/index.js';
import { compileKernels } from '../kernels/compile-kernels.js';
import { instantiateKernels } from '../kernels/instantiate-kernels.js';
import { KVMirrors } from '../kv/kv-mirrors.js';
import { checkGgufRopeScaling } from '../model/gguf-rope-scaling.js';
import { LlamaForward } from '../model/llama-forward.js';
import { checkTensors, modelTensorSpecs } from '../model/llama-tensors.js';
import { loadLlamaWeights } from '../model/llama-weights.js';
import { checkMemoryBudget, planModelMemory, storedFormat } from '../model/plan-model-memory.js';
import { ropeInverseFrequencies } from '../model/rope-scaling.js';
import { createKernelRuntime } from '../threads/kernel-runtime.js';
import type { ThreadPlan } from '../threads/thread-plan.js';
import type { WeightFormat } from '../weights/linear-weight.js';
import { WasmModelRunner } from './wasm-model-runner.js';

/** Settings of one load that come from the backend's options. */
export interface WasmLoadSettings {
  /** The weight file: exactly what `requiredFiles` named, so a load never reads a file it did not ask for. */
  file: string;
  maxMemoryBytes: number;
  maxBatchSize: number;
  /** How many kernel threads to start and how (default: one thread). */
  threads?: ThreadPlan;
}

const ONE_THREAD: ThreadPlan = {
  threads: 1,
  reason: 'No threads were planned for this load.',
  createWorker: undefined,
};

function targetFormat(dtype: LoadModelOptions['dtype']): WeightFormat {
  if (dtype === undefined || dtype === 'fp32') return 'f32';
  if (dtype === 'q8' || dtype === 'q4') return dtype;
  throw new PocketLMError('INVALID_OPTIONS', `The wasm backend loads dtype fp32, q8 or q4, not ${dtype}.`, {
    details: { dtype },
  });
}

/** core's ModelConfig with the hyperparameters the weight file states (a GGUF's own metadata wins). */
async function modelConfig(files: ModelFiles, arch: LlamaArchitecture): Promise<ModelConfig> {
  const base: ModelConfig = (await files.has('config.json'))
    ? parseModelConfig(await files.readText('config.json'), `${files.id}/config.json`)
    : {
        modelType: arch.modelType,
        vocabSize: arch.vocabSize,
        hiddenSize: arch.hiddenSize,
        intermediateSize: arch.intermediateSize,
        numLayers: arch.numLayers,
        numHeads: arch.numHeads,
        numKVHeads: arch.numKVHeads,
        headDim: arch.headDim,
        maxPositionEmbeddings: arch.maxPositionEmbeddings,
        ropeTheta: arch.ropeTheta,
        rmsNormEps: arch.rmsNormEps,
        tieWordEmbeddings: arch.tieWordEmbeddings,
        bosTokenId: undefined,
        eosTokenIds: [],
        raw: {},
      };
  const { attentionBias: _bias, ...hyper } = arch;
  const config = { ...base, ...hyper };
  // Validates rope_scaling now, so an unsupported one fails the load, not the first forward.
  ropeInverseFrequencies(config);
  return config;
}

function wrapOpenError(error: unknown, files: ModelFiles): unknown {
  if (PocketLMError.isInstance(error)) return error;
  return new PocketLMError('INVALID_MODEL', `${files.id}: the weights could not be read.`, { cause: error });
}

/** Loads a Llama-family model's weights into a fresh WebAssembly memory and returns its runner. */
export async function loadWasmModel(
  files: ModelFiles,
  options: LoadModelOptions,
  settings: WasmLoadSettings,
): Promise<WasmModelRunner> {
  throwIfAborted(options.signal);
  const target = targetFormat(options.dtype);
  let source: WeightSource;
  try {
    source = await openWeightSource(files, { file: settings.file });
  } catch (error) {
    throw wrapOpenError(error, files);
  }
  try {
    const arch = await readArchitecture(files, { source });
    const config = await modelConfig(files, arch);
    checkGgufRopeScaling(source, config);
    const specs = modelTensorSpecs(config, source, arch.attentionBias);
    const entries = checkTensors(specs, source, files.id);
    const module = await compileKernels();
    // The static data of the module ends at heapBase; a probe instance tells where, before any real allocation.
    const probe = await instantiateKernels(module, new WebAssembly.Memory({ initial: 1 }));
    const plan = planModelMemory(config, specs, entries, target, probe.heapBase());
    checkMemoryBudget(plan, settings.maxMemoryBytes, files.id);
    // Workers (if any) start on the shared memory while the weights load into it.
    const runtime = await createKernelRuntime(
      settings.threads ?? ONE_THREAD,
      plan.peakBytes,
      settings.maxMemoryBytes,
    );
    const { heap, kernels } = runtime;
    const weights = await loadLlamaWeights({ heap, kernels }, config, source, specs, entries, target, {
      signal: options.signal,
      onProgress:
        options.onProgress && ((loaded, total) => options.onProgress?.({ phase: 'load', loaded, total })),
    }).catch(async (error: unknown) => {
      await (await runtime.threads).executor.dispose();
      throw error;
    });
    const threads = await runtime.threads;
    const formats = new Set(
      specs.flatMap((spec, i) => (spec.role === 'linear' ? [storedFormat(entries[i], target)] : [])),
    );
    return new WasmModelRunner({
      config,
      heap,
      forward: new LlamaForward(kernels, heap, config, weights, threads.executor),
      executor: threads.executor,
      mirrors: new KVMirrors(
        heap,
        { numLayers: config.numLayers, numKVHeads: config.numKVHeads, headDim: config.headDim },
        settings.maxBatchSize,
      ),
      weightBytes: plan.weightBytes,
      maxBatchSize: settings.maxBatchSize,
      loadInfo: {
        file: source.file,
        weightFormats: [...formats],
        threads: threads.threads,
        threadsReason: threads.reason,
      },
    });
  } finally {
    await source.close();
  }
}
