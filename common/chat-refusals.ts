// The sentences the chat service refuses a request with, in English: the
// host throws them (host/chat/chat-error.ts) and logs them, and a page shows
// them in its own language (renderer/chat/store/reason.ts) by finding the
// sentence here. One table for both, so neither side's words drift. A
// sentence with values names them as {{name}} (i18next's placeholders): the
// host fills them (chatRefusal), the page reads them back (chatRefusalOf) and
// words them in its language.
export const chatRefusals = {
  conversationGone: 'This conversation no longer exists.',
  conversationDeleted: 'The conversation was deleted.',
  captureGone: 'This capture no longer exists.',
  captureNotKept: 'The capture was not kept.',
  captureNotPng: 'The capture is not a PNG image.',
  captureNotInConversation: 'This capture is not in the conversation.',
  capturesPerConversation: 'A conversation holds at most {{max}} captures.',
  regionOutsideCapture:
    'The region {{width}}×{{height}} at ({{x}}, {{y}}) is not inside the {{captureWidth}}×{{captureHeight}} capture.',
  noQuestionToRetry: 'There is no question to answer again.',
  answerWritingStop: 'An answer in this conversation is still being written: stop it first.',
  answerWritingWait: 'An answer in this conversation is still being written: wait for it to end.',
  answerAlreadyRunning: 'This answer is already running.',
  noCropHere: 'A part of a capture cannot be cut out here.',
  nothingHidden: 'Nothing was hidden in this capture.',
  stillReadingSecrets: 'The capture is still being read for secrets to hide: ask again in a moment.',
  noFillEngine: 'Secrets cannot be hidden here: the engine that fills them is missing.',
  textUnavailable: 'Text cannot be read here.',
  // A link in an answer that is not opened (common/external-url.ts).
  linkTooLong: 'The link is longer than {{max}} characters.',
  linkNotWebAddress: 'This is not a web address.',
  linkScheme: 'Only http and https links open in the browser (this one is {{scheme}}).',
  linkUserName: 'The link hides a user name before its host.',
  linkNoHost: 'The link has no host.',
  linksUnavailable: 'Links cannot be opened from here.',
};

export type ChatRefusal = keyof typeof chatRefusals;

export type RefusalValues = Record<string, string | number>;

const placeholder = /\{\{(\w+)\}\}/g;

/** A refusal's sentence with its values in place. */
export function chatRefusal(refusal: ChatRefusal, values: RefusalValues = {}): string {
  return chatRefusals[refusal].replace(placeholder, (whole, name: string) => String(values[name] ?? whole));
}

/** Each sentence as a pattern that finds it, its values captured in order. */
const patterns = (Object.keys(chatRefusals) as ChatRefusal[]).map((refusal) => {
  const sentence = chatRefusals[refusal];
  const names = [...sentence.matchAll(placeholder)].map((match) => match[1]!);
  const source = sentence
    .split(placeholder)
    .map((part, i) => (i % 2 === 1 ? '(.+?)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { refusal, names, pattern: new RegExp(`^${source}$`) };
});

/** The refusal a message is, with its values, when it is one of the table's sentences. */
export function chatRefusalOf(message: string): { refusal: ChatRefusal; values: Record<string, string> } | undefined {
  for (const { refusal, names, pattern } of patterns) {
    const match = pattern.exec(message);
    if (match) return { refusal, values: Object.fromEntries(names.map((name, i) => [name, match[i + 1]!])) };
  }
  return undefined;
}
