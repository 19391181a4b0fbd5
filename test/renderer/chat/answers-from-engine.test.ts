import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import type { AnswerEvent, AnswerRequest, Usage } from '../../../common/engine-protocol.js';
import type { AnswerStream } from '../../../host/engine-host/engine-host.js';
import { startDevWebHost, type DevWebHost } from '../../../web-host/start.js';
import { tinyModelDir } from '../../fixtures/tiny-model/index.js';
import { launchChromium } from '../../support/chromium.js';
import { testPng } from '../../support/images.js';
import { distDir, requireBuild } from '../../support/repo.js';

// The chat page in Chromium, through the development web host, against the
// real engine running the tiny test model (random weights: the answers are
// gibberish, and run to the token limit unless stopped).
let browser: Browser;
let dataDir: string;
let modelDir: string;
const hosts: DevWebHost[] = [];

before(async () => {
  requireBuild();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'sightline-chat-e2e-'));
  [modelDir, browser] = await Promise.all([tinyModelDir('smolvlm'), launchChromium()]);
});

after(async () => {
  await browser?.close();
  for (const host of hosts) await host.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Recorded {
  request: AnswerRequest;
  events: AnswerEvent[];
}

async function startHost(maxNewTokens: number): Promise<{ host: DevWebHost; asked: Recorded[] }> {
  const host = await startDevWebHost({
    rendererDir: path.join(distDir, 'renderer'),
    dataDir,
    model: { dir: modelDir, name: 'Tiny SmolVLM', device: 'cpu' },
    generation: { maxNewTokens },
    backoff: { maxCrashes: 1 },
  });
  hosts.push(host);
  // Every question the engine gets, and its events (the cache statistics are in 'done').
  const asked: Recorded[] = [];
  const ask = host.engine.ask.bind(host.engine);
  host.engine.ask = (request): AnswerStream => {
    const record: Recorded = { request, events: [] };
    asked.push(record);
    const stream = ask(request);
    return {
      get id() {
        return stream.id;
      },
      get phase() {
        return stream.phase;
      },
      stop: () => stream.stop(),
      async *[Symbol.asyncIterator]() {
        for await (const event of stream) {
          record.events.push(event);
          yield event;
        }
      },
    };
  };
  return { host, asked };
}

/** Console errors and page errors (a CSP violation is one) of every page opened. */
const problems: string[] = [];

async function openPage(host: DevWebHost): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 520, height: 700 } });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(host.web.url);
  await page.getByRole('status').getByText('Tiny SmolVLM · CPU').waitFor({ timeout: 60_000 });
  return page;
}

/** Waits until the answer being written shows `characters` characters. */
async function waitForStreamedText(page: Page, characters: number): Promise<void> {
  await page.waitForFunction(
    (least) => (document.querySelector('.turn-live .markdown')?.textContent ?? '').length >= least,
    characters,
    { timeout: 120_000 },
  );
}

test('a capture, a quick action, a streamed answer stopped mid-way, a follow-up, and history across a reload and a restart', async () => {
  // Long answers: they are still streaming when the test stops them.
  const first = await startHost(4000);
  const page = await openPage(first.host);
  await page.getByRole('heading', { name: 'Nothing captured yet' }).waitFor();

  // "Open a capture": the dev route stands in for the hotkey.
  const posted = await fetch(`${first.host.web.origin}/dev/capture`, {
    method: 'POST',
    headers: { 'content-type': 'image/png' },
    body: await testPng(320, 180),
  });
  assert.equal(posted.status, 201);
  await page.getByRole('button', { name: 'Enlarge the capture (320 × 180 pixels)' }).waitFor();
  await page.locator('.capture-thumb img').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'question');

  await page.getByRole('button', { name: 'Describe it (alt text)' }).click();
  await waitForStreamedText(page, 40);
  const pid = first.host.engine.pid;
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.locator('.conversation').getByText('Stopped.', { exact: true }).waitFor();
  const stoppedAnswer = await page.locator('.turn-answer .markdown').last().innerText();
  assert.ok(stoppedAnswer.length >= 40);
  assert.equal(first.host.engine.pid, pid, 'a stop while decoding keeps the engine');
  const firstAsk = first.asked[0]!;
  const firstEnd = firstAsk.events.at(-1);
  assert.equal(firstEnd?.type === 'done' && firstEnd.reason, 'stopped');
  const firstText = firstAsk.events.flatMap((event) => (event.type === 'delta' ? [event.text] : [])).join('');
  assert.match(firstAsk.request.turns[0]!.text, /Write concise alt text/);

  // A follow-up about the same capture: the engine gets the conversation so
  // far, the first answer exactly as streamed, and serves it from its cache.
  await page.getByLabel('Your question').fill('What colours are in it?');
  await page.keyboard.press('Enter');
  await waitForStreamedText(page, 10);
  await page.keyboard.press('Escape');
  await page.locator('.conversation').getByText('Stopped.', { exact: true }).nth(1).waitFor();
  const followUp = first.asked[1]!;
  assert.deepEqual(followUp.request.turns.slice(0, 2), [
    firstAsk.request.turns[0],
    { role: 'assistant', text: firstText },
  ]);
  const usage = followUp.events.find((event): event is Extract<AnswerEvent, { type: 'done' }> => event.type === 'done')
    ?.usage as Usage | undefined;
  assert.ok(usage && usage.cachedTokens > 0, `the follow-up was not served from the cache: ${JSON.stringify(usage)}`);
  assert.equal(first.host.engine.pid, pid);

  // A reload: the conversation is in the history, and reopens whole.
  await page.reload();
  await page.getByRole('button', { name: 'History' }).click();
  // Listed by its answer, with its quick action named beside it (or as its title, had it none).
  const entry = page.locator('.history-open', { hasText: 'Describe it (alt text)' });
  await entry.waitFor();
  assert.match(await entry.innerText(), /2 questions/);
  await entry.click();
  await page.locator('.conversation').getByText('What colours are in it?').waitFor();
  assert.equal(await page.locator('.turn-answer').count(), 2);
  await page.close();

  // A restart of the host: still there, and a follow-up on the reopened
  // conversation runs to its end in the new engine.
  await first.host.close();
  const second = await startHost(12);
  const again = await openPage(second.host);
  await again.getByRole('button', { name: 'History' }).click();
  await again.locator('.history-open', { hasText: 'Describe it (alt text)' }).click();
  await again.locator('.conversation').getByText('What colours are in it?').waitFor();
  await again.getByLabel('Your question').fill('And the text?');
  await again.keyboard.press('Enter');
  await again.locator('.conversation').getByText('The answer reached its length limit.').waitFor({ timeout: 60_000 });
  const third = second.asked[0]!;
  assert.equal(third.request.turns.length, 5);
  assert.equal(third.request.turns[1]?.text, firstText);
  assert.deepEqual(third.events.at(-1)?.type, 'done');
  await again.reload();
  await again.getByRole('button', { name: 'History' }).click();
  await again.locator('.history-open', { hasText: '3 questions' }).waitFor();
  await again.close();
  assert.deepEqual(problems, []);
});
