import { APP_SCHEME } from './app-url.js';

// Only our own pages, loaded from app://, may call into main. A frame that
// navigated elsewhere (or an injected iframe) is refused.
export function isTrustedSenderUrl(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    return new URL(frameUrl).protocol === `${APP_SCHEME}:`;
  } catch {
    return false;
  }
}
