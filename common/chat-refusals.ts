// The sentences the chat service refuses a request with, in English: the
// host throws them (host/chat/chat-error.ts) and logs them, and a page shows
// them in its own language (renderer/chat/store/reason.ts) by finding the
// sentence here. One table for both, so neither side's words drift.
export const chatRefusals = {
  conversationGone: 'This conversation no longer exists.',
  captureGone: 'This capture no longer exists.',
  captureNotKept: 'The capture was not kept.',
  captureNotInConversation: 'This capture is not in the conversation.',
  answerWritingStop: 'An answer in this conversation is still being written: stop it first.',
  answerWritingWait: 'An answer in this conversation is still being written: wait for it to end.',
  answerAlreadyRunning: 'This answer is already running.',
  noCropHere: 'A part of a capture cannot be cut out here.',
  nothingHidden: 'Nothing was hidden in this capture.',
  stillReadingSecrets: 'The capture is still being read for secrets to hide: ask again in a moment.',
  noFillEngine: 'Secrets cannot be hidden here: the engine that fills them is missing.',
};

export type ChatRefusal = keyof typeof chatRefusals;

/** The refusal a message is, when it is one of the table's sentences. */
export function chatRefusalOf(message: string): ChatRefusal | undefined {
  return (Object.keys(chatRefusals) as ChatRefusal[]).find((refusal) => chatRefusals[refusal] === message);
}
