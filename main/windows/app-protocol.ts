import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, resolveAppUrl } from '../../common/app-url.js';

// Must run before app 'ready': app:// behaves like https (secure context,
// fetch, relative URLs) so pages never need file:// privileges.
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the renderer build folder under app://, contained to that folder. */
export function serveRendererPages(rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const resolved = resolveAppUrl(request.url);
    if (!resolved.ok) return new Response(`Not found: ${resolved.reason}`, { status: 404 });
    const file = path.join(rendererRoot, resolved.relativePath);
    // A file the build does not have is a plain 404, not a failed request.
    return net.fetch(pathToFileURL(file).toString()).catch(() => new Response('Not found', { status: 404 }));
  });
}
