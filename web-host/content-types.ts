// What the built pages are made of, by extension, for the HTTP servers that
// serve them outside Electron (the web host, and the tests' static server).
const byExtension: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** The Content-Type for a file name; unknown kinds are plain bytes. */
export function contentTypeOf(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 ? byExtension[file.slice(dot).toLowerCase()] : undefined) ?? 'application/octet-stream';
}
