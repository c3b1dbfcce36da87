/** A JSON Schema object describing a tool's arguments (an object schema). */
export type JsonSchema = Record<string, unknown>;

/** What a tool's `execute` receives besides its arguments. */
export interface ToolExecutionContext {
  /** Aborted when the agent run is aborted or the tool's timeout passes: stop work and return. */
  signal: AbortSignal;
  /** The id of the call being answered. */
  toolCallId: string;
}

/**
 * A function the model may call. `parameters` is a JSON Schema for the arguments object, or a zod schema (converted
 * with zod's own `toJSONSchema`). The model's arguments are generated under that schema, so `execute` always
 * receives arguments that validate.
 */
export interface Tool<Args = Record<string, unknown>, Result = unknown> {
  name: string;
  description?: string;
  parameters: JsonSchema | ZodLikeSchema;
  execute(args: Args, context: ToolExecutionContext): Promise<Result> | Result;
  /** Ask `onConfirm` before running (a risky action: sending, deleting, paying). */
  requiresConfirmation?: boolean;
  /** Most milliseconds a call may take before it fails with a timeout (default: the agent's `toolTimeoutMs`). */
  timeoutMs?: number;
}

/** The part of a zod (v4) schema the agent recognises; the schema is converted with `z.toJSONSchema`. */
export interface ZodLikeSchema {
  readonly _zod: unknown;
}

/** A tool after its schema is resolved to JSON Schema: what formats render and constraints compile. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

/** One call the model made: arguments are already parsed (and validate against the tool's schema). */
export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}
