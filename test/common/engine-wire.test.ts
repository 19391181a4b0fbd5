import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChannelMux, parseFrame, type WireChannel, type WireFrame } from '../../common/engine-wire.js';

/** A host mux and an engine mux wired back to back, frames recorded on the way. */
function link() {
  const frames: WireFrame[] = [];
  const opened: WireChannel[] = [];
  // eslint-disable-next-line prefer-const -- the two muxes refer to each other
  let engine: ReturnType<typeof createChannelMux>;
  const host = createChannelMux({
    send: (frame) => {
      frames.push(frame);
      engine.receive(frame);
    },
  });
  engine = createChannelMux({
    send: (frame) => {
      frames.push(frame);
      host.receive(frame);
    },
    onRemoteOpen: (channel) => opened.push(channel),
  });
  return { host, engine, frames, opened };
}

test('a frame is told from a control message', () => {
  assert.deepEqual(parseFrame({ ch: 'r1', msg: { type: 'stop' } }), { ch: 'r1', msg: { type: 'stop' } });
  assert.deepEqual(parseFrame({ ch: 'r1', close: true }), { ch: 'r1', close: true });
  assert.equal(parseFrame({ type: 'hello' }), undefined);
  assert.equal(parseFrame({ ch: '', msg: 1 }), undefined);
  assert.equal(parseFrame({ ch: 'r1', msg: 1, type: 'hello' }), undefined);
  assert.equal(parseFrame('hello'), undefined);
});

test('the first message opens the channel on the engine side, and each channel keeps its own messages', () => {
  const { host, frames, opened } = link();
  const a = host.open();
  const b = host.open();
  const fromEngine: unknown[] = [];
  a.onMessage((message) => fromEngine.push(['a', message]));
  b.onMessage((message) => fromEngine.push(['b', message]));
  a.post('question a');
  b.post('question b');
  assert.equal(opened.length, 2);
  const received: unknown[] = [];
  // Messages wait for the engine's first listener.
  opened[0]!.onMessage((message) => received.push(['0', message]));
  opened[1]!.onMessage((message) => received.push(['1', message]));
  assert.deepEqual(received, [
    ['0', 'question a'],
    ['1', 'question b'],
  ]);
  opened[1]!.post('answer b');
  opened[0]!.post('answer a');
  assert.deepEqual(fromEngine, [
    ['b', 'answer b'],
    ['a', 'answer a'],
  ]);
  assert.notEqual(frames[0]!.ch, frames[1]!.ch);
});

test('closing one end closes the other, and a closed id is never reopened', () => {
  const { host, opened } = link();
  const channel = host.open();
  channel.post('question');
  let engineHeardClose = 0;
  opened[0]!.onClose(() => engineHeardClose++);
  channel.close();
  assert.equal(engineHeardClose, 1);
  channel.post('late'); // dropped: closed here
  opened[0]!.post('late answer'); // dropped: closed there
  assert.equal(opened.length, 1);

  const second = host.open();
  let hostHeardClose = 0;
  second.onClose(() => hostHeardClose++);
  second.post('question');
  opened[1]!.close();
  assert.equal(hostHeardClose, 1);
});

test('a frame on a closed id does not open a new channel on the engine side', () => {
  const opened: WireChannel[] = [];
  const engine = createChannelMux({ send: () => {}, onRemoteOpen: (channel) => opened.push(channel) });
  engine.receive({ ch: 'r1', msg: 'question' });
  engine.receive({ ch: 'r1', close: true });
  engine.receive({ ch: 'r1', msg: 'late' });
  assert.equal(opened.length, 1);
});

test('the host drops frames for channels it does not know', () => {
  const host = createChannelMux({ send: () => {} });
  assert.doesNotThrow(() => host.receive({ ch: 'r99', msg: 'stray' }));
});

test('closeAll tells every open channel its other end is gone', () => {
  const { host } = link();
  const channels = [host.open(), host.open()];
  let closes = 0;
  for (const channel of channels) channel.onClose(() => closes++);
  host.closeAll();
  host.closeAll();
  assert.equal(closes, 2);
});
