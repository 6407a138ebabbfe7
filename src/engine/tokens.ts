import { get_encoding, type Tiktoken } from 'tiktoken';

// One encoder per process: creating one parses the whole BPE table (tens of ms).
let encoder: Tiktoken | undefined;

/**
 * Tokens in `text` under `o200k_base` (the GPT-4o/o-series encoding). For other
 * models it is an estimate, good enough for budgets; servers' `usage` wins when sent.
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  encoder ??= get_encoding('o200k_base');
  return encoder.encode_ordinary(text).length;
}

/** The longest prefix of `text` that fits in `maxTokens` tokens. */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return '';
  encoder ??= get_encoding('o200k_base');
  const tokens = encoder.encode_ordinary(text);
  if (tokens.length <= maxTokens) return text;
  return new TextDecoder().decode(encoder.decode(tokens.slice(0, maxTokens)));
}
