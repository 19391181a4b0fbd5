import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { secureWebPreferences } from '../../main/windows/secure-web-preferences.js';
import { distDir, repoRoot, requireBuild } from '../support/repo.js';

// Electron's security checklist, checked on what ships: every page's CSP,
// every window's options, and what every preload hands to its page.

async function listFiles(dir: string, filter: (file: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, filter)));
    else if (filter(full)) out.push(full);
  }
  return out;
}

test('every built page has a strict Content-Security-Policy', async () => {
  requireBuild();
  const pages = await listFiles(path.join(distDir, 'renderer'), (file) => file.endsWith('.html'));
  assert.ok(pages.length >= 2, `pages: ${pages.join(', ')}`);
  for (const page of pages) {
    const html = await readFile(page, 'utf8');
    const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    assert.ok(csp, `${page} has no CSP`);
    assert.match(csp, /default-src 'none'/, page);
    assert.match(csp, /script-src 'self'(;|$)/, page);
    assert.match(csp, /object-src 'none'/, page);
    assert.match(csp, /base-uri 'none'/, page);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, page);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, `${page} has an inline script`);
  }
});

test('the window options are sandboxed, context-isolated and without Node', () => {
  const preferences = secureWebPreferences('/x/preload.cjs');
  assert.equal(preferences.sandbox, true);
  assert.equal(preferences.contextIsolation, true);
  assert.equal(preferences.nodeIntegration, false);
  assert.equal(preferences.nodeIntegrationInWorker, false);
  assert.equal(preferences.nodeIntegrationInSubFrames, false);
  assert.equal(preferences.webSecurity, true);
  assert.equal(preferences.webviewTag, false);
  assert.equal(preferences.allowRunningInsecureContent, false);
});

test('every window the code creates uses those options', async () => {
  const sources = await listFiles(path.join(repoRoot, 'main'), (file) => file.endsWith('.ts'));
  let windows = 0;
  for (const file of sources) {
    const source = await readFile(file, 'utf8');
    for (const match of source.matchAll(/new BrowserWindow\(/g)) {
      windows += 1;
      // This call's text, up to its own closing parenthesis.
      let depth = 0;
      let end = match.index + 'new BrowserWindow'.length;
      do {
        const char = source[end];
        if (char === '(') depth += 1;
        else if (char === ')') depth -= 1;
        end += 1;
      } while (depth > 0 && end < source.length);
      const call = source.slice(match.index, end);
      assert.match(
        call,
        /webPreferences: secureWebPreferences\(/,
        `${path.relative(repoRoot, file)}: a window without secureWebPreferences`,
      );
      assert.doesNotMatch(call, /nodeIntegration: true|sandbox: false|contextIsolation: false/, file);
    }
    assert.doesNotMatch(source, /new BrowserView\(|<webview/, `${file} creates a BrowserView or webview`);
  }
  assert.ok(windows >= 2, `found ${windows} window creations: the chat window and the overlays at least`);
});

test('no preload exposes ipcRenderer, or anything but named functions', async () => {
  requireBuild();
  const preloads = await listFiles(path.join(distDir, 'preload'), (file) => file.endsWith('.cjs'));
  assert.ok(preloads.length >= 2);
  for (const file of preloads) {
    const exposed = new Map<string, unknown>();
    const ipcRenderer = {
      invoke: async () => undefined,
      send: () => undefined,
      on: () => ipcRenderer,
      once: () => ipcRenderer,
      removeListener: () => ipcRenderer,
      removeAllListeners: () => ipcRenderer,
      postMessage: () => undefined,
    };
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer,
      webFrame: {},
    };
    const module = { exports: {} };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`${path.basename(file)} requires "${name}": a sandboxed preload may only require electron`);
    };
    const window = {
      addEventListener: () => undefined,
      postMessage: () => undefined,
      location: { origin: 'app://chat' },
    };
    vm.runInNewContext(await readFile(file, 'utf8'), {
      require: sandboxRequire,
      module,
      exports: module.exports,
      window,
      globalThis: window,
      console,
      crypto: globalThis.crypto,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      MessageChannel,
      TextEncoder,
      TextDecoder,
      URL,
    });
    assert.ok(exposed.size > 0, `${path.basename(file)} exposes nothing`);
    for (const [key, api] of exposed) {
      assert.ok(api && typeof api === 'object', `${key} is not an object`);
      for (const [name, value] of Object.entries(api)) {
        assert.equal(typeof value, 'function', `${path.basename(file)}: ${key}.${name} is not a function`);
        assert.notEqual(value, ipcRenderer.invoke, `${key}.${name} is ipcRenderer.invoke itself`);
        assert.notEqual(value, ipcRenderer.send, `${key}.${name} is ipcRenderer.send itself`);
        assert.notEqual(value, ipcRenderer.on, `${key}.${name} is ipcRenderer.on itself`);
      }
      assert.ok(!Object.values(api).includes(ipcRenderer), `${key} exposes ipcRenderer`);
    }
  }
});
