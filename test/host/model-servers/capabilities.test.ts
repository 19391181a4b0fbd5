import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closedPort, startFakeServer } from '../../support/fake-model-server.js';
import { backendFor } from './helpers.js';

test('ollama: a vision model that is there is reported ready, with the model list', async (t) => {
  const server = await startFakeServer({
    protocol: 'ollama',
    models: ['llava:latest', 'llama3.2:3b'],
    visionModels: ['llava:latest'],
  });
  t.after(() => server.close());
  const backend = backendFor(server, 'ollama', { model: 'llava' });
  const report = await backend.checkConnection();
  assert.equal(report.ok, true, report.summary);
  assert.deepEqual(
    { reachable: report.reachable, modelPresent: report.modelPresent, acceptsImages: report.acceptsImages },
    { reachable: true, modelPresent: true, acceptsImages: true },
  );
  assert.match(report.summary, /Ollama at 127\.0\.0\.1:\d+ answers with "llava", which reads images\./);
  assert.deepEqual(await backend.listModels!(), ['llava:latest', 'llama3.2:3b']);
  assert.deepEqual(report.models, ['llava:latest', 'llama3.2:3b']);
  assert.deepEqual(
    server.requests.map((request) => `${request.method} ${request.path}`),
    ['GET /api/tags', 'POST /api/show', 'GET /api/tags'],
  );
});

test('ollama: a missing model is named, with the ones there are and how to pull it', async (t) => {
  const server = await startFakeServer({ protocol: 'ollama', models: ['llava:latest', 'gemma3:4b'] });
  t.after(() => server.close());
  const report = await backendFor(server, 'ollama', { model: 'qwen2.5vl:7b' }).checkConnection();
  assert.equal(report.ok, false);
  assert.equal(report.problem?.code, 'remote-model-missing');
  assert.equal(report.reachable, true);
  assert.equal(report.modelPresent, false);
  assert.match(
    report.summary,
    /has no model "qwen2\.5vl:7b"\. Pull it \(ollama pull qwen2\.5vl:7b\) or pick one of its models: llava:latest, gemma3:4b\./,
  );
});

test('ollama: a model that does not read images is refused with its capabilities', async (t) => {
  const server = await startFakeServer({ protocol: 'ollama', models: ['llama3.2:3b'], visionModels: [] });
  t.after(() => server.close());
  const report = await backendFor(server, 'ollama', { model: 'llama3.2:3b' }).checkConnection();
  assert.equal(report.ok, false);
  assert.equal(report.problem?.code, 'remote-no-vision');
  assert.equal(report.acceptsImages, false);
  assert.match(
    report.summary,
    /"llama3\.2:3b" on Ollama at .* does not read images \(it can do: completion, tools\)\. Pick a vision model/,
  );
});

test('ollama: an Ollama without capabilities is read from its projector family', async (t) => {
  const server = await startFakeServer({
    protocol: 'ollama',
    models: ['llava:latest', 'llama2:latest'],
    visionModels: ['llava:latest'],
    oldOllama: true,
  });
  t.after(() => server.close());
  const vision = await backendFor(server, 'ollama', { model: 'llava' }).checkConnection();
  assert.equal(vision.acceptsImages, true);
  assert.equal(vision.ok, true);
  const text = await backendFor(server, 'ollama', { model: 'llama2' }).checkConnection();
  assert.equal(text.ok, true, 'cannot tell: not refused');
  assert.equal(text.acceptsImages, undefined);
  assert.match(text.notes.join(' '), /does not say whether "llama2" reads images/);
});

test('openai: the model list, and a one-token probe with an image that the model takes', async (t) => {
  const server = await startFakeServer({
    protocol: 'openai',
    models: ['qwen2-vl', 'llama-3-8b'],
    visionModels: ['qwen2-vl'],
  });
  t.after(() => server.close());
  const backend = backendFor(server, 'openai', { model: 'qwen2-vl' });
  const report = await backend.checkConnection();
  assert.equal(report.ok, true, report.summary);
  assert.equal(report.acceptsImages, true);
  assert.deepEqual(report.models, ['qwen2-vl', 'llama-3-8b']);
  assert.deepEqual(await backend.listModels!(), ['qwen2-vl', 'llama-3-8b']);
  const probe = server.chatRequests()[0]!.body as Record<string, unknown>;
  assert.equal(probe.max_tokens, 1);
  assert.equal(probe.stream, false);
});

test("openai: a model that refuses images is reported with the server's words", async (t) => {
  const server = await startFakeServer({
    protocol: 'openai',
    models: ['qwen2-vl', 'llama-3-8b'],
    visionModels: ['qwen2-vl'],
  });
  t.after(() => server.close());
  const report = await backendFor(server, 'openai', { model: 'llama-3-8b' }).checkConnection();
  assert.equal(report.ok, false);
  assert.equal(report.problem?.code, 'remote-no-vision');
  assert.equal(report.acceptsImages, false);
  assert.equal(report.modelPresent, true);
  assert.match(
    report.summary,
    /"llama-3-8b" on the server at .* did not take an image\..*image input is not supported by this model/,
  );
});

test('openai: a missing model is named with the ones the server offers', async (t) => {
  const server = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'] });
  t.after(() => server.close());
  const report = await backendFor(server, 'openai', { model: 'gpt-4o' }).checkConnection();
  assert.equal(report.problem?.code, 'remote-model-missing');
  assert.match(report.summary, /has no model "gpt-4o"; it offers qwen2-vl\./);
});

test('openai: a server without a model list is still checked by the probe', async (t) => {
  const server = await startFakeServer({ protocol: 'openai', models: ['qwen2-vl'] });
  t.after(() => server.close());
  server.faults.noModelList = true;
  const report = await backendFor(server, 'openai', { model: 'qwen2-vl' }).checkConnection();
  assert.equal(report.ok, true, report.summary);
  assert.equal(report.modelPresent, undefined);
  assert.equal(report.models, undefined);
  assert.match(report.notes.join(' '), /does not list its models/);
});

for (const protocol of ['ollama', 'openai'] as const) {
  test(`${protocol}: a server that is not there is reported unreachable, and listModels rejects with why`, async () => {
    const backend = backendFor({ baseUrl: await closedPort() }, protocol);
    const report = await backend.checkConnection();
    assert.equal(report.ok, false);
    assert.equal(report.reachable, false);
    assert.equal(report.problem?.code, 'remote-unreachable');
    assert.match(report.summary, /refused the connection/);
    await assert.rejects(backend.listModels!(), (error: Error & { code?: string }) => {
      return error.code === 'remote-unreachable' && /nothing is listening/.test(error.message);
    });
  });
}
