import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeServer, defaultTokens, type Protocol } from '../../support/fake-model-server.js';
import { ask, backendFor, capture, collect, last, text } from './helpers.js';

const captureBase64 = Buffer.from(capture).toString('base64');

for (const protocol of ['ollama', 'openai'] as Protocol[]) {
  const models = protocol === 'ollama' ? ['llava:latest'] : ['qwen2-vl'];

  test(`${protocol}: deltas stream in order, the first arriving before the server has finished`, async (t) => {
    const server = await startFakeServer({ protocol, models, stepMs: 40 });
    t.after(() => server.close());
    const backend = backendFor(server, protocol);
    const events = await collect(backend.ask(ask([{ role: 'user', text: 'What is this?' }])));
    const types = events.map(({ event }) => event.type);
    assert.deepEqual(
      types.filter((type) => type !== 'phase'),
      [...defaultTokens.map(() => 'delta'), 'done'],
    );
    assert.equal(text(events), defaultTokens.join(''));
    const phases = events.flatMap(({ event }) => (event.type === 'phase' ? [event.phase] : []));
    assert.deepEqual(phases, ['encoding', 'prefill', 'decoding']);
    const end = last(events);
    assert.equal(end.type === 'done' && end.reason, 'eos');
    const firstDelta = events.find(({ event }) => event.type === 'delta')!.at;
    const [request] = server.chatRequests();
    assert.ok(request?.closedAt, 'the server finished');
    assert.ok(firstDelta < request.closedAt - 100, `first delta at ${firstDelta}, server done at ${request.closedAt}`);
  });

  test(`${protocol}: the request carries the model, the settings and the capture in the protocol's format`, async (t) => {
    const server = await startFakeServer({ protocol, models });
    t.after(() => server.close());
    const backend = backendFor(server, protocol);
    const request = ask([{ role: 'user', text: 'Explain.' }]);
    request.settings = { maxNewTokens: 77, temperature: 0.3, topP: 0.9, repetitionPenalty: 1.2 };
    assert.equal(last(await collect(backend.ask(request))).type, 'done');
    const body = server.chatRequests()[0]!.body as Record<string, unknown>;
    assert.equal(body.stream, true);
    if (protocol === 'ollama') {
      assert.equal(body.model, 'llava');
      assert.deepEqual(body.options, { num_predict: 77, temperature: 0.3, top_p: 0.9, repeat_penalty: 1.2 });
      assert.deepEqual(body.messages, [{ role: 'user', content: 'Explain.', images: [captureBase64] }]);
    } else {
      assert.equal(body.model, 'qwen2-vl');
      assert.equal(body.max_tokens, 77);
      assert.equal(body.temperature, 0.3);
      assert.equal(body.top_p, 0.9);
      // frequency_penalty is not a repetition penalty: nothing is sent for it.
      assert.ok(!('frequency_penalty' in body) && !('repetition_penalty' in body));
      assert.deepEqual(body.messages, [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: `data:image/png;base64,${captureBase64}` } },
            { type: 'text', text: 'Explain.' },
          ],
        },
      ]);
    }
  });

  test(`${protocol}: a follow-up carries the whole conversation, with the capture once, on the first question`, async (t) => {
    const server = await startFakeServer({ protocol, models });
    t.after(() => server.close());
    const backend = backendFor(server, protocol);
    const first = await collect(backend.ask(ask([{ role: 'user', text: 'What is this?' }])));
    const turns = [
      { role: 'user' as const, text: 'What is this?' },
      { role: 'assistant' as const, text: text(first) },
      { role: 'user' as const, text: 'How do I fix it?' },
    ];
    assert.equal(last(await collect(backend.ask(ask(turns)))).type, 'done');
    const second = server.chatRequests()[1]!;
    const messages = (second.body as { messages: Array<Record<string, unknown>> }).messages;
    assert.deepEqual(
      messages.map((message) => message.role),
      ['user', 'assistant', 'user'],
    );
    assert.equal(second.rawBody.split(captureBase64).length - 1, 1, 'the capture is sent exactly once');
    if (protocol === 'ollama') {
      assert.deepEqual(messages[1], { role: 'assistant', content: defaultTokens.join('') });
      assert.deepEqual(messages[2], { role: 'user', content: 'How do I fix it?' });
      assert.ok(Array.isArray(messages[0]!.images));
    } else {
      assert.deepEqual(messages[1], { role: 'assistant', content: defaultTokens.join('') });
      assert.deepEqual(messages[2], { role: 'user', content: 'How do I fix it?' });
      assert.match(JSON.stringify(messages[0]), /image_url/);
    }
  });

  test(`${protocol}: stop ends the answer at once and the server sees its connection close`, async (t) => {
    const server = await startFakeServer({ protocol, models, stepMs: 100, tokens: Array(50).fill('word ') });
    t.after(() => server.close());
    const backend = backendFor(server, protocol);
    const answer = backend.ask(ask([{ role: 'user', text: 'Go on and on.' }]));
    let stoppedAt = 0;
    const events = await collect(answer, (event) => {
      if (event.type === 'delta' && !stoppedAt) {
        stoppedAt = Date.now();
        answer.stop();
      }
    });
    assert.deepEqual(last(events), { type: 'done', reason: 'stopped' });
    assert.ok(events.at(-1)!.at - stoppedAt < 50, 'the answer ended without waiting for the server');
    const request = server.chatRequests()[0]!;
    await server.closed(request);
    assert.equal(request.completed, false, 'the server had not finished its answer');
    assert.ok(request.closedAt! - stoppedAt < 500, `connection closed ${request.closedAt! - stoppedAt} ms after stop`);
    assert.ok(request.tokensSent < 10, `${request.tokensSent} tokens sent`);
  });

  test(`${protocol}: leaving the loop early stops the answer and closes the connection`, async (t) => {
    const server = await startFakeServer({ protocol, models, stepMs: 100, tokens: Array(50).fill('word ') });
    t.after(() => server.close());
    const backend = backendFor(server, protocol);
    for await (const event of backend.ask(ask([{ role: 'user', text: 'Go on.' }]))) {
      if (event.type === 'delta') break;
    }
    const request = server.chatRequests()[0]!;
    await server.closed(request);
    assert.equal(request.completed, false);
  });

  test(`${protocol}: a stop before the request is sent ends the answer without any request`, async (t) => {
    const server = await startFakeServer({ protocol, models });
    t.after(() => server.close());
    const backend = backendFor(server, protocol);
    const answer = backend.ask(ask([{ role: 'user', text: 'Hi' }]));
    answer.stop();
    const events = await collect(answer);
    assert.deepEqual(last(events), { type: 'done', reason: 'stopped' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.chatRequests().length, 0);
  });
}

test("ollama: the answer ends with the server's token counts", async (t) => {
  const server = await startFakeServer({ protocol: 'ollama' });
  t.after(() => server.close());
  const events = await collect(backendFor(server, 'ollama').ask(ask([{ role: 'user', text: 'Hi' }])));
  const end = last(events);
  assert.ok(end.type === 'done' && end.usage);
  assert.equal(end.usage.promptTokens, 42);
  assert.equal(end.usage.completionTokens, defaultTokens.length);
});

test('openai: a server that ignores stream:true and answers with one JSON body still gives the answer', async (t) => {
  const server = await startFakeServer({ protocol: 'openai', models: ['m'] });
  t.after(() => server.close());
  server.faults.ignoreStream = true;
  const events = await collect(backendFor(server, 'openai', { model: 'm' }).ask(ask([{ role: 'user', text: 'Hi' }])));
  assert.equal(text(events), defaultTokens.join(''));
  assert.deepEqual(last(events), { type: 'done', reason: 'eos' });
});

test('openai: a stream that ends after its finish_reason without [DONE] is complete', async (t) => {
  const server = await startFakeServer({ protocol: 'openai', models: ['m'] });
  t.after(() => server.close());
  server.faults.noDone = true;
  const events = await collect(backendFor(server, 'openai', { model: 'm' }).ask(ask([{ role: 'user', text: 'Hi' }])));
  assert.equal(text(events), defaultTokens.join(''));
  assert.deepEqual(last(events), { type: 'done', reason: 'eos' });
});

test('openai: a base URL without a path means /v1', async (t) => {
  const server = await startFakeServer({ protocol: 'openai', models: ['m'] });
  t.after(() => server.close());
  const events = await collect(
    backendFor(server, 'openai', { model: 'm', baseUrl: server.url }).ask(ask([{ role: 'user', text: 'Hi' }])),
  );
  assert.equal(last(events).type, 'done');
  assert.equal(server.chatRequests()[0]!.path, '/v1/chat/completions');
});
