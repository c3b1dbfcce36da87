import { abortError, PocketLMError } from '@pocketlm/core';
import type { Tool, ToolCall } from '../tools/tool.js';

/** How a call ended: a value, or the message of what went wrong. */
export type ToolOutcome = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Runs one call under a timeout and the run's signal. The tool gets a signal that fires on either; a tool that
 * ignores it is not awaited past the deadline (its promise is left to settle on its own), so a hung tool costs
 * the agent `timeoutMs`, never the run. A throw or a timeout becomes an error the model is told about; aborting
 * the run rejects.
 */
export async function executeTool(
  tool: Tool,
  call: ToolCall,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<ToolOutcome> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) throw abortError(signal);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<ToolOutcome>((resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort(new PocketLMError('ABORTED', `Tool "${call.name}" timed out.`));
      resolve({ ok: false, error: `Tool "${call.name}" timed out after ${timeoutMs} ms.` });
    }, timeoutMs);
    onAbort = () => {
      controller.abort(signal?.reason);
      reject(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const ran = (async (): Promise<ToolOutcome> => {
    try {
      const value = await tool.execute(call.arguments, { signal: controller.signal, toolCallId: call.id });
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: `Tool "${call.name}" failed: ${describe(error)}` };
    }
  })();
  try {
    return await Promise.race([ran, stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
