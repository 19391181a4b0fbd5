// The stand-in for an Electron utility process: a Node child process running
// the engine entry, with process.parentPort as Electron provides it. Node
// cannot hand a MessagePort to another process, so each port the app
// transfers is relayed over the IPC channel by id (electron.ts holds the
// other half of the relay): the engine still gets a real MessagePort per
// request, and the app sees a separate process that can crash on its own.
import { MessageChannel } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { PortMain } from './port-main.mjs';

const relays = new Map();
const listeners = [];
// As Electron's parentPort: what arrives before anyone listens waits for them.
const queued = [];

function relayPort(portId) {
  const { port1: relay, port2: forEngine } = new MessageChannel();
  relays.set(portId, relay);
  relay.on('message', (data) => process.send({ kind: 'port-message', portId, data }));
  relay.on('close', () => {
    relays.delete(portId);
    process.send({ kind: 'port-close', portId });
  });
  return new PortMain(forEngine);
}

process.on('message', (message) => {
  switch (message.kind) {
    case 'message': {
      const event = { data: message.data, ports: message.portIds.map(relayPort) };
      if (listeners.length === 0) queued.push(event);
      for (const listener of listeners) listener(event);
      return;
    }
    case 'port-message':
      relays.get(message.portId)?.postMessage(message.data);
      return;
    case 'port-close':
      relays.get(message.portId)?.close();
      return;
  }
});
// Main went away: so does its utility process, as in Electron.
process.on('disconnect', () => process.exit(0));

process.parentPort = {
  on(event, listener) {
    if (event !== 'message') return;
    listeners.push(listener);
    for (const waiting of queued.splice(0)) listener(waiting);
  },
  postMessage(data) {
    process.send({ kind: 'message', data });
  },
};

const [entry] = process.argv.slice(2);
await import(pathToFileURL(entry).href);
