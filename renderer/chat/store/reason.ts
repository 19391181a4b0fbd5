// The words the chat store shows: the UI's translations, and an error's
// reason in the UI's language where it is one of the bridge's own sentences
// or one of the chat service's refusals (common/chat-refusals.ts).
import i18next from 'i18next';
import { chatRefusalOf } from '../../../common/chat-refusals.js';
import { messageOf } from '../../../common/message-of.js';
import { connectionLost, notConnected } from '../bridge.js';

export const t = (key: string, options: Record<string, unknown> = {}): string => i18next.t(key, options);

/** An error's message, in the UI's language where it is one of the bridge's own or one of the chat's refusals. */
export function reasonOf(error: unknown): string {
  const message = messageOf(error);
  if (message === notConnected) return t('offline');
  if (message === connectionLost) return t('lost');
  const found = chatRefusalOf(message);
  return found ? t(`refusals.${found.refusal}`, found.values) : message;
}
