import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import type { BackendSettings } from '../../../common/backend-settings.js';
import type { AnswerBackend } from '../../../host/answers/answer-backend.js';
import { createBackend } from '../../../host/model-servers/create-backend.js';
import { directPrepareImage } from '../../../host/model-servers/direct-prepare-image.js';
import { localBackend } from '../../../host/answers/local-backend.js';
import { MemorySecretStore, type SecretStore } from '../../../host/secrets/secret-store.js';
import { closedPort, startFakeServer, type Protocol } from '../../support/fake-model-server.js';
import { ask, collect, errorOf, last } from './helpers.js';

// A model server's API key, named by the settings and read from the secret
// store for each request: sent only as the Authorization header, shown in no
// error, report or log, and a key that cannot be read ends the answer saying
// what to do.
const key = 'sk-test-7f3a9c1e5b2d4f6a8c0e-SECRET';

const unusedLocal = localBackend(
  {
    ask: () => {
      throw new Error('not used');
    },
  },
  { model: undefined, state: 'idle' },
);

function remote(protocol: Protocol, baseUrl: string, secrets: SecretStore, extra: Partial<BackendSettings> = {}) {
  const settings = {
    kind: protocol,
    baseUrl,
    model: protocol === 'ollama' ? 'llava' : 'qwen2-vl',
    timeoutMs: 1_000,
    firstByteTimeoutMs: 1_000,
    apiKeyRef: 'work-server',
    ...extra,
  } as BackendSettings;
  return createBackend(settings, { local: unusedLocal, secrets, prepareImage: directPrepareImage });
}

/** Everything this process prints while `work` runs (passed through as well). */
async function captureOutput(work: () => Promise<void>): Promise<string> {
  const printed: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((name) => console[name]);
  const originalOut = process.stdout.write.bind(process.stdout);
  const originalErr = process.stderr.write.bind(process.stderr);
  methods.forEach((name, i) => {
    console[name] = (...args: unknown[]) => {
      printed.push(args.map((arg) => inspect(arg, { depth: 8 })).join(' '));
      originals[i]!(...args);
    };
  });
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    printed.push(String(chunk));
    return originalOut(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    printed.push(String(chunk));
    return originalErr(chunk, ...rest);
  }) as typeof process.stderr.write;
  try {
    await work();
  } finally {
    methods.forEach((name, i) => (console[name] = originals[i]!));
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
  return printed.join('\n');
}

/** Every string an error shows: message, stack, and what inspecting it prints (causes included). */
function shown(error: unknown): string {
  return `${String(error)}\n${(error as Error).stack ?? ''}\n${inspect(error, { depth: 8 })}`;
}

for (const protocol of ['ollama', 'openai'] as Protocol[]) {
  test(`${protocol}: the API key is sent only as the Authorization header`, async (t) => {
    const server = await startFakeServer({
      protocol,
      models: protocol === 'ollama' ? ['llava:latest'] : ['qwen2-vl'],
      requireKey: key,
    });
    t.after(() => server.close());
    const secrets = new MemorySecretStore();
    await secrets.set('work-server', key);
    const backend = remote(protocol, server.baseUrl, secrets);
    assert.equal(last(await collect(backend.ask(ask([{ role: 'user', text: 'Hi' }])))).type, 'done');
    assert.equal((await backend.checkConnection()).ok, true);
    await backend.listModels!();
    assert.ok(server.requests.length >= 4);
    for (const request of server.requests) {
      assert.equal(request.headers.authorization, `Bearer ${key}`);
      const { authorization: _sent, ...otherHeaders } = request.headers;
      assert.ok(!JSON.stringify(otherHeaders).includes(key), 'not in another header');
      assert.ok(!request.path.includes(key), 'not in the URL');
      assert.ok(!request.rawBody.includes(key), 'not in the body');
    }
  });

  test(`${protocol}: the API key appears in no error, report or log, even when the server echoes it`, async (t) => {
    // The server wants another key and, like some real ones, quotes the one it got.
    const server = await startFakeServer({
      protocol,
      models: protocol === 'ollama' ? ['llava:latest'] : ['qwen2-vl'],
      requireKey: 'the-right-one',
    });
    const healthy = await startFakeServer({
      protocol,
      models: protocol === 'ollama' ? ['llava:latest'] : ['qwen2-vl'],
    });
    t.after(() => Promise.all([server.close(), healthy.close()]));
    const secrets = new MemorySecretStore();
    await secrets.set('work-server', key);
    const texts: string[] = [];
    const printed = await captureOutput(async () => {
      const backends: AnswerBackend[] = [
        remote(protocol, server.baseUrl, secrets),
        remote(protocol, await closedPort(), secrets),
      ];
      healthy.faults.cutAfter = 2;
      backends.push(remote(protocol, healthy.baseUrl, secrets));
      for (const backend of backends) {
        const events = await collect(backend.ask(ask([{ role: 'user', text: 'Hi' }])));
        texts.push(JSON.stringify(events), errorOf(events).message);
        const report = await backend.checkConnection();
        texts.push(JSON.stringify(report), report.summary);
        const listing = await backend.listModels!().catch((error: unknown) => error);
        texts.push(shown(listing));
      }
      healthy.faults.cutAfter = undefined;
      healthy.faults.silent = true;
      const silent = remote(protocol, healthy.baseUrl, secrets);
      texts.push(JSON.stringify(await collect(silent.ask(ask([{ role: 'user', text: 'Hi' }])))));
    });
    const refused = texts[1]!;
    assert.match(
      refused,
      /refused the request \(HTTP 401\): Incorrect API key provided: \[API key\]\. Check the API key/,
    );
    for (const text of [...texts, printed])
      assert.ok(!text.includes(key), `the key leaked into: ${text.slice(0, 300)}`);
  });

  test(`${protocol}: a key the store no longer has ends the answer with what to do, and nothing is sent`, async (t) => {
    const server = await startFakeServer({ protocol, models: protocol === 'ollama' ? ['llava:latest'] : ['qwen2-vl'] });
    t.after(() => server.close());
    const backend = remote(protocol, server.baseUrl, new MemorySecretStore());
    const error = errorOf(await collect(backend.ask(ask([{ role: 'user', text: 'Hi' }]))));
    assert.equal(error.code, 'remote-key-unavailable');
    assert.match(error.message, /No API key is stored for .*Enter it again in Settings\./);
    const report = await backend.checkConnection();
    assert.equal(report.problem?.code, 'remote-key-unavailable');
    assert.equal(server.requests.length, 0);
  });
}

test('a secret store that fails says the key cannot be read', async (t) => {
  const server = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'] });
  t.after(() => server.close());
  const broken: SecretStore = {
    get: () => Promise.reject(new Error('The stored API key cannot be decrypted on this computer.')),
    set: () => Promise.resolve(),
    delete: () => Promise.resolve(),
  };
  const error = errorOf(
    await collect(remote('openai', server.baseUrl, broken).ask(ask([{ role: 'user', text: 'Hi' }]))),
  );
  assert.equal(error.code, 'remote-key-unavailable');
  assert.match(
    error.message,
    /cannot be read from this computer's secret storage \(The stored API key cannot be decrypted/,
  );
});

test('without an apiKeyRef no Authorization header is sent', async (t) => {
  const server = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'] });
  t.after(() => server.close());
  const backend = remote('openai', server.baseUrl, new MemorySecretStore(), { apiKeyRef: undefined });
  assert.equal(last(await collect(backend.ask(ask([{ role: 'user', text: 'Hi' }])))).type, 'done');
  assert.equal(server.requests[0]!.headers.authorization, undefined);
});
