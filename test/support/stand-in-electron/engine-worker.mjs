// The stand-in for Electron's utilityProcess: the engine entry runs in a
// worker thread (worker threads, unlike child processes, can be handed
// MessagePorts, as utility processes can), with process.parentPort as
// Electron provides it.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { PortMain } from './port-main.mjs';

process.parentPort = {
  on(event, listener) {
    if (event !== 'message') return;
    parentPort.on('message', (message) =>
      listener({ data: message.data, ports: message.ports.map((port) => new PortMain(port)) }),
    );
  },
  postMessage(message) {
    parentPort.postMessage(message);
  },
};

await import(pathToFileURL(workerData.entry).href);
