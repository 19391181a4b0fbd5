// Links in an answer come from a model: untrusted text. Main opens one in the
// system browser only after this check (and the page's confirmation showing
// the full URL): http or https, no credentials smuggled before the host, and
// a length a person can read.

import { chatRefusal, chatRefusals } from './chat-refusals.js';

export type ExternalUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

const maxLength = 2048;

export function checkExternalUrl(raw: string): ExternalUrlCheck {
  if (raw.length > maxLength) return { ok: false, reason: chatRefusal('linkTooLong', { max: maxLength }) };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: chatRefusals.linkNotWebAddress };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: chatRefusal('linkScheme', { scheme: url.protocol }) };
  }
  // https://github.com@evil.example/ shows one host and goes to another.
  if (url.username || url.password) return { ok: false, reason: chatRefusals.linkUserName };
  if (!url.hostname) return { ok: false, reason: chatRefusals.linkNoHost };
  return { ok: true, url: url.toString() };
}
