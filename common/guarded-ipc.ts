// The checks every IPC handler in main runs before acting, kept free of
// Electron so they are unit-tested: the sender must be one of our pages, and
// the very page the channel belongs to (a chat channel from the chat window
// only), and the payload must fit its schema. The reply is validated too.
import type { core } from 'zod/mini';
import { APP_SCHEME } from './app-url.js';
import { describeIssues } from './schema.js';

export interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: core.$ZodError };
}

export interface Sender {
  /** The URL of the frame that sent the message (event.senderFrame.url). */
  frameUrl: string | undefined;
  /** webContents.id of the sender. */
  id: number;
}

export class IpcRefused extends Error {
  constructor(channel: string, why: string) {
    super(`Refused ${channel}: ${why}`);
    this.name = 'IpcRefused';
  }
}

/** The page(s) a channel belongs to: 'chat', 'overlay', or several. */
export type Pages = string | readonly string[];

/** Throws unless the sender is a frame of app://<page>/ for one of `pages`. */
export function checkSender(channel: string, sender: Sender, pages: Pages): void {
  const allowed = typeof pages === 'string' ? [pages] : pages;
  let url: URL | undefined;
  try {
    url = sender.frameUrl ? new URL(sender.frameUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== `${APP_SCHEME}:` || !allowed.includes(url.hostname)) {
    throw new IpcRefused(
      channel,
      `the sender (${sender.frameUrl ?? 'unknown'}) is not Sightline's ${allowed.join(' or ')} page`,
    );
  }
}

export function parsePayload<T>(channel: string, schema: Schema<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new IpcRefused(channel, `malformed payload (${describeIssues(parsed.error)})`);
  return parsed.data;
}

/** An invoke handler with both checks and a validated reply. */
export function guardInvoke<Req, Rep>(
  channel: string,
  pages: Pages,
  schemas: { request: Schema<Req>; reply: Schema<Rep> },
  handler: (payload: Req, sender: Sender) => Promise<Rep> | Rep,
): (sender: Sender, payload: unknown) => Promise<Rep> {
  return async (sender, payload) => {
    checkSender(channel, sender, pages);
    const reply = await handler(parsePayload(channel, schemas.request, payload), sender);
    const parsed = schemas.reply.safeParse(reply);
    if (!parsed.success)
      throw new Error(`${channel}: main produced a malformed reply (${describeIssues(parsed.error)})`);
    return parsed.data;
  };
}

/** A one-way (send) handler with both checks; refusals are returned for logging, never thrown at the page. */
export function guardSend<T>(
  channel: string,
  pages: Pages,
  schema: Schema<T>,
  handler: (payload: T, sender: Sender) => void,
): (sender: Sender, payload: unknown) => IpcRefused | undefined {
  return (sender, payload) => {
    try {
      checkSender(channel, sender, pages);
      handler(parsePayload(channel, schema, payload), sender);
      return undefined;
    } catch (error) {
      if (error instanceof IpcRefused) return error;
      throw error;
    }
  };
}
