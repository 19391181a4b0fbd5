import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser } from 'playwright';
import { launchChromium } from '../support/chromium.js';
import { distDir, requireBuild } from '../support/repo.js';
import { serveFolder, type StaticServer } from '../support/static-server.js';

// The built pages, in a real Chromium, served over http as the app serves them
// over app://: they render under their strict CSP without a single violation.
let browser: Browser;
let server: StaticServer;

before(async () => {
  requireBuild();
  server = await serveFolder(path.join(distDir, 'renderer'));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(page: string, colorScheme: 'light' | 'dark' = 'light') {
  const context = await browser.newContext({ colorScheme });
  const tab = await context.newPage();
  const problems: string[] = [];
  tab.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  tab.on('pageerror', (error) => problems.push(error.message));
  await tab.goto(`${server.url}/${page}/index.html`);
  return { tab, problems, close: () => context.close() };
}

test('the chat page renders and says plainly that no app is behind it', async () => {
  const { tab, problems, close } = await openPage('chat');
  try {
    await tab.getByRole('heading', { name: 'Sightline' }).waitFor();
    await tab.getByRole('heading', { name: 'Nothing captured yet' }).waitFor();
    await tab.getByRole('status').getByText('Not connected to the Sightline app.').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('the chat page follows the OS theme', async () => {
  const background = async (scheme: 'light' | 'dark') => {
    const { tab, close } = await openPage('chat', scheme);
    try {
      await tab.getByRole('heading', { name: 'Sightline' }).waitFor();
      return await tab.evaluate(() => getComputedStyle(document.body).backgroundColor);
    } finally {
      await close();
    }
  };
  assert.equal(await background('light'), 'rgb(255, 255, 255)');
  assert.equal(await background('dark'), 'rgb(30, 31, 34)');
});

test('the chat page switches theme when the OS does, without a reload', async () => {
  const { tab, close } = await openPage('chat', 'light');
  try {
    await tab.getByRole('heading', { name: 'Sightline' }).waitFor();
    const colours = () =>
      tab.evaluate(() => {
        const style = getComputedStyle(document.body);
        // A highlighted keyword's colour, as code in an answer shows it.
        const keyword = document.body.appendChild(document.createElement('span'));
        keyword.style.color = 'var(--code-keyword)';
        const keywordColour = getComputedStyle(keyword).color;
        keyword.remove();
        return [style.backgroundColor, style.color, keywordColour];
      });
    assert.deepEqual(await colours(), ['rgb(255, 255, 255)', 'rgb(31, 35, 40)', 'rgb(207, 34, 46)']);
    await tab.emulateMedia({ colorScheme: 'dark' });
    assert.deepEqual(await colours(), ['rgb(30, 31, 34)', 'rgb(230, 237, 243)', 'rgb(255, 123, 114)']);
  } finally {
    await close();
  }
});

test('the overlay page renders its instructions', async () => {
  const { tab, problems, close } = await openPage('overlay');
  try {
    await tab.getByRole('application', { name: 'Select a region of the screen' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('every page carries a strict Content-Security-Policy', async () => {
  for (const page of ['chat', 'overlay']) {
    const { tab, close } = await openPage(page);
    try {
      const csp = await tab.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      assert.ok(csp, `${page} has no CSP`);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      // The web host's WebSocket is same-origin: 'self' covers it, nothing wider is needed.
      assert.match(csp, /connect-src 'self'(;|$)/);
    } finally {
      await close();
    }
  }
});
