import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { capturePages } from '../fixtures/text-captures/pages.js';
import { renderCaptures, type RenderedCapture } from '../fixtures/text-captures/render.js';
import { distDir, repoRoot, requireBuild, run } from '../support/repo.js';
import { scoreText } from '../support/text-metrics.js';

// `sightline text` as a user runs it: the built file under plain Node, and
// the source through tsx, on captures rendered from the evaluation set.
let dir: string;
const images: Record<string, string> = {};
const captures: Record<string, RenderedCapture> = {};

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-cli-text-'));
  const pages = capturePages.filter((page) => page.name === 'code-python' || page.name === 'fr-dialog-network-dark');
  for (const capture of await renderCaptures(pages)) {
    images[capture.page.name] = path.join(dir, `${capture.page.name}.png`);
    captures[capture.page.name] = capture;
    await writeFile(images[capture.page.name]!, capture.png);
  }
});

const built = () => path.join(distDir, 'cli', 'sightline.js');
const fromSource = () => ['--import', 'tsx', path.join(repoRoot, 'cli/sightline.ts')];

test('text prints the lines of a code capture, indentation kept', async () => {
  const result = await run(process.execPath, [...fromSource(), 'text', '--image', images['code-python']!]);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.replace(/\n$/, '').split('\n');
  const truth = captures['code-python']!.lines.map((line) => line.text);
  assert.equal(lines.length, truth.length, result.stdout);
  const indent = (line: string) => line.length - line.trimStart().length;
  assert.deepEqual(lines.map(indent), truth.map(indent), result.stdout);
  assert.equal(lines[7], '            continue');
  assert.ok(scoreText(result.stdout, truth.join('\n')).cer <= 0.03, result.stdout);
});

test('--json gives each line with its box and confidence; French keeps its accents', async () => {
  requireBuild();
  const result = await run(process.execPath, [built(), 'text', '--image', images['fr-dialog-network-dark']!, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const reading = JSON.parse(result.stdout) as {
    width: number;
    height: number;
    language: string;
    text: string;
    lines: { text: string; box: { x: number; y: number; width: number; height: number }; confidence: number }[];
  };
  assert.equal(reading.language, 'fr');
  assert.deepEqual([reading.width, reading.height], [560, 210]);
  assert.ok(reading.text.includes('Échec de la connexion à « Bureau-5G »'), reading.text);
  const truth = captures['fr-dialog-network-dark']!.lines;
  assert.equal(reading.lines.length, truth.length, reading.text);
  reading.lines.forEach((line, index) => {
    const expected = truth[index]!.box;
    // The line's box and the page's box of the same line share their middle row.
    const middle = line.box.y + line.box.height / 2;
    assert.ok(
      middle > expected.y && middle < expected.y + expected.height,
      `${line.text}: ${JSON.stringify(line.box)}`,
    );
    assert.ok(line.box.x <= expected.x + 4 && line.box.x + line.box.width >= expected.x + expected.width - 4);
    assert.ok(line.confidence > 0.5 && line.confidence <= 1);
  });
});

test('text reads with no network at all (a network namespace without interfaces)', async (t) => {
  // unshare -rn: a user and network namespace, so no route exists; root is not needed.
  try {
    execFileSync('unshare', ['-rn', 'true'], { stdio: 'ignore' });
  } catch {
    assert.fail('This test needs `unshare -rn` (util-linux, and user namespaces allowed) to cut the network.');
  }
  t.diagnostic('running sightline text under unshare -rn');
  const result = await run('unshare', [
    '-rn',
    process.execPath,
    ...fromSource(),
    'text',
    '--lang',
    'fr',
    '--image',
    images['fr-dialog-network-dark']!,
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /Vérifiez la clé de sécurité et réessayez\./);
});

test('a missing image, a file that is not an image and bad flags each say what is wrong', async () => {
  requireBuild();
  const missing = await run(process.execPath, [built(), 'text', '--image', '/nonexistent.png']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /The image \/nonexistent\.png does not exist/);

  const notImage = path.join(dir, 'notes.png');
  await writeFile(notImage, 'not a picture');
  const bad = await run(process.execPath, [built(), 'text', '--image', notImage]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /notes\.png is not an image/);

  const badLang = await run(process.execPath, [built(), 'text', '--image', notImage, '--lang', 'de']);
  assert.equal(badLang.code, 2);
  assert.match(badLang.stderr, /--lang must be en, fr or auto, not "de"/);
  assert.match(badLang.stderr, /Usage: sightline text/);

  const noImage = await run(process.execPath, [built(), 'text', '--json']);
  assert.equal(noImage.code, 2);
  assert.match(noImage.stderr, /--image <file> is required/);

  const help = await run(process.execPath, [built(), 'text', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: sightline text --image <file>/);
});
