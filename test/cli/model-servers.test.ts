import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { answerEnd } from '../../cli/cli-args.js';
import { testPngFile } from '../support/images.js';
import { repoRoot, run } from '../support/repo.js';
import { closedPort, defaultTokens, rawServer, startFakeServer } from '../support/fake-model-server.js';

// `sightline ask --backend ...` as a user runs it (the source through tsx),
// against the fake servers.
const cli = ['--import', 'tsx', path.join(repoRoot, 'cli/sightline.ts')];
const key = 'sk-cli-test-0a1b2c3d4e5f-SECRET';
let imagePath: string;
before(async () => {
  imagePath = await testPngFile(480, 160);
});

test('ask --backend ollama streams the answer, says where the image goes, and answers follow-ups', async (t) => {
  const server = await startFakeServer({ protocol: 'ollama', stepMs: 5 });
  t.after(() => server.close());
  const result = await run(
    process.execPath,
    [
      ...cli,
      'ask',
      '--chat',
      '--backend',
      'ollama',
      '--base-url',
      server.url,
      '--remote-model',
      'llava',
      '--image',
      imagePath,
      'What is this?',
    ],
    { input: 'And how do I fix it?\n' },
  );
  assert.equal(result.code, 0, result.stderr);
  // stdout is a pipe: each answer ends with the record-separator line.
  const answer = defaultTokens.join('');
  assert.deepEqual(result.stdout.trim().split('\n'), [answer, answerEnd, answer, answerEnd]);
  assert.match(
    result.stderr,
    /Captures stay on this computer: they go to the Ollama server at 127\.0\.0\.1:\d+, on this machine\./,
  );
  assert.match(result.stderr, /answers with "llava", which reads images/);
  const second = server.chatRequests()[1]!.body as { messages: unknown[] };
  assert.equal(second.messages.length, 3);
});

test('ask --backend openai takes the key from an environment variable and never prints it', async (t) => {
  const server = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'], requireKey: key, stepMs: 5 });
  t.after(() => server.close());
  const args = [
    ...cli,
    'ask',
    '--backend',
    'openai',
    '--base-url',
    server.baseUrl,
    '--remote-model',
    'qwen2-vl',
    '--api-key-env',
    'SIGHTLINE_TEST_KEY',
    '--image',
    imagePath,
    'Hi',
  ];
  const ok = await run(process.execPath, args, { env: { ...process.env, SIGHTLINE_TEST_KEY: key } });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), defaultTokens.join(''));
  assert.ok(server.requests.every((request) => request.headers.authorization === `Bearer ${key}`));

  const wrongKey = `${key}-old`;
  const refused = await run(process.execPath, args, { env: { ...process.env, SIGHTLINE_TEST_KEY: wrongKey } });
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /refused the request \(HTTP 401\): Incorrect API key provided: \[API key\]\. Check the API key/,
  );
  for (const output of [ok.stdout, ok.stderr, refused.stdout, refused.stderr]) {
    assert.ok(!output.includes(key), output);
  }
  const unset = await run(process.execPath, args, { env: { ...process.env, SIGHTLINE_TEST_KEY: '' } });
  assert.equal(unset.code, 1);
  assert.match(unset.stderr, /SIGHTLINE_TEST_KEY \(--api-key-env\) is empty or not set/);
});

test('a server that is not there, and bad flags, each say what is wrong', async () => {
  const down = await run(process.execPath, [
    ...cli,
    'ask',
    '--backend',
    'ollama',
    '--base-url',
    await closedPort(),
    '--remote-model',
    'llava',
    '--image',
    imagePath,
    'Hi',
  ]);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /refused the connection: nothing is listening there/);
  const badBackend = await run(process.execPath, [...cli, 'ask', '--backend', 'vllm', '--image', imagePath, 'Hi']);
  assert.equal(badBackend.code, 2);
  assert.match(badBackend.stderr, /--backend must be local, ollama or openai/);
  const noModel = await run(process.execPath, [
    ...cli,
    'ask',
    '--backend',
    'openai',
    '--base-url',
    'http://127.0.0.1:1/v1',
    '--image',
    imagePath,
    'Hi',
  ]);
  assert.equal(noModel.code, 2);
  assert.match(noModel.stderr, /needs --remote-model/);
  const keyAsArg = await run(process.execPath, [
    ...cli,
    'ask',
    '--backend',
    'openai',
    '--base-url',
    'http://127.0.0.1:1/v1',
    '--remote-model',
    'm',
    '--api-key-env',
    'sk-abc-123',
    '--image',
    imagePath,
    'Hi',
  ]);
  assert.equal(keyAsArg.code, 2);
  assert.match(keyAsArg.stderr, /the name of an environment variable, not the key itself/);
  assert.ok(!keyAsArg.stderr.includes('sk-abc-123'));
});

test('a server that hangs is named within --first-byte-timeout, and one that fails says so with its status', async (t) => {
  const hanging = await rawServer((request) => request.resume());
  const failing = await rawServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('Internal Server Error\nTraceback (most recent call last):\n');
    });
  });
  t.after(() => Promise.all([hanging.close(), failing.close()]));
  const askOf = (backend: 'ollama' | 'openai', baseUrl: string, ...flags: string[]) =>
    run(process.execPath, [
      ...cli,
      'ask',
      '--backend',
      backend,
      '--base-url',
      baseUrl,
      '--remote-model',
      'm',
      ...flags,
      '--image',
      imagePath,
      'Hi',
    ]);

  // The idle timeout is left long: only the first-byte one can end this.
  const hung = await askOf('ollama', hanging.url, '--first-byte-timeout', '1', '--idle-timeout', '600');
  assert.equal(hung.code, 1);
  assert.match(
    hung.stderr,
    /Ollama at 127\.0\.0\.1:\d+ did not start answering within 1 second \(the first-byte timeout\)\./,
  );
  assert.match(hung.stderr, /wait longer with --first-byte-timeout <seconds>\./);

  const failed = await askOf('openai', `${failing.url}/v1`);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /The server at 127\.0\.0\.1:\d+ failed \(HTTP 500\): Internal Server Error\./);
  assert.doesNotMatch(failed.stderr, /did not take an image/);
});
