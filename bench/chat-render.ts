// `npm run bench:chat`: what the chat panel costs to render a streamed answer,
// in Chromium (Debian's, through Playwright), on the built page with a
// scripted stand-in for the app (test/renderer/chat/fake-app.ts).
//
// - Cost per token at answer lengths of 200, 2,000 and 8,000 tokens: the
//   answer is built up to that length, then the next tokens arrive one per
//   frame, and the renderer's main-thread time (Chrome's TaskDuration:
//   script, style, layout, paint) is measured against the same number of
//   idle frames. The answer's growth must not make a token dearer: the
//   8,000/200 ratio should stay under 1.5.
// - Frames dropped while tokens stream at 100 per second (requestAnimationFrame
//   gaps longer than one frame), after 2,000 tokens are already on screen.
//
// Usage: npm run bench:chat [-- --json]   (builds first)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright';
import { launchChromium } from '../test/support/chromium.js';
import { testPng } from '../test/support/images.js';
import { serveFolder } from '../test/support/static-server.js';
import { installFakeApp } from '../test/renderer/chat/fake-app.js';
import { markdownTokens } from '../test/renderer/chat/markdown/sample-answer.js';

export interface TokenCost {
  answerTokens: number;
  /** Main-thread milliseconds per token, idle frames' time taken off. */
  msPerToken: number;
  /** The same measurement, each repetition (the median is reported). */
  samples: number[];
}

export interface FrameReport {
  tokensPerSecond: number;
  seconds: number;
  frames: number;
  /** Frames that should have been drawn and were not. */
  dropped: number;
  frameMs: number;
  longestGapMs: number;
}

export interface ChatRenderReport {
  costs: TokenCost[];
  /** Cost per token at the longest answer over the shortest. */
  ratio: number;
  frames: FrameReport;
}

export interface ChatRenderOptions {
  rendererDir?: string;
  lengths?: number[];
  /** Tokens measured at each length. */
  measured?: number;
  repetitions?: number;
  streamSeconds?: number;
  log?: (line: string) => void;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function benchChatRender(options: ChatRenderOptions = {}): Promise<ChatRenderReport> {
  const lengths = options.lengths ?? [200, 2000, 8000];
  const measured = options.measured ?? 100;
  const repetitions = options.repetitions ?? 3;
  const log = options.log ?? (() => {});
  const server = await serveFolder(options.rendererDir ?? path.join(repoRoot, 'dist/renderer'));
  const browser = await launchChromium();
  try {
    const png = [...(await testPng(320, 200))];
    const tokens = markdownTokens(Math.max(...lengths) + measured * repetitions + 2000);
    const costs: TokenCost[] = [];
    for (const length of lengths) {
      const samples: number[] = [];
      const page = await answerPage(browser, server.url, png);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      await fill(page, tokens.slice(0, length));
      let at = length;
      for (let r = 0; r < repetitions; r++) {
        const idle = await taskTime(cdp, () => frames(page, [], measured));
        const busy = await taskTime(cdp, () => frames(page, tokens.slice(at, at + measured), measured));
        at += measured;
        samples.push(Math.max(0, busy - idle) / measured);
      }
      await page.context().close();
      const cost = { answerTokens: length, msPerToken: median(samples), samples };
      costs.push(cost);
      log(`  ${String(length).padStart(5)} tokens: ${cost.msPerToken.toFixed(3)} ms per token`);
    }
    const ratio = costs.at(-1)!.msPerToken / Math.max(costs[0]!.msPerToken, 1e-6);

    const page = await answerPage(browser, server.url, png);
    await fill(page, tokens.slice(0, 2000));
    const frameReport = await streamAt(page, tokens.slice(2000), 100, options.streamSeconds ?? 5);
    await page.context().close();
    log(
      `  100 tokens/s for ${frameReport.seconds} s: ${frameReport.dropped} of ${frameReport.frames + frameReport.dropped} frames dropped, longest gap ${frameReport.longestGapMs.toFixed(1)} ms`,
    );
    return { costs, ratio, frames: frameReport };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A chat page with a capture and an answer being written. */
async function answerPage(browser: Browser, url: string, png: number[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 520, height: 720 } });
  const page = await context.newPage();
  await installFakeApp(page, { png, width: 320, height: 200 });
  await page.goto(`${url}/chat/index.html`);
  await page.locator('.chat-status', { hasText: 'Fake model' }).waitFor();
  await page.evaluate(() => window.__fake.openCapture());
  await page.getByLabel('Your question').fill('Explain this error');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__fake.answering());
  await page.evaluate(() => window.__fake.phase('decoding'));
  return page;
}

/** Builds the answer up quickly, a batch of tokens per frame. */
async function fill(page: Page, tokens: string[]): Promise<void> {
  await page.evaluate((all) => window.__fake.fill(all, 50), tokens);
  await frames(page, [], 5);
}

/** Sends one token per frame (none when `tokens` is empty) for `count` frames, waiting two frames after each. */
function frames(page: Page, tokens: string[], count: number): Promise<void> {
  return page.evaluate(
    async ([list, n]) => {
      const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
      for (let i = 0; i < n; i++) {
        const token = list[i];
        if (token !== undefined) window.__fake.send(token);
        await frame();
        await frame();
      }
    },
    [tokens, count] as const,
  );
}

/** Renderer main-thread milliseconds spent while `work` runs. */
async function taskTime(cdp: CDPSession, work: () => Promise<void>): Promise<number> {
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((metric) => [metric.name, metric.value * 1000]));
  };
  const before = await read();
  await work();
  const after = await read();
  if (process.env.BENCH_CHAT_DETAIL) {
    const names = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskOtherDuration'];
    console.log(names.map((name) => `${name}=${((after[name] ?? 0) - (before[name] ?? 0)).toFixed(1)}`).join(' '));
  }
  return (after.TaskDuration ?? 0) - (before.TaskDuration ?? 0);
}

/** Streams tokens at `rate` per second and counts the frames that were not drawn. */
async function streamAt(page: Page, tokens: string[], rate: number, seconds: number): Promise<FrameReport> {
  const stamps = await page.evaluate(
    async ([list, perSecond, duration]) => {
      const times: number[] = [];
      let running = true;
      const tick = (time: number) => {
        times.push(time);
        if (running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const start = performance.now();
      let sent = 0;
      await new Promise<void>((resolve) => {
        const step = () => {
          const due = Math.min(list.length, Math.floor(((performance.now() - start) / 1000) * perSecond));
          while (sent < due) window.__fake.send(list[sent++]!);
          if (performance.now() - start >= duration * 1000) resolve();
          else setTimeout(step, 1000 / perSecond);
        };
        step();
      });
      running = false;
      return times;
    },
    [tokens, rate, seconds] as const,
  );
  const gaps = stamps.slice(1).map((time, i) => time - stamps[i]!);
  const frameMs = median(gaps);
  const dropped = gaps.reduce((sum, gap) => sum + Math.max(0, Math.round(gap / frameMs) - 1), 0);
  return {
    tokensPerSecond: rate,
    seconds,
    frames: stamps.length,
    dropped,
    frameMs,
    longestGapMs: Math.max(...gaps),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const json = process.argv.includes('--json');
  console.log('Chat panel rendering (Chromium, built page, scripted answer):');
  benchChatRender({ log: (line) => console.log(line) }).then(
    (report) => {
      console.log(
        `  cost per token, ${report.costs.at(-1)!.answerTokens} vs ${report.costs[0]!.answerTokens} tokens: ×${report.ratio.toFixed(2)} (target under 1.5)`,
      );
      if (json) console.log(JSON.stringify(report, null, 2));
      process.exitCode = report.ratio < 1.5 ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
}
