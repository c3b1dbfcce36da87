import type { GuardSpan } from '../policy/guard-check.js';
import { regexSpans } from './regex-spans.js';

// Each pattern starts with a fixed prefix behind a boundary and has bounded quantifiers, so a match attempt fails
// within a few characters almost everywhere and never does more than a bounded amount of work.
const TOKEN_PATTERNS: readonly RegExp[] = [
  // AWS access key ids (long-term AKIA, temporary ASIA, and the rarer prefixes).
  /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  // GitHub: classic tokens and fine-grained personal access tokens.
  /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g,
  /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}(?![A-Za-z0-9_])/g,
  // GitLab personal access tokens.
  /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,64}(?![A-Za-z0-9_-])/g,
  // Slack tokens and incoming webhooks.
  /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/g,
  /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{16,32}/g,
  // Stripe secret and restricted keys, and webhook signing secrets (publishable pk_ keys are public).
  /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9_])/g,
  /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9]{24,64}(?![A-Za-z0-9_])/g,
  // Google API keys.
  /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
  // npm, Hugging Face and SendGrid tokens.
  /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
  /(?<![A-Za-z0-9_])hf_[A-Za-z]{34}(?![A-Za-z0-9_])/g,
  /(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
  // JWTs: base64url JSON header and payload (both start `eyJ`, i.e. `{"`), signature optional (unsigned tokens,
  // and a stream that has not reached it yet).
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,4096}\.eyJ[A-Za-z0-9_-]{5,8192}(?:\.[A-Za-z0-9_-]{0,4096})?(?![A-Za-z0-9_-])/g,
];

// OpenAI (`sk-…`, `sk-proj-…`) and Anthropic (`sk-ant-…`) keys share a prefix that ordinary hyphenated words also
// have (`sk-learn`), so the body must look random: long, with digits and both cases.
const SK_DASH = /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,250}(?![A-Za-z0-9_-])/g;

function looksRandom(body: string): boolean {
  return /\d/.test(body) && /[a-z]/.test(body) && /[A-Z]/.test(body);
}

/**
 * API keys and tokens with a recognisable shape: AWS access key ids, GitHub, GitLab, Slack, Stripe, OpenAI- and
 * Anthropic-style `sk-…`, Google `AIza…`, npm, Hugging Face, SendGrid, and JWTs.
 */
export function detectApiKeys(text: string): GuardSpan[] {
  const spans: GuardSpan[] = [];
  for (const pattern of TOKEN_PATTERNS) spans.push(...regexSpans(text, pattern, 'api-key'));
  spans.push(...regexSpans(text, SK_DASH, 'api-key', (m) => looksRandom(m[0].slice(3))));
  return spans;
}
