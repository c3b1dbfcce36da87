/**
 * The subset of the OpenAI chat-completions wire format this package writes and reads. Fields are snake_case as
 * on the wire; everything the server may omit is optional.
 */

export interface OpenAIChatMessage {
  role: string;
  content: string | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
}

export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIChatMessage[];
  stream: true;
  stream_options: { include_usage: true };
  max_tokens?: number;
  temperature?: number;
  top_p?: number;
  /** Extensions that vLLM, llama.cpp and `pocketlm serve` accept under these names. */
  top_k?: number;
  min_p?: number;
  repetition_penalty?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  seed?: number;
  stop?: string[];
  logprobs?: boolean;
  tools?: {
    type: 'function';
    function: { name: string; description?: string; parameters: Record<string, unknown> };
  }[];
  response_format?:
    | { type: 'json_object' }
    | { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict: true } };
}

export interface OpenAIToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface OpenAIChatChunk {
  choices?: {
    index?: number;
    delta?: { role?: string; content?: string | null; tool_calls?: OpenAIToolCallDelta[] | null };
    finish_reason?: string | null;
    logprobs?: { content?: { token: string; logprob: number }[] | null } | null;
  }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    total_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
  } | null;
  /** Some servers report a failure mid-stream as a chunk with an error body. */
  error?: { message?: string; type?: string; code?: string | null };
}

/** The OpenAI error body: `{ error: { message, type, code, param } }`. */
export interface OpenAIErrorBody {
  error?: { message?: string; type?: string; code?: string | number | null; param?: string | null };
}

/** A whole (non-streamed) chat completion, which some servers send even when asked to stream. */
export interface OpenAIChatCompletion {
  choices?: {
    message?: {
      content?: string | null;
      tool_calls?:
        | { id?: string; type?: 'function'; function?: { name?: string; arguments?: string } }[]
        | null;
    };
    finish_reason?: string | null;
    logprobs?: { content?: { token: string; logprob: number }[] | null } | null;
  }[];
  usage?: OpenAIChatChunk['usage'];
}
