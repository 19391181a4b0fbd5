// The IPC contract between the preloads and the main process: channel names and
// the schema of every payload. Both sides import it; main validates every
// payload against it before acting.
import * as z from 'zod/mini';
import './schema.js';
import { chatInvokeChannels } from './chat-contract.js';
import { settingsInvokeChannels } from './settings-contract.js';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.enum(['darwin', 'win32', 'linux']),
  /** Node's process.arch ('x64', 'arm64'): an Intel Mac runs no local model (common/local-engine.ts). */
  arch: z.optional(z.string()),
  versions: z.object({ electron: z.string(), chrome: z.string(), node: z.string() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** Each invoke channel: its request payload schema and its reply schema. */
export const invokeChannels = {
  'app:info': { request: z.undefined(), reply: AppInfo },
  // The chat panel's channels (common/chat-contract.ts).
  ...chatInvokeChannels,
  // The settings panel's channels (common/settings-contract.ts).
  ...settingsInvokeChannels,
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type InvokeRequest<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['request']>;
export type InvokeReply<C extends InvokeChannel> = z.infer<(typeof invokeChannels)[C]['reply']>;
