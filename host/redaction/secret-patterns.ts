// What looks secret in one line of a capture's text, and where in the line:
// known token prefixes, JSON Web Tokens, Authorization headers, credentials in
// connection strings, passwords assigned in config lines, e-mail addresses,
// and long strings with the randomness of a generated key. Each rule returns
// character ranges of the line; find-secrets.ts adds the rules that span
// lines (private-key blocks, a password field under its label) and settles
// overlaps. The text comes from OCR, so lengths are a little lenient (a
// character can be dropped or doubled) and nothing depends on exact case of
// labels.
import type { SecretKind } from '../../common/redaction.js';

export interface LineMatch {
  kind: SecretKind;
  /** Character offsets in the line's text: [start, end). */
  start: number;
  end: number;
}

interface Rule {
  kind: SecretKind;
  /** Global, with `d` where a group (the secret part) is masked rather than the whole match. */
  pattern: RegExp;
  /** The group that is the secret; 0: the whole match. */
  group: number;
}

/**
 * In order of precedence: where two rules match the same characters, the
 * first one's kind wins (a connection string's password is not also an
 * e-mail's local part; a Bearer JWT is an authorization).
 */
const rules: Rule[] = [
  // postgres://user:pass@host, mongodb+srv://user:pass@…, redis://:pass@host: the user and password.
  // (OCR may read spaces into "redis : // :pass@".)
  {
    kind: 'connection-string',
    pattern: /\b[a-z][a-z0-9+.-]{1,20} ?: ?\/\/ ?([^\s:/@'"]* ?: ?[^\s@/'"]+)@/dgi,
    group: 1,
  },
  // ADO and ODBC strings: Password=…; Pwd=…
  { kind: 'connection-string', pattern: /(?<![A-Za-z_])(?:password|pwd)\s*=\s*([^;'"\s]+)/dgi, group: 1 },
  // Authorization: Bearer …, Proxy-Authorization: Basic …, and a bare "Bearer <token>" (curl -H, logs).
  {
    kind: 'authorization',
    pattern:
      /\b(?:proxy-)?authorization\s*[:=]\s*["']?(?:bearer|basic|token|digest|negotiate)\s+([A-Za-z0-9._~+/=-]{6,})/dgi,
    group: 1,
  },
  { kind: 'authorization', pattern: /\bbearer\s+([A-Za-z0-9._~+/=-]{12,})/dgi, group: 1 },
  // Known prefixes. Lengths are the providers' with a character of slack either way for OCR, which
  // also reads an o as 0 or an I as l, and a space before a dash.
  { kind: 'api-key', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{14,18}\b/g, group: 0 },
  { kind: 'api-key', pattern: /\bgh[pousr]_[A-Za-z0-9]{30,255}\b/g, group: 0 },
  { kind: 'api-key', pattern: /\bgithub_pat_[A-Za-z0-9_]{20,255}\b/g, group: 0 },
  { kind: 'api-key', pattern: /\bx[o0]x[abposre] ?-[A-Za-z0-9-]{10,}/g, group: 0 },
  { kind: 'api-key', pattern: /\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g, group: 0 },
  { kind: 'api-key', pattern: /\bsk-(?:(?:proj|svcacct|admin|ant) ?-)?[A-Za-z0-9_-]{20,}/g, group: 0 },
  { kind: 'api-key', pattern: /\bA[Il1]za[0-9A-Za-z_-]{30,40}\b/g, group: 0 },
  { kind: 'api-key', pattern: /\bnpm_[A-Za-z0-9]{30,40}\b/g, group: 0 },
  { kind: 'api-key', pattern: /\bhf_[A-Za-z0-9]{30,40}\b/g, group: 0 },
  { kind: 'api-key', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/g, group: 0 },
  // A JSON Web Token: three base64url parts, the first a JSON object ("eyJ" is '{"').
  { kind: 'token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, group: 0 },
  // A password or key assigned in a config line, an env file, JSON or YAML: password = …, "api_key": "…",
  // DB_PASSWORD=… (a label may end a longer name: only a letter before it stops it).
  {
    kind: 'password',
    pattern: /(?<![A-Za-z])(?:password|passwd|passphrase|mot de passe)\s*["']?\s*[:=]\s*["']?([^\s"',;]{3,})/dgi,
    group: 1,
  },
  {
    kind: 'secret',
    pattern:
      /(?<![A-Za-z])(?:secret|client[_-]?secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|auth[_-]?token|access[_-]?token|refresh[_-]?token|private[_-]?key)\s*["']?\s*[:=]\s*["']?([^\s"',;]{8,})/dgi,
    group: 1,
  },
  // An e-mail address (not git@host: that is an SSH remote, not a person's address).
  {
    kind: 'email',
    pattern: /\b(?!git@)[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g,
    group: 0,
  },
];

/** Each rule's matches in a line, in rule order (the caller settles overlaps: first come, first kept). */
export function lineMatches(text: string): LineMatch[] {
  const found: LineMatch[] = [];
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (const match of text.matchAll(rule.pattern)) {
      const range: [number, number] | undefined =
        rule.group === 0 ? [match.index, match.index + match[0].length] : match.indices?.[rule.group];
      if (range) found.push({ kind: rule.kind, start: range[0], end: range[1] });
    }
  }
  return [...found, ...randomLooking(text)];
}

// --- strings with the randomness of a generated secret -------------------------

/**
 * The floor: shorter strings are words, ids and version numbers far more
 * often than secrets, and generated keys are 20 characters or more (an AWS
 * secret key is 40, most API keys 32 or more).
 */
export const minRandomLength = 20;

/**
 * The entropy a string must reach, per character, as a share of the most its
 * length allows (log2 of its length, up to the 62 letters and digits).
 * Measured on 2,000 random base-62 strings per length: the 1st percentile is
 * 0.83 to 0.85 of that maximum from 20 to 64 characters, while identifiers
 * (getUserAccountSettingsForProfile) stay near 0.78. With the class changes
 * below, 96% of random 20-character strings and 99% of 32 to 64 are found
 * (test/host/redaction/find-secrets.test.ts).
 */
export const entropyShare = 0.82;

/**
 * How often consecutive letters and digits change class (lower, upper,
 * digit): 0.62 on average in random base-62 text, 0.15 to 0.35 in camelCase
 * and version-numbered names (MozillaFirefox115Windows10x64 is 0.32), which
 * the entropy alone lets through.
 */
export const minClassChanges = 0.36;

/**
 * Candidates: runs of base-64 and base64url characters. Left out, on
 * purpose: strings of hex digits only (git SHAs, SHA-256 sums, memory
 * addresses in a stack trace, ids in logs) and UUIDs. They are what a user
 * usually asks about in a log or a trace, they are rarely credentials, and
 * hiding them would blank the very lines the question is about. Hex secrets
 * with a known prefix or label are still found by the rules above.
 */
function randomLooking(text: string): LineMatch[] {
  const found: LineMatch[] = [];
  for (const match of text.matchAll(/[A-Za-z0-9+/=_-]{20,}/g)) {
    const candidate = match[0];
    if (looksRandom(candidate)) found.push({ kind: 'secret', start: match.index, end: match.index + candidate.length });
  }
  return found;
}

export function looksRandom(candidate: string): boolean {
  const core = candidate.replace(/[^A-Za-z0-9]/g, '');
  if (core.length < minRandomLength) return false;
  if (/^(?:0x)?[0-9a-f]+$/i.test(core)) return false;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(candidate)) return false;
  if (!/[0-9]/.test(core) || !/[A-Za-z]/.test(core)) return false;
  return (
    shannonEntropy(core) >= entropyShare * Math.log2(Math.min(core.length, 62)) && classChanges(core) >= minClassChanges
  );
}

/** Bits per character of the string's own character frequencies. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** The share of neighbouring characters whose class (lower, upper, digit) differs. */
export function classChanges(text: string): number {
  const classOf = (char: string) => (/[a-z]/.test(char) ? 0 : /[A-Z]/.test(char) ? 1 : 2);
  let changes = 0;
  for (let i = 1; i < text.length; i++) if (classOf(text[i]!) !== classOf(text[i - 1]!)) changes += 1;
  return text.length > 1 ? changes / (text.length - 1) : 0;
}
