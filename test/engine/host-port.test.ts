import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { connectToHost } from '../../engine/host-port.js';

// Electron's utility process, simulated in-process: connectToHost finds
// process.parentPort and each request brings a MessagePortMain. The fakes
// keep what the engine relies on: asynchronous delivery, messages queued
// until start(), 'close' on the other end when one end closes.
class FakePort extends EventEmitter {
  peer: FakePort | undefined;
  private started = false;
  private closed = false;
  private readonly queued: unknown[] = [];

  postMessage(data: unknown): void {
    const peer = this.peer;
    if (!this.closed && peer) setImmediate(() => peer.deliver(data));
  }
  start(): void {
    this.started = true;
    for (const data of this.queued.splice(0)) this.emit('message', { data });
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const peer = this.peer;
    setImmediate(() => peer?.emit('close'));
  }
  private deliver(data: unknown): void {
    if (this.closed) return;
    if (this.started) this.emit('message', { data });
    else this.queued.push(data);
  }
}

function portPair(): [FakePort, FakePort] {
  const a = new FakePort();
  const b = new FakePort();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

class FakeParentPort extends EventEmitter {
  readonly sent: unknown[] = [];
  postMessage(message: unknown): void {
    this.sent.push(message);
  }
  /** The host's side: utilityProcess.postMessage(message, ports). */
  fromHost(data: unknown, ports: FakePort[] = []): void {
    this.emit('message', { data, ports });
  }
}

function withParentPort<T>(parentPort: FakeParentPort, body: () => T): T {
  const processWithPort = process as unknown as { parentPort?: unknown };
  processWithPort.parentPort = parentPort;
  try {
    return body();
  } finally {
    delete processWithPort.parentPort;
  }
}

test('in a utility process, control messages come from the parent port and go back on it', () => {
  const parentPort = new FakeParentPort();
  const link = withParentPort(parentPort, connectToHost);
  parentPort.fromHost({ type: 'hello' }); // before anyone listens: kept
  const received: unknown[] = [];
  link.onMessage((message) => received.push(message));
  parentPort.fromHost({ type: 'unload' });
  assert.deepEqual(received, [{ type: 'hello' }, { type: 'unload' }]);
  link.send({ type: 'unloaded' });
  assert.deepEqual(parentPort.sent, [{ type: 'unloaded' }]);
});

test('an open-request brings a port that becomes a request channel, unseen by control listeners', async () => {
  const parentPort = new FakeParentPort();
  const link = withParentPort(parentPort, connectToHost);
  const control: unknown[] = [];
  link.onMessage((message) => control.push(message));
  const [hostEnd, engineEnd] = portPair();
  const fromEngine: unknown[] = [];
  hostEnd.on('message', (event: { data: unknown }) => fromEngine.push(event.data));
  hostEnd.start();

  const requests: unknown[] = [];
  let closed = 0;
  link.onRequest((channel) => {
    channel.onMessage((message) => {
      requests.push(message);
      channel.post({ type: 'delta', text: 'hi' });
    });
    channel.onClose(() => closed++);
  });
  parentPort.fromHost({ type: 'open-request' }, [engineEnd]);
  hostEnd.postMessage({ type: 'stop' });
  await tick();
  await tick();
  assert.deepEqual(control, []);
  assert.deepEqual(requests, [{ type: 'stop' }]);
  assert.deepEqual(fromEngine, [{ type: 'delta', text: 'hi' }]);
  hostEnd.close();
  await tick();
  assert.equal(closed, 1);
});

test('an open-request without a port is passed on as a control message (the engine reports it)', () => {
  const parentPort = new FakeParentPort();
  const link = withParentPort(parentPort, connectToHost);
  const control: unknown[] = [];
  link.onMessage((message) => control.push(message));
  parentPort.fromHost({ type: 'open-request' });
  assert.deepEqual(control, [{ type: 'open-request' }]);
});
