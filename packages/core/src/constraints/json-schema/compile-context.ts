import { PocketLMError } from '../../errors/pocketlm-error.js';
import { literal, type RegexNode } from './regex-ast.js';

/** A JSON Schema: an object, or `true` (anything) / `false` (nothing). */
export type Schema = SchemaObject | boolean;
export type SchemaObject = Readonly<Record<string, unknown>>;

/** How JSON-Schema constraints are turned into regexes. */
export interface JsonSchemaRegexOptions {
  /**
   * `compact` (default): no whitespace between tokens, as `JSON.stringify(value)` writes it. `spaced`: one space after
   * every `:` and `,` (`{"a": 1, "b": [1, 2]}`).
   */
  whitespace?: 'compact' | 'spaced';
  /**
   * How many levels of objects / arrays free-form JSON may nest (`json_object` mode, and subschemas that do not say
   * what they hold, like `{}` or an object without `properties`). Default 3: the top-level object counts as one.
   */
  maxDepth?: number;
  /** How many times a recursive `$ref` is expanded before its branch is cut off. Default 3. */
  maxRecursion?: number;
}

/** Shared state of one compilation: the root (for `$ref`), options, and how errors are reported. */
export class CompileContext {
  readonly whitespace: 'compact' | 'spaced';
  readonly colon: RegexNode;
  readonly comma: RegexNode;
  readonly maxDepth: number;
  readonly maxRecursion: number;
  /** `$ref`s being expanded, outermost first; a ref's count here is its recursion depth. */
  readonly refStack: string[] = [];
  /** Whether the document uses `$ref` anywhere (then a nested `$id`, which would rebase it, is refused). */
  readonly usesRefs: boolean;
  /** Why some required part admits no value: reported if the whole schema ends up admitting none. */
  emptyReason: { keyword: string; pointer: string; message: string } | undefined;

  constructor(
    readonly root: Schema,
    options: JsonSchemaRegexOptions,
    /** Compiles a subschema found at `pointer` (a JSON Pointer into the root). */
    readonly compile: (schema: unknown, pointer: string) => RegexNode,
  ) {
    const o = checkOptions(options);
    this.whitespace = o.whitespace;
    this.colon = literal(o.whitespace === 'spaced' ? ': ' : ':');
    this.comma = literal(o.whitespace === 'spaced' ? ', ' : ',');
    this.maxDepth = o.maxDepth;
    this.maxRecursion = o.maxRecursion;
    this.usesRefs = JSON.stringify(root).includes('"$ref"');
  }

  /** Throws UNSUPPORTED_CONSTRAINT naming the keyword and where it is. */
  unsupported(keyword: string, pointer: string, why = 'is not supported'): never {
    throw new PocketLMError('UNSUPPORTED_CONSTRAINT', `"${keyword}" at ${showPointer(pointer)} ${why}`, {
      details: { keyword, pointer },
    });
  }

  /** Throws INVALID_OPTIONS for a malformed schema. */
  invalid(keyword: string, pointer: string, why: string): never {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `Invalid JSON Schema: "${keyword}" at ${showPointer(pointer)} ${why}`,
      {
        details: { keyword, pointer },
      },
    );
  }

  /** A keyword that must be a non-negative integer when present (`minLength`, `maxItems`, …). */
  count(schema: SchemaObject, keyword: string, pointer: string): number | undefined {
    const value = schema[keyword];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      this.invalid(keyword, pointer, 'must be a non-negative integer.');
    }
    return value;
  }

  /** Remembers the first reason a subschema admits nothing the generator can write. */
  noteEmpty(keyword: string, pointer: string, why: string): void {
    this.emptyReason ??= { keyword, pointer, message: `"${keyword}" at ${showPointer(pointer)} ${why}` };
  }
}

/** `pointer` extended by reference tokens, escaped as JSON Pointer requires. */
export function childPointer(pointer: string, ...tokens: (string | number)[]): string {
  return pointer + tokens.map((t) => `/${String(t).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

export const showPointer = (pointer: string): string => (pointer === '' ? '/' : pointer);

export const isSchemaObject = (value: unknown): value is SchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkOptions(options: JsonSchemaRegexOptions): Required<JsonSchemaRegexOptions> {
  const bad = (name: string, why: string) =>
    new PocketLMError('INVALID_OPTIONS', `JSON-Schema constraint option "${name}" ${why}`, {
      details: { option: name },
    });
  const { whitespace = 'compact', maxDepth = 3, maxRecursion = 3 } = options;
  if (whitespace !== 'compact' && whitespace !== 'spaced')
    throw bad('whitespace', 'must be "compact" or "spaced".');
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > 8)
    throw bad('maxDepth', 'must be an integer 1–8.');
  if (!Number.isInteger(maxRecursion) || maxRecursion < 0 || maxRecursion > 6) {
    throw bad('maxRecursion', 'must be an integer 0–6.');
  }
  return { whitespace, maxDepth, maxRecursion };
}
