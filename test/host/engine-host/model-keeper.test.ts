import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnswerEvent, ModelStatus } from '../../../common/engine-protocol.js';
import { ModelKeeper, type ModelHost, type Timers } from '../../../host/engine-host/model-keeper.js';
import type { AnswerStream } from '../../../host/engine-host/engine-host.js';

const status: ModelStatus = { modelDir: '/m', family: 'smolvlm', provider: 'cpu', dtype: 'q8', loadMs: 5 };

function fakes() {
  const log: string[] = [];
  let model: ModelStatus | undefined;
  const host: ModelHost = {
    start: async () => log.push('start'),
    on: () => () => undefined,
    get model() {
      return model;
    },
    load: async () => {
      log.push('load');
      model = status;
      return status;
    },
    unload: async () => {
      log.push('unload');
      model = undefined;
    },
    prepareImage: async (conversationId) => {
      log.push(`prepare ${conversationId}`);
      return { cachedTokens: 80, imageTokens: 64, ms: 1 };
    },
    ask: () => {
      log.push('ask');
      const events: AnswerEvent[] = [
        { type: 'delta', text: 'hi' },
        { type: 'done', reason: 'eos' },
      ];
      return {
        id: 1,
        phase: undefined,
        stop: () => undefined,
        async *[Symbol.asyncIterator]() {
          yield* events;
        },
      } satisfies AnswerStream;
    },
  };
  let pending: { callback: () => void; ms: number } | undefined;
  const timers: Timers = {
    setTimeout: (callback, ms) => (pending = { callback, ms }),
    clearTimeout: () => (pending = undefined),
  };
  const fire = () => {
    const due = pending;
    pending = undefined;
    due?.callback();
  };
  return { host, log, timers, fire, pending: () => pending };
}

const request = {
  conversationId: 'c',
  image: { kind: 'path' as const, path: '/x.png' },
  turns: [{ role: 'user' as const, text: 'Hi' }],
  settings: { maxNewTokens: 4, temperature: 0, topP: 1, repetitionPenalty: 1 },
};

test('the model is loaded at launch and given back after the idle time', async () => {
  const f = fakes();
  const keeper = new ModelKeeper(f.host, 15, f.timers);
  await keeper.use({ modelDir: '/m', device: 'auto' });
  assert.equal(f.pending()?.ms, 15 * 60_000);
  f.fire();
  await Promise.resolve();
  assert.deepEqual(f.log, ['load', 'unload']);
});

test("the chat's load starts the engine first (after it gave up, that is how it tries again)", async () => {
  const f = fakes();
  const keeper = new ModelKeeper(f.host, 15, f.timers);
  await keeper.load({ modelDir: '/m', device: 'auto' });
  assert.deepEqual(f.log, ['start', 'load']);
});

test('a question after an idle unload loads the model again, and the timer waits while answering', async () => {
  const f = fakes();
  const keeper = new ModelKeeper(f.host, 1, f.timers);
  await keeper.use({ modelDir: '/m', device: 'auto' });
  f.fire();
  await Promise.resolve();
  const answer = keeper.ask(request);
  assert.equal(f.pending(), undefined, 'no idle unload while an answer runs');
  const events: AnswerEvent[] = [];
  for await (const event of answer) events.push(event);
  assert.equal(events.at(-1)?.type, 'done');
  assert.deepEqual(f.log, ['load', 'unload', 'load', 'ask']);
  assert.equal(f.pending()?.ms, 60_000, 'the idle timer is armed again after the answer');
});

test('a capture opened after an idle unload loads the model again and prepares its image; nothing before a model is chosen', async () => {
  const f = fakes();
  const keeper = new ModelKeeper(f.host, 1, f.timers);
  assert.equal(await keeper.prepareImage('c', request.image), undefined, 'no model chosen yet');
  assert.deepEqual(f.log, []);
  await keeper.use({ modelDir: '/m', device: 'auto' });
  f.fire();
  await Promise.resolve();
  assert.deepEqual(await keeper.prepareImage('c', request.image), { cachedTokens: 80, imageTokens: 64, ms: 1 });
  assert.deepEqual(f.log, ['load', 'unload', 'load', 'prepare c']);
  assert.equal(f.pending()?.ms, 60_000, 'the idle time counts from the capture');
});

test('idle time 0 never unloads', async () => {
  const f = fakes();
  const keeper = new ModelKeeper(f.host, 0, f.timers);
  await keeper.use({ modelDir: '/m', device: 'auto' });
  assert.equal(f.pending(), undefined);
});

test('a question asked before any model is chosen says it waits, and is answered once one is', async () => {
  const f = fakes();
  const keeper = new ModelKeeper(f.host, 15, f.timers);
  const answer = keeper.ask(request);
  assert.equal(answer.phase, 'waiting-model');
  const events: AnswerEvent[] = [];
  const read = (async () => {
    for await (const event of answer) events.push(event);
  })();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(events, [{ type: 'phase', phase: 'waiting-model' }], 'kept, not sent to the engine');
  assert.deepEqual(f.log, []);
  await keeper.use({ modelDir: '/m', device: 'auto' });
  await read;
  assert.deepEqual(f.log, ['load', 'ask'], 'asked after the model load was sent, with no second load');
  assert.deepEqual(events.slice(1), [
    { type: 'delta', text: 'hi' },
    { type: 'done', reason: 'eos' },
  ]);
});

test('a kept question that is stopped ends as stopped and is never asked', async () => {
  const f = fakes();
  const keeper = new ModelKeeper(f.host, 15, f.timers);
  const answer = keeper.ask(request);
  const events: AnswerEvent[] = [];
  const read = (async () => {
    for await (const event of answer) events.push(event);
  })();
  answer.stop();
  await read;
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'stopped' });
  await keeper.use({ modelDir: '/m', device: 'auto' });
  assert.deepEqual(f.log, ['load'], 'the stopped question was not asked');
});

test('the capture shortcut warms a model unloaded for idleness; nothing to warm before a model is chosen', async () => {
  const f = fakes();
  const keeper = new ModelKeeper(f.host, 1, f.timers);
  keeper.warm();
  assert.deepEqual(f.log, []);
  await keeper.use({ modelDir: '/m', device: 'auto' });
  f.fire();
  await Promise.resolve();
  keeper.warm();
  await Promise.resolve();
  assert.deepEqual(f.log, ['load', 'unload', 'load']);
  keeper.warm();
  assert.deepEqual(f.log, ['load', 'unload', 'load'], 'a loaded model is not loaded again');
});

test('a kept question released while the model is still loading waits for that load, not a second one', async () => {
  const f = fakes();
  let loads = 0;
  let finishLoad: () => void = () => {};
  const load = f.host.load;
  f.host.load = (options) => {
    loads += 1;
    return new Promise<ModelStatus>((resolve) => (finishLoad = () => resolve(load(options))));
  };
  const keeper = new ModelKeeper(f.host, 15, f.timers);
  const answer = keeper.ask(request);
  const events: AnswerEvent[] = [];
  const read = (async () => {
    for await (const event of answer) events.push(event);
  })();
  const loaded = keeper.use({ modelDir: '/m', device: 'auto' });
  // The kept question is let go while the load is still under way.
  await new Promise((resolve) => setImmediate(resolve));
  finishLoad();
  await loaded;
  await read;
  assert.equal(loads, 1, 'one load');
  assert.deepEqual(events.at(-1), { type: 'done', reason: 'eos' });
});
