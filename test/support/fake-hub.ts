// A Hugging Face hub on 127.0.0.1 for the downloader's tests, in the real
// hub's URL layout, serving real files and failing on demand:
//   GET /api/models/<owner>/<name>/tree/<rev>?recursive=true   listing, paginated with Link headers
//   GET /<owner>/<name>/resolve/<rev>/<path>                   git files served directly,
//                                                              LFS files redirected to /cdn/<sha256>/<path>
//   GET /cdn/<sha256>/<path>                                   LFS content, with Range
// Every request is logged with what was asked and how many bytes went out.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

export interface FakeFile {
  path: string;
  bytes: Buffer;
  lfs: boolean;
  sha256: string;
  gitBlobSha1: string;
}

export interface Faults {
  /** Answer this status (to the listing when path is 'tree'), `times` times. */
  status?: { path: string; code: number; times: number };
  /** Close the connection after sending `afterBytes` of the file's body, `times` times. */
  cut?: { path: string; afterBytes: number; times: number };
  /** Stop sending (but keep the connection open) after `afterBytes`, `times` times. */
  stall?: { path: string; afterBytes: number; times: number };
  /** Serve this file with one byte flipped (the listing keeps the true hash). */
  corrupt?: { path: string };
  /** Answer 401 to hub requests (not the CDN's, which the real hub signs) without "Authorization: Bearer <token>". */
  requireToken?: string;
  /** Send bodies in chunks of this size with a pause between them. */
  throttle?: { chunkBytes: number; delayMs: number };
  /** Pause this file's body after `afterBytes` (the connection kept open) until `until` settles: a test sees the download under way. */
  hold?: { path: string; afterBytes: number; until: Promise<void> };
}

export interface LoggedRequest {
  kind: 'tree' | 'resolve' | 'cdn';
  path: string;
  range: string | undefined;
  authorization: string | undefined;
  status: number;
  bytesSent: number;
}

export interface FakeHub {
  endpoint: string;
  repo: string;
  revision: string;
  files: FakeFile[];
  faults: Faults;
  requests: LoggedRequest[];
  /** Bytes of file bodies sent for one path (through resolve or the CDN). */
  bytesSentFor(filePath: string): number;
  /** Requests that fetched content of one path. */
  contentRequestsFor(filePath: string): LoggedRequest[];
  close(): Promise<void>;
}

function gitBlobSha1(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export async function readModelFiles(dir: string, prefix = ''): Promise<FakeFile[]> {
  const files: FakeFile[] = [];
  for (const entry of (await readdir(path.join(dir, prefix), { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await readModelFiles(dir, rel)));
    else {
      const bytes = await readFile(path.join(dir, rel));
      files.push({
        path: rel,
        bytes,
        // As on the real hub: graphs in LFS, small text files in git itself.
        lfs: rel.endsWith('.onnx'),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        gitBlobSha1: gitBlobSha1(bytes),
      });
    }
  }
  return files;
}

function take(fault: { times: number } | undefined, matches: boolean): boolean {
  if (!fault || !matches || fault.times <= 0) return false;
  fault.times--;
  return true;
}

export async function startFakeHub(options: {
  repo: string;
  revision: string;
  files: FakeFile[];
  pageSize?: number;
  /** Serve LFS content from a second port, another origin, as the real hub's CDN is. */
  separateCdn?: boolean;
}): Promise<FakeHub> {
  const { repo, revision, files } = options;
  const pageSize = options.pageSize ?? 8;
  const faults: Faults = {};
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  let cdnBase = '';

  const handler: http.RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const log: LoggedRequest = {
      kind: 'resolve',
      path: '',
      range: req.headers.range,
      authorization: req.headers.authorization,
      status: 0,
      bytesSent: 0,
    };
    requests.push(log);
    const answer = (status: number, body = '', headers: Record<string, string> = {}) => {
      log.status = status;
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(body);
    };
    const toCdn = url.pathname.startsWith('/cdn/');
    if (faults.requireToken && !toCdn && req.headers.authorization !== `Bearer ${faults.requireToken}`) {
      return answer(401, 'Invalid credentials');
    }
    const treePrefix = `/api/models/${repo}/tree/${revision}`;
    const resolvePrefix = `/${repo}/resolve/${revision}/`;
    if (url.pathname === treePrefix) {
      log.kind = 'tree';
      log.path = 'tree';
      if (take(faults.status, faults.status?.path === 'tree')) return answer(faults.status!.code, 'fault');
      if (url.searchParams.get('recursive') !== 'true') return answer(400, 'this fake only lists recursively');
      const cursor = Number(url.searchParams.get('cursor') ?? '0');
      const page = files.slice(cursor, cursor + pageSize).map((file) => ({
        type: 'file',
        oid: file.lfs ? createHash('sha1').update(file.path).digest('hex') : file.gitBlobSha1,
        size: file.lfs ? 134 : file.bytes.length,
        path: file.path,
        ...(file.lfs ? { lfs: { oid: file.sha256, size: file.bytes.length, pointerSize: 134 } } : {}),
      }));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (cursor + pageSize < files.length) {
        headers.link = `<http://${req.headers.host}${treePrefix}?recursive=true&cursor=${cursor + pageSize}>; rel="next"`;
      }
      return answer(200, JSON.stringify(page), headers);
    }
    let file: FakeFile | undefined;
    if (url.pathname.startsWith(resolvePrefix)) {
      const filePath = decodeURIComponent(url.pathname.slice(resolvePrefix.length));
      log.path = filePath;
      file = files.find((candidate) => candidate.path === filePath);
      if (take(faults.status, faults.status?.path === filePath)) return answer(faults.status!.code, 'fault');
      if (!file) return answer(404, 'Entry not found');
      // The real hub names LFS objects by hash; the path is kept here only so the log can say which file it was.
      if (file.lfs) {
        return answer(302, '', { location: `${cdnBase}/cdn/${file.sha256}/${encodeURIComponent(file.path)}` });
      }
    } else if (url.pathname.startsWith('/cdn/')) {
      log.kind = 'cdn';
      const [sha256, encodedPath] = url.pathname.slice('/cdn/'.length).split('/');
      file = files.find(
        (candidate) => candidate.sha256 === sha256 && candidate.path === decodeURIComponent(encodedPath ?? ''),
      );
      if (!file) return answer(404, 'no such object');
      log.path = file.path;
    } else {
      return answer(404, 'Not found');
    }
    serveContent(file, req, res, log);
  };

  function serveContent(file: FakeFile, req: http.IncomingMessage, res: http.ServerResponse, log: LoggedRequest) {
    let body = file.bytes;
    if (faults.corrupt?.path === file.path) {
      body = Buffer.from(body);
      body[body.length >> 1]! ^= 0xff;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      start = Number(range[1]);
      if (start >= body.length) {
        log.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${body.length}` });
        return res.end();
      }
      log.status = 206;
      res.writeHead(206, {
        'content-length': String(body.length - start),
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'accept-ranges': 'bytes',
      });
    } else {
      log.status = 200;
      res.writeHead(200, { 'content-length': String(body.length), 'accept-ranges': 'bytes' });
    }
    let rest = body.subarray(start);
    const cut = take(faults.cut, faults.cut?.path === file.path) ? faults.cut!.afterBytes : undefined;
    const stall = take(faults.stall, faults.stall?.path === file.path) ? faults.stall!.afterBytes : undefined;
    const chunkBytes = faults.throttle?.chunkBytes ?? 64 * 1024;
    const delayMs = faults.throttle?.delayMs ?? 0;
    const hold = faults.hold?.path === file.path ? faults.hold : undefined;
    let released = false;
    void hold?.until.then(() => (released = true));
    const pump = () => {
      if (res.destroyed) return;
      if (hold && !released && log.bytesSent >= hold.afterBytes) {
        void hold.until.then(() => setImmediate(pump));
        return;
      }
      const limit = cut ?? stall ?? (hold && !released ? hold.afterBytes : undefined);
      if (limit !== undefined && log.bytesSent >= limit) {
        if (cut !== undefined) res.socket?.destroy();
        return; // a stall: keep the socket open, send nothing more
      }
      if (rest.length === 0) return void res.end();
      let size = Math.min(chunkBytes, rest.length);
      if (limit !== undefined) size = Math.min(size, limit - log.bytesSent);
      const chunk = rest.subarray(0, size);
      rest = rest.subarray(size);
      log.bytesSent += chunk.length;
      res.write(chunk, () => (delayMs ? setTimeout(pump, delayMs) : setImmediate(pump)));
    };
    pump();
  }

  const servers = [http.createServer(handler), ...(options.separateCdn ? [http.createServer(handler)] : [])];
  const ports: number[] = [];
  for (const server of servers) {
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as AddressInfo).port);
  }
  const port = ports[0]!;
  if (options.separateCdn) cdnBase = `http://127.0.0.1:${ports[1]}`;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    repo,
    revision,
    files,
    faults,
    requests,
    bytesSentFor: (filePath) =>
      requests.filter((r) => r.path === filePath && r.kind !== 'tree').reduce((sum, r) => sum + r.bytesSent, 0),
    contentRequestsFor: (filePath) =>
      requests.filter((r) => r.path === filePath && (r.kind === 'cdn' || (r.kind === 'resolve' && r.status !== 302))),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
