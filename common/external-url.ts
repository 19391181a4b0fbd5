// Links in an answer come from a model: untrusted text. Main opens one in the
// system browser only after this check (and the page's confirmation showing
// the full URL): http or https, no credentials smuggled before the host, and
// a length a person can read.

export type ExternalUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

const maxLength = 2048;

export function checkExternalUrl(raw: string): ExternalUrlCheck {
  if (raw.length > maxLength) return { ok: false, reason: `The link is longer than ${maxLength} characters.` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'This is not a web address.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `Only http and https links open in the browser (this one is ${url.protocol}).` };
  }
  // https://github.com@evil.example/ shows one host and goes to another.
  if (url.username || url.password) return { ok: false, reason: 'The link hides a user name before its host.' };
  if (!url.hostname) return { ok: false, reason: 'The link has no host.' };
  return { ok: true, url: url.toString() };
}
