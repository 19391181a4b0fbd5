import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { CodedError } from '../../../common/coded-error.js';
import { collect, deltas, fakeHost, isAlive, last, modelDir, next, question, whoami } from './fake-host.js';

const load = { modelDir, device: 'cpu' } as const;

test('deltas stream in order, the first arriving before the engine makes the last', async (t) => {
  const { host } = fakeHost({ env: { FAKE_ENGINE_STEP_MS: '60' } });
  t.after(() => host.dispose());
  const status = await host.load(load);
  assert.equal(status.modelDir, modelDir);

  const events = await collect(host.ask(question('stream 5')));
  assert.deepEqual(
    events.map(({ event }) => event.type),
    ['phase', 'delta', 'delta', 'delta', 'delta', 'delta', 'done'],
  );
  const made = deltas(events).map((text) => text.trim().split('@').map(Number));
  assert.deepEqual(
    made.map(([index]) => index),
    [0, 1, 2, 3, 4],
  );
  const firstArrived = events.find(({ event }) => event.type === 'delta')!.at;
  const lastMade = made.at(-1)![1]!;
  assert.ok(firstArrived < lastMade, `first delta read at ${firstArrived}, last one made at ${lastMade}`);
  assert.deepEqual(last(events), { type: 'done', reason: 'eos' });
});

test('two answers in a row each get their own request channel', async (t) => {
  const { host, openedChannels } = fakeHost();
  t.after(() => host.dispose());
  await host.load(load);
  const first = await whoami(host);
  const second = await whoami(host);
  assert.equal(first.channel, 1);
  assert.equal(second.channel, 2);
  assert.equal(openedChannels(), 2);
  assert.equal(first.pid, second.pid);
});

test('a stop while decoding ends the answer within a step, and the engine stays the same', async (t) => {
  const { host, events: status } = fakeHost();
  t.after(() => host.dispose());
  await host.load(load);
  const pid = host.pid;
  const answer = host.ask(question('stream 500'));
  let stoppedAt = 0;
  const events = await collect(answer, (event, index) => {
    if (event.type === 'delta' && index === 3) {
      stoppedAt = Date.now();
      answer.stop();
    }
  });
  assert.deepEqual(last(events), { type: 'done', reason: 'stopped' });
  assert.ok(deltas(events).length < 10, `${deltas(events).length} deltas after a stop`);
  // The fake engine steps every 20 ms; the host's grace before a kill is 2 s.
  assert.ok(events.at(-1)!.at - stoppedAt < 1000, 'the engine ended it itself, well before the grace period');
  assert.equal(host.pid, pid);
  assert.equal(host.state, 'ready');
  assert.ok(!status.some(({ event }) => event === 'engine-restarting' || event === 'engine-crashed'));
  assert.match((await whoami(host)).model, /tiny-smolvlm/);
});

test('a stop during prefill kills the engine: the answer ends stopped, a queued one runs on the restarted engine with the model reloaded', async (t) => {
  // maxCrashes 2: two hard stops in a row would give up if they counted as crashes.
  const { host, events: status } = fakeHost({ host: { backoff: { maxCrashes: 2 } } });
  t.after(() => host.dispose());
  await host.load(load);

  for (let round = 0; round < 2; round++) {
    const pid = host.pid!;
    const slow = host.ask(question('slow-prefill'));
    const queued = host.ask(question('whoami'));
    const restarting = next(host, 'engine-restarting');
    let stoppedAt = 0;
    const slowEvents = collect(slow, (event) => {
      if (event.type === 'phase' && event.phase === 'prefill') {
        stoppedAt = Date.now();
        slow.stop();
      }
    });
    const queuedEvents = collect(queued);
    const events = await slowEvents;
    assert.deepEqual(last(events), { type: 'done', reason: 'stopped' });
    assert.ok(events.at(-1)!.at - stoppedAt < 1000, 'a hard stop does not wait for the grace period');
    assert.deepEqual(await restarting, { reason: 'stop', delayMs: 0, attempt: 0 });

    const queuedAnswer = deltas(await queuedEvents).join('');
    assert.notEqual(host.pid, pid);
    assert.equal(isAlive(pid), false, 'the old engine is gone');
    assert.match(queuedAnswer, new RegExp(`^pid=${host.pid} model=${modelDir} channel=1$`));
  }
  assert.equal(host.state, 'ready');
  assert.ok(!status.some(({ event }) => event === 'engine-crashed' || event === 'engine-gave-up'));
  assert.equal(status.filter(({ event }) => event === 'model-loaded').length, 3, 'loaded once, reloaded twice');
  const after = await whoami(host);
  assert.equal(after.pid, host.pid);
});

test('an engine that ignores a stop while decoding is killed after the grace period', async (t) => {
  const { host } = fakeHost({ host: { stopGraceMs: 300 } });
  t.after(() => host.dispose());
  await host.load(load);
  const pid = host.pid;
  const answer = host.ask(question('ignore-stop 500'));
  let stoppedAt = 0;
  const events = await collect(answer, (event, index) => {
    if (index === 2) {
      stoppedAt = Date.now();
      answer.stop();
    }
  });
  assert.deepEqual(last(events), { type: 'done', reason: 'stopped' });
  const waited = events.at(-1)!.at - stoppedAt;
  assert.ok(waited >= 250 && waited < 1500, `ended ${waited} ms after the stop`);
  const after = await whoami(host);
  assert.notEqual(after.pid, pid);
  assert.equal(after.model, modelDir);
});

test('a crash mid-answer ends it with a clear error; the engine restarts with its model and the next question works', async (t) => {
  const { host, events: status } = fakeHost();
  t.after(() => host.dispose());
  await host.load(load);
  const pid = host.pid;
  const crashed = next(host, 'engine-crashed');
  const events = await collect(host.ask(question('crash')));
  assert.deepEqual(deltas(events), ['about to crash']);
  const end = last(events);
  assert.equal(end?.type, 'error');
  assert.ok(end?.type === 'error');
  assert.equal(end.error.code, 'engine-crashed');
  assert.equal(
    end.error.message,
    'The engine stopped unexpectedly (exit code 1); restarting it. Your conversation is kept — ask again.',
  );
  assert.deepEqual(await crashed, { code: 1, signal: null, pid, description: 'exit code 1' });

  const after = await whoami(host);
  assert.notEqual(after.pid, pid);
  assert.equal(after.model, modelDir);
  const restart = status.find(({ event }) => event === 'engine-restarting');
  assert.deepEqual(restart?.payload, { reason: 'crash', delayMs: 10, attempt: 1 });
});

test('after repeated crashes the host gives up, says why, and later questions fail at once', async (t) => {
  const { host } = fakeHost();
  t.after(() => host.dispose());
  await host.load(load);
  const gaveUp = next(host, 'engine-gave-up');
  const messages: string[] = [];
  for (let crash = 1; crash <= 3; crash++) {
    const end = last(await collect(host.ask(question('crash'))));
    assert.ok(end?.type === 'error' && end.error.code === 'engine-crashed');
    messages.push(end.error.message);
  }
  const reason = 'The engine crashed 3 times within 60 seconds, so Sightline stopped restarting it.';
  assert.deepEqual(await gaveUp, { reason });
  assert.match(messages[0]!, /restarting it/);
  assert.equal(messages[2], `The engine stopped unexpectedly (exit code 1). ${reason} Your conversation is kept.`);
  assert.equal(host.state, 'gave-up');
  assert.equal(host.pid, undefined);

  const askedAt = Date.now();
  const events = await collect(host.ask(question('whoami')));
  assert.ok(Date.now() - askedAt < 500, 'no engine start is attempted');
  assert.deepEqual(
    events.map(({ event }) => event),
    [{ type: 'error', error: { code: 'engine-crashed', message: `${reason} Restart Sightline to try again.` } }],
  );
  await assert.rejects(
    host.load(load),
    (error: unknown) => error instanceof CodedError && error.code === 'engine-crashed',
  );

  // start() is the way to try again, with the model the host remembers.
  await host.start();
  assert.equal((await whoami(host)).model, modelDir);
});

test('an engine that never answers hello is restarted, and given up on with the reason', async (t) => {
  const { host, events } = fakeHost({
    env: { FAKE_ENGINE_MODE: 'mute' },
    host: { startTimeoutMs: 400, backoff: { maxCrashes: 2 } },
  });
  t.after(() => host.dispose());
  await assert.rejects(host.start(), /crashed 2 times/);
  const crashes = events.flatMap(({ event, payload }) => (event === 'engine-crashed' ? [payload] : []));
  assert.equal(crashes.length, 2);
  assert.equal(crashes[0]?.description, 'it did not start within 0.4 seconds');
});

test('an engine that exits while starting is reported as such', async (t) => {
  const { host, events } = fakeHost({
    env: { FAKE_ENGINE_MODE: 'crash-on-start' },
    host: { backoff: { maxCrashes: 1 } },
  });
  t.after(() => host.dispose());
  await assert.rejects(host.start(), /The engine crashed 1 time within 60 seconds/);
  const crash = events.flatMap(({ event, payload }) => (event === 'engine-crashed' ? [payload] : []))[0];
  assert.equal(crash?.code, 2);
  assert.equal(crash?.description, 'exit code 2, while starting');
});

test('a model that fails to load rejects with the engine’s reason, and questions then get no-model', async (t) => {
  const { host, events } = fakeHost();
  t.after(() => host.dispose());
  await assert.rejects(
    host.load({ modelDir: '/models/missing', device: 'cpu' }),
    (error: unknown) =>
      error instanceof CodedError && error.code === 'model-missing' && /No model in/.test(error.message),
  );
  assert.ok(events.some(({ event }) => event === 'model-load-failed'));
  const end = last(await collect(host.ask(question('whoami'))));
  assert.equal(end?.type === 'error' && end.error.code, 'no-model');
});

test('unload forgets the model: a restarted engine starts without one', async (t) => {
  const { host, events } = fakeHost();
  t.after(() => host.dispose());
  await host.load(load);
  assert.equal(host.model?.modelDir, modelDir);
  await host.unload();
  assert.equal(host.model, undefined);
  assert.deepEqual(events.find(({ event }) => event === 'model-unloaded')?.payload, { modelDir });
  const end = last(await collect(host.ask(question('whoami'))));
  assert.equal(end?.type === 'error' && end.error.code, 'no-model');
});

test('malformed messages from the engine are reported and the answer goes on', async (t) => {
  const { host, events } = fakeHost();
  t.after(() => host.dispose());
  await host.load(load);
  const answer = await collect(host.ask(question('garbage')));
  assert.deepEqual(deltas(answer), ['ok']);
  assert.deepEqual(last(answer), { type: 'done', reason: 'eos' });
  const reports = events.flatMap(({ event, payload }) => (event === 'protocol-error' ? [payload] : []));
  assert.equal(reports.length, 2);
  assert.ok(reports.every((report) => report.reportedBy === 'host'));
  assert.match(reports.map((report) => report.message).join('\n'), /malformed answer event: text/);
  assert.match(reports.map((report) => report.message).join('\n'), /malformed message: type/);
  assert.equal(host.state, 'ready');
  assert.match((await whoami(host)).model, /tiny-smolvlm/);
});

test('questions asked before the engine is up wait for it and its model', async (t) => {
  const { host } = fakeHost();
  t.after(() => host.dispose());
  const loaded = host.load(load);
  const answer = whoami(host);
  assert.equal(host.state, 'starting');
  assert.equal((await answer).model, modelDir);
  assert.equal((await loaded).modelDir, modelDir);
});

test('stopping an answer that has not reached the engine ends it at once', async (t) => {
  const { host, openedChannels } = fakeHost();
  t.after(() => host.dispose());
  const answer = host.ask(question('stream 3'));
  answer.stop();
  assert.deepEqual(
    (await collect(answer)).map(({ event }) => event),
    [{ type: 'done', reason: 'stopped' }],
  );
  await host.start();
  await sleep(50);
  assert.equal(openedChannels(), 0);
});

test('dispose ends running answers as stopped, kills the engine, and refuses later questions', async (t) => {
  const { host } = fakeHost();
  t.after(() => host.dispose());
  await host.load(load);
  const pid = host.pid!;
  const answer = host.ask(question('stream 500'));
  const events = collect(answer, (_event, index) => {
    if (index === 1) void host.dispose();
  });
  assert.deepEqual(last(await events), { type: 'done', reason: 'stopped' });
  await host.dispose();
  assert.equal(isAlive(pid), false);
  assert.equal(host.state, 'disposed');
  const end = last(await collect(host.ask(question('whoami'))));
  assert.deepEqual(end, { type: 'error', error: { code: 'internal', message: 'The engine has been shut down.' } });
});

test('a malformed question is refused by the host without reaching the engine', async (t) => {
  const { host, openedChannels } = fakeHost();
  t.after(() => host.dispose());
  const end = last(await collect(host.ask({ ...question('whoami'), turns: [] })));
  assert.ok(end?.type === 'error' && end.error.code === 'bad-request');
  assert.match(end.error.message, /turns/);
  assert.equal(openedChannels(), 0);
  assert.equal(host.state, 'idle');
});
