import { compileJsonSchema, PocketLMError, type ToolDefinition } from '@pocketlm/core';
import type { JsonSchema, Tool, ToolSpec, ZodLikeSchema } from './tool.js';

/** What tool names may look like: the OpenAI / Anthropic rule, and safe inside every format's call syntax. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Resolves tools to JSON Schema specs and checks them before any generation: names unique and well formed, the
 * parameters an object schema, and a schema the constraint compiler accepts (so a call can always be generated).
 * zod (v4) schemas are converted by zod itself (the schema's `toJSONSchema` method; for zod/mini, the `zod`
 * package's, imported only then), as output schemas: fields with defaults are required of the model.
 *
 * Throws `PocketLMError` `INVALID_OPTIONS` for a malformed tool, `UNSUPPORTED_CONSTRAINT` (with `details.tool`
 * and `details.keyword`) for a schema keyword that cannot be enforced.
 */
export async function resolveTools(tools: readonly Tool[]): Promise<ToolSpec[]> {
  if (!Array.isArray(tools)) throw invalid('"tools" must be an array of tools.');
  const seen = new Set<string>();
  const specs: ToolSpec[] = [];
  for (const [i, tool] of tools.entries()) {
    if (typeof tool !== 'object' || tool === null)
      throw invalid(`tools[${i}] must be a tool object.`, { index: i });
    const name = tool.name;
    if (typeof name !== 'string' || !TOOL_NAME_PATTERN.test(name)) {
      throw invalid(
        `tools[${i}] has the name ${JSON.stringify(name)}: a tool name must be 1–64 letters, digits, "_" or "-".`,
        { index: i, tool: name },
      );
    }
    if (seen.has(name))
      throw invalid(`Two tools are named "${name}": tool names must be unique.`, { tool: name });
    seen.add(name);
    if (tool.description !== undefined && typeof tool.description !== 'string') {
      throw invalid(`Tool "${name}": "description" must be a string.`, { tool: name });
    }
    if (typeof tool.execute !== 'function') {
      throw invalid(`Tool "${name}": "execute" must be a function.`, { tool: name });
    }
    const parameters = await toJsonSchema(name, tool.parameters);
    checkCompiles(name, parameters);
    specs.push({ name, description: tool.description ?? '', parameters });
  }
  return specs;
}

/** The tools as chat templates take them in their `tools` variable (the OpenAI function shape). */
export function toToolDefinitions(specs: readonly ToolSpec[]): ToolDefinition[] {
  return specs.map((s) => ({
    type: 'function',
    function: {
      name: s.name,
      ...(s.description ? { description: s.description } : {}),
      parameters: s.parameters,
    },
  }));
}

/** Whether a value is a zod v4 schema (they all carry `_zod`). */
export function isZodSchema(value: unknown): value is ZodLikeSchema {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

async function toJsonSchema(name: string, parameters: unknown): Promise<JsonSchema> {
  let schema: unknown = parameters;
  if (isZodSchema(parameters)) {
    const toJSONSchema = await zodToJsonSchema(name, parameters);
    try {
      schema = toJSONSchema(parameters);
    } catch (error) {
      // zod refuses types JSON Schema cannot express (transforms, dates, bigints, …).
      throw new PocketLMError(
        'UNSUPPORTED_CONSTRAINT',
        `Tool "${name}": its zod schema has no JSON Schema form: ${(error as Error).message}`,
        { cause: error, details: { tool: name } },
      );
    }
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw invalid(`Tool "${name}": "parameters" must be a JSON Schema object or a zod schema.`, {
      tool: name,
    });
  }
  const { $schema: _dialect, ...rest } = schema as JsonSchema;
  if (rest.type !== 'object') {
    throw invalid(
      `Tool "${name}": "parameters" must be an object schema ({ type: "object", properties: … }), ` +
        `got type ${JSON.stringify(rest.type)}.`,
      { tool: name },
    );
  }
  return rest;
}

type ToJsonSchema = (schema: ZodLikeSchema) => unknown;

async function zodToJsonSchema(name: string, schema: ZodLikeSchema): Promise<ToJsonSchema> {
  // Classic zod schemas convert themselves, so the user's own zod copy does the work and nothing is imported.
  const own = (schema as { toJSONSchema?: unknown }).toJSONSchema;
  if (typeof own === 'function') return (s) => own.call(s);
  // zod/mini schemas have no method: fall back to the package. The specifier is a variable so bundlers of apps
  // that never pass zod schemas do not fail on the optional peer dependency.
  const specifier = 'zod';
  try {
    const zod = (await import(/* @vite-ignore */ specifier)) as { toJSONSchema?: ToJsonSchema };
    if (typeof zod.toJSONSchema === 'function') return zod.toJSONSchema;
  } catch (error) {
    throw invalid(`Tool "${name}" has a zod schema, but "zod" could not be imported.`, { tool: name }, error);
  }
  throw invalid(
    `Tool "${name}" has a zod schema, but the installed "zod" has no toJSONSchema (zod 4 needed).`,
    {
      tool: name,
    },
  );
}

/** Compiles the schema once now, so a schema the generator cannot enforce fails here and names its tool. */
function checkCompiles(name: string, parameters: JsonSchema): void {
  try {
    compileJsonSchema(parameters);
  } catch (error) {
    if (!PocketLMError.isInstance(error)) throw error;
    throw new PocketLMError(error.code, `Tool "${name}": ${error.message}`, {
      cause: error,
      details: { ...error.details, tool: name },
    });
  }
}

function invalid(message: string, details: Record<string, unknown> = {}, cause?: unknown): PocketLMError {
  return new PocketLMError('INVALID_OPTIONS', message, { details, cause });
}
