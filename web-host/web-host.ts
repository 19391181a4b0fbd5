// The development web host: the built chat page over http, and the chat
// contract over a WebSocket, on 127.0.0.1 only. It lets the chat panel run in
// a plain browser (development, and the Playwright tests) against the real
// engine and the real history store, with no Electron.
//
// Another web page open in the same browser must not be able to use it: the
// WebSocket and the capture route only accept this host's own origin, every
// request must name this host (no DNS rebinding), and captures are only served
// to same-origin requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { contentTypeOf } from './content-types.js';
import { serveDevCapture } from './dev-capture-route.js';
import { captureImagePath, devCapturePath, webHostMarker, webSocketPath } from '../common/chat-web-contract.js';
import type { AppInfo } from '../common/ipc-contract.js';
import { maxOpenedImageBytes } from '../common/open-image.js';
import type { ChatService } from '../host/chat/chat-service.js';
import type { SettingsService } from '../host/settings/settings-service.js';
import { serveSocket, socketHandlers } from './socket-session.js';

export interface WebHostOptions {
  /** The built pages (dist/renderer). */
  rendererDir: string;
  service: ChatService;
  /** The settings panel's service; without it the settings methods fail with a reason. */
  settings?: SettingsService;
  appInfo: AppInfo;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Enables POST /dev/capture, which opens an image as a new capture (there is no hotkey in a browser). */
  devRoutes?: boolean;
  /** The largest image POST /dev/capture takes, in bytes; maxOpenedImageBytes (64 MB) unless given. */
  maxCaptureBytes?: number;
}

export interface WebHost {
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** The chat page. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const maxFrameBytes = 1024 * 1024;

export async function createWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = path.resolve(options.rendererDir);
  const { service } = options;
  const services = { chat: service, settings: options.settings, appInfo: options.appInfo };
  const handlerOf = socketHandlers(services);
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((host) => `http://${host}`);

  const server: Server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Internal error');
      else response.destroy();
      console.error('Sightline web host:', error);
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const origin = request.headers.origin;
    if (
      url.pathname !== webSocketPath ||
      !allowedHosts().includes(request.headers.host ?? '') ||
      !origin ||
      !allowedOrigins().includes(origin)
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, services, handlerOf));
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      return send(response, 421, 'text/plain; charset=utf-8', 'This host only answers to 127.0.0.1.');
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const fetchSite = request.headers['sec-fetch-site'];
    const sameOrigin = fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';

    if (url.pathname === devCapturePath && options.devRoutes) {
      if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'POST an image.');
      const origin = request.headers.origin;
      if (!sameOrigin || (origin !== undefined && !allowedOrigins().includes(origin))) {
        return send(response, 403, 'text/plain; charset=utf-8', 'Forbidden');
      }
      return serveDevCapture(request, response, service, options.maxCaptureBytes ?? maxOpenedImageBytes, send);
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    }
    if (url.pathname === '/') {
      response.writeHead(302, { location: '/chat/index.html' }).end();
      return;
    }
    // A conversation's first capture, or its later capture n (/api/captures/<id>/<n>.png).
    const capture = /^\/api\/captures\/([a-z0-9-]+)(?:\/([1-9][0-9]{0,2}))?\.png$/.exec(url.pathname);
    if (capture) {
      if (!sameOrigin) return send(response, 403, 'text/plain; charset=utf-8', 'Forbidden');
      const id = capture[1]!;
      const index = Number(capture[2] ?? 0);
      if (captureImagePath(id, index) !== url.pathname) {
        return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
      }
      let png: Uint8Array;
      try {
        png = await service.captureImage(id, index);
      } catch {
        return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
      }
      return send(response, 200, 'image/png', png);
    }
    return serveStatic(url.pathname, response);
  }

  async function serveStatic(pathname: string, response: ServerResponse): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return send(response, 400, 'text/plain; charset=utf-8', 'Bad path');
    }
    const file = path.resolve(rendererDir, `.${decoded}`);
    if (!file.startsWith(rendererDir + path.sep) || decoded.includes('\0')) {
      return send(response, 403, 'text/plain; charset=utf-8', 'Forbidden');
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      let body: Uint8Array | string = await readFile(file);
      if (path.extname(file) === '.html') {
        // Tells the page a web host is behind it (see chat-web-contract's webHostMarker).
        body = Buffer.from(body)
          .toString('utf8')
          .replace(/<head>/i, `<head>\n    <meta name="${webHostMarker}" content="1" />`);
      }
      return send(response, 200, contentTypeOf(file), body);
    } catch {
      return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/chat/index.html`,
    port,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  response.writeHead(status, {
    'content-type': type,
    'content-length': typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
  });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
