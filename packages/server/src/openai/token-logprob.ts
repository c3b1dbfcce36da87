/** One entry of OpenAI's `logprobs.content`: the token, its log-probability and its UTF-8 bytes. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  /** Alternatives are not computed (it would cost a sort of the vocabulary per token): always empty. */
  top_logprobs: [];
}

export function tokenLogprob(text: string, logprob: number): TokenLogprob {
  return { token: text, logprob, bytes: [...Buffer.from(text, 'utf8')], top_logprobs: [] };
}
