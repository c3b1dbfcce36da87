import type { ToolCall, ToolSpec } from '../tools/tool.js';
import type { ParsedReply } from './tool-call-format.js';

/** End-of-turn markers a reply decoded with special tokens kept may end with. */
const END_TOKENS = [
  '<|im_end|>',
  '<|endoftext|>',
  '<|end_of_text|>',
  '<|eot_id|>',
  '<|eom_id|>',
  '<|end|>',
  '<end_of_turn>',
  '<eos>',
  '</s>',
];

/** The reply without the end-of-turn tokens (and whitespace) it ends with. */
export function stripEndTokens(output: string): string {
  let text = output.trimEnd();
  for (let found = true; found; ) {
    found = false;
    for (const token of END_TOKENS) {
      if (text.endsWith(token)) {
        text = text.slice(0, -token.length).trimEnd();
        found = true;
      }
    }
  }
  return text;
}

/** Collects a reply's text pieces, calls and malformed calls in order. */
export class ReplyBuilder {
  private readonly pieces: string[] = [];
  private readonly calls: ToolCall[] = [];
  private readonly malformed: ParsedReply['malformed'] = [];

  constructor(
    private readonly tools: readonly ToolSpec[],
    private readonly newId: () => string,
    /** The key a call's arguments go under in this format (`arguments`, or Llama's `parameters`). */
    private readonly argsKey: string,
  ) {}

  text(piece: string): void {
    const t = piece.trim();
    if (t) this.pieces.push(t);
  }

  bad(raw: string, error: string): void {
    this.malformed.push({ raw, error });
  }

  /** A call whose JSON the reply ended inside (the model hit its token limit, or stopped). */
  cutOff(raw: string): void {
    this.bad(raw, 'The tool call is cut off: its JSON never closes.');
  }

  /** Reads one call from its JSON text (`raw` is what is reported if it is malformed). */
  json(json: string, raw = json): void {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      this.bad(raw, `The tool call is not valid JSON (${(error as Error).message}). ${this.shape()}`);
      return;
    }
    this.value(value, raw);
  }

  /** Reads one call from a parsed value: `{ name, <argsKey> }` (the other key name is accepted too). */
  value(value: unknown, raw: string): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.bad(raw, `A tool call must be a JSON object. ${this.shape()}`);
      return;
    }
    const v = value as Record<string, unknown>;
    if (typeof v.name !== 'string') {
      this.bad(raw, `The tool call has no "name" string. ${this.shape()}`);
      return;
    }
    this.named(v.name, v[this.argsKey] ?? v.arguments ?? v.parameters, raw);
  }

  /** Reads one call whose name and arguments were found apart. */
  named(name: string, args: unknown, raw: string): void {
    if (!this.tools.some((t) => t.name === name)) {
      const names = this.tools.map((t) => `"${t.name}"`).join(', ');
      this.bad(raw, `There is no tool named ${JSON.stringify(name)}. The tools are: ${names}.`);
      return;
    }
    // Some models write the arguments as a JSON string (the OpenAI wire shape); a tool without any takes none.
    let parsed = args ?? {};
    if (typeof parsed === 'string') {
      try {
        parsed = JSON.parse(parsed);
      } catch {
        // reported below
      }
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      this.bad(raw, `The arguments of "${name}" must be a JSON object. ${this.shape()}`);
      return;
    }
    this.calls.push({ id: this.newId(), name, arguments: parsed as Record<string, unknown> });
  }

  build(): ParsedReply {
    return { text: this.pieces.join('\n\n'), calls: this.calls, malformed: this.malformed };
  }

  private shape(): string {
    return `Write {"name": <tool name>, "${this.argsKey}": <arguments object>}.`;
  }
}
