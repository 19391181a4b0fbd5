// Electron's MessagePortMain over Node's MessagePort: 'message' events carry
// { data, ports }, and nothing is delivered before start() or a listener, as
// in Electron. Shared by the stand-in Electron (main) and its utility process
// (utility-child.mjs, which runs without TypeScript), hence plain JavaScript.
import { EventEmitter } from 'node:events';

export class PortMain extends EventEmitter {
  /** @param {import('node:worker_threads').MessagePort} raw */
  constructor(raw) {
    super();
    this.raw = raw;
    this.listening = false;
    this.raw.on('close', () => this.emit('close'));
  }

  on(event, listener) {
    super.on(event, listener);
    if (event === 'message' && !this.listening) {
      this.listening = true;
      this.raw.on('message', (data) => this.emit('message', { data, ports: [] }));
    }
    return this;
  }

  start() {
    this.raw.start();
  }

  postMessage(message, transfer = []) {
    this.raw.postMessage(
      message,
      transfer.map((port) => port.raw),
    );
  }

  close() {
    this.raw.close();
  }
}
