import { homedir } from 'node:os';
import { environmentSecretValues, MIN_SECRET_LENGTH, registeredSecretValues, type Environment } from './secretValues';

/** What replaces every secret found. */
export const REDACTED = '[redacted]';

/** Which secrets to look for besides the shapes every scrub knows. */
export interface ScrubOptions {
  /**
   * Exact values to mask wherever they appear: the API key(s) in use. Values registered
   * with `registerSecretValue` are masked too, whether or not they are passed here.
   */
  secrets?: Iterable<string>;
  /** The environment whose secret-looking values are masked; defaults to this process's. */
  env?: Environment;
}

// PEM private keys, whole or cut short (output capture keeps a head and a tail). Found by a walk
// over the markers rather than one `BEGIN[\s\S]*?END` pattern, which is quadratic on many BEGINs.
const PEM_MARKER = /-----(BEGIN|END) [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/g;
/** The base64 and header lines after a BEGIN whose END is missing. */
const PEM_BODY_LINES = /(?:\r?\n(?:[A-Za-z0-9+/=]+|(?:Proc-Type|DEK-Info|Comment): [^\n]*)?(?=\r?\n|$))*/y;
// Two or more lines of bare base64 (a key body whose BEGIN line was cut off).
const BASE64_RUN = /(?:^[A-Za-z0-9+/]{40,}={0,2}[ \t]*(?:\r?\n|$)){2,}(?:^[A-Za-z0-9+/]{1,39}={0,2}[ \t]*(?=\r?\n|$))?/gm;

/** Tokens whose shape alone gives them away. */
const TOKEN_SHAPES: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{16,}/g, // OpenAI, Anthropic (sk-ant-…), sk-proj-…
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API keys
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs
];
// The lookbehinds here and in ASSIGNMENT start a match only at the start of a run: a candidate
// printing 200 KB of `a.a.a…` must not make scrubbing quadratic.
/** Credentials in a URL: `scheme://user:password@host`. */
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^/\s@]+@/gi;
/** `Authorization: Bearer …` and friends: keep the scheme, mask the credential. */
const AUTH_SCHEME = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g;
const AUTH_SCHEME_WORD = /^(?:Bearer|Basic|Token)$/;

/** A line of a dotenv file: `NAME=value` or `export NAME=value`, upper-case name, no spaces around `=`. */
const DOTENV_LINE = /^([ \t]*(?:export[ \t]+)?[A-Z][A-Z0-9_]*=)(?!\s*$)(.+)$/gm;

/** `name = value`, `"name": "value"`, `name: value` anywhere in a line: masked when the name is secret-like. */
const ASSIGNMENT = /(["']?)(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)\1([ \t]*[:=][ \t]*)(?:"([^"\n]*)"|'([^'\n]*)'|([^\s"',;)}\]]+))/g;
const SECRET_WORDS = new Set([
  'token', 'secret', 'secrets', 'password', 'passwd', 'pwd', 'passphrase', 'credential', 'credentials',
  'auth', 'authorization', 'cookie', 'cookies', 'session', 'sessionid', 'apikey', 'privatekey', 'bearer',
]);
/** `key` alone names dict keys and sort keys; only these prefixes make it a secret. */
const KEY_PREFIXES = new Set(['api', 'access', 'secret', 'private', 'client', 'signing', 'encryption', 'master', 'auth', 'app', 'service', 'account', 'session']);
/** Named secrets shorter than this are left: `auth: ok`, `token: 'a'` in a tokenizer's tests. */
const MIN_NAMED_VALUE = 6;

const SECRET_HINT = /key|token|secret|pass|pwd|credential|auth|cookie|session|bearer/i;

function secretLikeName(name: string): boolean {
  if (!SECRET_HINT.test(name)) return false;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_.-]+/)
    .filter(Boolean);
  return words.some((word, i) => SECRET_WORDS.has(word) || (word === 'key' && i > 0 && KEY_PREFIXES.has(words[i - 1])));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The exact values to mask, longest first so a key containing another is masked whole. */
function knownValues(options: ScrubOptions): string[] {
  const values = new Set<string>([...registeredSecretValues(), ...environmentSecretValues(options.env)]);
  for (const value of options.secrets ?? []) if (value.trim().length >= MIN_SECRET_LENGTH) values.add(value);
  return [...values].sort((a, b) => b.length - a.length);
}

function maskKnown(text: string, values: readonly string[]): string {
  let out = text;
  for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
  return out;
}

function maskAssignments(text: string): string {
  return text.replace(ASSIGNMENT, (whole, quote: string, name: string, sep: string, dq?: string, sq?: string, bare?: string) => {
    const value = dq ?? sq ?? bare ?? '';
    // `Authorization: Bearer [redacted]`: the scheme was kept on purpose, its credential is masked.
    if (!secretLikeName(name) || value.length < MIN_NAMED_VALUE || value.startsWith(REDACTED) || AUTH_SCHEME_WORD.test(value)) return whole;
    const wrap = dq !== undefined ? '"' : sq !== undefined ? "'" : '';
    return `${quote}${name}${quote}${sep}${wrap}${REDACTED}${wrap}`;
  });
}

/** Masks PEM private keys: BEGIN to its END, or BEGIN and the key lines after it when the END is missing. */
function maskPem(text: string): string {
  const markers = [...text.matchAll(PEM_MARKER)];
  if (markers.length === 0) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < markers.length; i++) {
    const marker = markers[i];
    const start = marker.index ?? 0;
    if (start < from) continue;
    out += text.slice(from, start) + REDACTED;
    const next = markers[i + 1];
    if (marker[1] === 'BEGIN' && next?.[1] === 'END') {
      from = (next.index ?? 0) + next[0].length;
      i++;
    } else {
      from = start + marker[0].length;
      if (marker[1] === 'BEGIN') {
        PEM_BODY_LINES.lastIndex = from;
        if (PEM_BODY_LINES.exec(text)) from = PEM_BODY_LINES.lastIndex;
      }
    }
  }
  return out + text.slice(from);
}

/** Masks every secret the options and the known shapes name; the rest of the text is unchanged. */
function maskSecrets(text: string, options: ScrubOptions): string {
  let out = maskPem(text).replace(BASE64_RUN, `${REDACTED}\n`);
  out = maskKnown(out, knownValues(options));
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, REDACTED);
  out = out.replace(AUTH_SCHEME, `$1 ${REDACTED}`).replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  out = out.replace(DOTENV_LINE, (whole, head: string, value: string) => (value === REDACTED ? whole : `${head}${REDACTED}`));
  return maskAssignments(out);
}

/**
 * Test output made fit for a log line (the extension's output channel, the CLI's stderr, the
 * panel): the API key(s), secret-looking environment values, token-shaped strings, PEM private
 * keys, dotenv lines and secret-named assignments become `[redacted]`. Everything else is kept.
 */
export function scrubForLog(text: string, options: ScrubOptions = {}): string {
  return maskSecrets(text, options);
}

// Terminal escapes can hide text from a reader while the model still sees it.
const CONTROL = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/**
 * Test output made fit for a model prompt: {@link scrubForLog}, then terminal escapes and
 * control characters removed and the user's home directory shown as `~` (it names the user).
 * Callers also cut what they send; see `failureExcerpt`.
 */
export function scrubForModel(text: string, options: ScrubOptions = {}): string {
  let out = maskSecrets(text.replace(CONTROL, ''), options);
  const home = homedir();
  if (home.length > 1) out = out.replace(new RegExp(`${escapeRegExp(home)}(?=[/\\\\]|[\\s'"]|$)`, 'gm'), '~');
  return out;
}
