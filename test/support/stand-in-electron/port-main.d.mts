import { EventEmitter } from 'node:events';
import type { MessagePort } from 'node:worker_threads';

export declare class PortMain extends EventEmitter {
  readonly raw: MessagePort;
  constructor(raw: MessagePort);
  start(): void;
  postMessage(message: unknown, transfer?: PortMain[]): void;
  close(): void;
}
