// Pages are served from app://<page>/<file>. This maps such a URL to a path
// relative to the renderer build folder, refusing anything that could escape it:
// the protocol handler is the only door from a page to files on disk.

export const APP_SCHEME = 'app';

export type AppUrlResolution = { ok: true; relativePath: string } | { ok: false; reason: string };

const SAFE_SEGMENT = /^[A-Za-z0-9._-]+$/;

export function resolveAppUrl(rawUrl: string): AppUrlResolution {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:`) return { ok: false, reason: `scheme ${url.protocol} is not ${APP_SCHEME}:` };
  const page = url.hostname;
  if (!SAFE_SEGMENT.test(page)) return { ok: false, reason: 'bad page name' };
  let pathname: string;
  try {
    // Decode once so %2e%2e and %2f cannot smuggle a traversal past the segment check.
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, reason: 'bad percent-encoding' };
  }
  const segments = pathname.split('/').filter((segment) => segment.length > 0);
  if (segments.length === 0) segments.push('index.html');
  for (const segment of segments) {
    if (segment === '.' || segment === '..' || !SAFE_SEGMENT.test(segment)) {
      return { ok: false, reason: `path segment "${segment}" is not allowed` };
    }
  }
  // Vite emits shared chunks into the build root's assets/ folder, referenced
  // from each page as ../assets/...; URL normalisation turns app://chat/../assets
  // into app://chat/assets, so map a page's assets/ to the shared one.
  if (segments[0] === 'assets') return { ok: true, relativePath: segments.join('/') };
  return { ok: true, relativePath: [page, ...segments].join('/') };
}

export function appPageUrl(page: string): string {
  return `${APP_SCHEME}://${page}/index.html`;
}
