// What the page audit (page-audit.test.ts) fills the pages with: content as
// long and as awkward as a real user's — a capture with text read from it, an
// answer in markdown with a heading, a list, code with a long line and an
// unbroken path, long conversation titles, file paths in notices, a model
// catalog with long names.
import type { CaptureText } from '../../common/capture-text.js';
import type { StorageNotice } from '../../common/chat-contract.js';
import type { ChatTurn } from '../../common/conversation.js';
import { defaultSettings, type Settings } from '../../common/settings.js';
import type { ModelItem } from '../../common/settings-contract.js';

export const captureWidth = 800;
export const captureHeight = 300;

export const readCaptureText: CaptureText = {
  language: 'en',
  width: captureWidth,
  height: captureHeight,
  lines: [
    { text: 'Error: ENOENT: no such file', box: { x: 20, y: 30, width: 320, height: 24 }, confidence: 0.98 },
    { text: '    at open (fs.js:10)', box: { x: 60, y: 70, width: 260, height: 20 }, confidence: 0.9 },
    { text: 'Done', box: { x: 600, y: 250, width: 80, height: 22 }, confidence: 0.95 },
  ],
  text: 'Error: ENOENT: no such file\n    at open (fs.js:10)\nDone',
};

/** An answer in markdown, in the pieces it streams in. */
export const markdownAnswer: string[] = [
  '## Why the build fails\n\n',
  'The compiler cannot find the file it was asked to open:\n\n',
  '- the path is relative to the **working directory**, not to the script;\n',
  '- the file was renamed in the last commit;\n',
  '- `npm ci` was not run after the checkout.\n\n',
  '```ts\n',
  "import { readFile } from 'node:fs/promises';\n",
  "const config = JSON.parse(await readFile(new URL('../config/sightline.config.json', import.meta.url), 'utf8')); // resolved from this module, wherever the process starts\n",
  '```\n\n',
  'The path it tried: /home/someone/projects/sightline/packages/renderer/chat/markdown/a-very-long-folder-name/another-very-long-folder-name/index.ts\n\n',
  'Its checksum: 3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed7e6dc881de23001b\n',
];

const hotkey = 'CommandOrControl+Shift+2';

/** Conversations an earlier session saved, for the history. */
export const savedConversations: { title: string; turns: ChatTurn[] }[] = [
  { title: 'What does this stack trace mean?', turns: [] },
  {
    title:
      'Pourquoi la compilation échoue-t-elle avec « ENOENT: no such file or directory, open /home/someone/projects/sightline/config.json » ?',
    turns: [],
  },
  { title: 'Transcribe the text', turns: [] },
  { title: 'Describe it (alt text)', turns: [] },
  { title: '', turns: [] },
];

/** The user's files the app could not read. */
export const storageNotices: StorageNotice[] = [
  {
    kind: 'settings-reset',
    keptAside: '/home/someone/.config/Sightline/settings.corrupt-2025-01-01T10-00-00-000Z.json',
    reason: 'Unexpected end of JSON input at position 17 (line 1 column 18)',
  },
  {
    kind: 'conversation-unreadable',
    file: '/home/someone/.config/Sightline/history/20250101-100000-abcdef/conversation.json',
    reason: 'Expected property name or "}" in JSON at position 17',
  },
];

/** Answers come from an Ollama server. */
export const modelServerSettings: Settings = {
  ...defaultSettings(hotkey),
  backend: {
    kind: 'ollama',
    baseUrl: 'http://127.0.0.1:11434',
    model: 'llava:13b-v1.6-vicuna-q4_K_M',
    timeoutMs: 120_000,
  },
};

const model = (id: string, displayName: string, extra: Partial<ModelItem>): ModelItem => ({
  id,
  displayName,
  goodFor: {
    en: 'Screenshots of text, code and user interfaces; short answers on a laptop CPU.',
    fr: 'Captures de texte, de code et d’interfaces ; des réponses courtes sur le processeur d’un portable.',
  },
  license: 'Apache-2.0',
  dtype: 'q8',
  bytes: 512_000_000,
  installed: [],
  inUse: false,
  recommended: false,
  ...extra,
});

/** The catalog before any model is installed: a first run. */
export const modelsNoneInstalled: ModelItem[] = [
  model('smolvlm-256m', 'SmolVLM 256M Instruct', { recommended: true }),
  model('qwen2-vl-2b', 'Qwen2-VL 2B Instruct (better at small text and at non-Latin scripts)', {
    bytes: 2_100_000_000,
  }),
];

/** The catalog with the recommended model installed and in use. */
export const modelsOneInstalled: ModelItem[] = [
  model('smolvlm-256m', 'SmolVLM 256M Instruct', {
    recommended: true,
    inUse: true,
    installed: [{ dtype: 'q8', bytes: 512_000_000 }],
  }),
  model('qwen2-vl-2b', 'Qwen2-VL 2B Instruct (better at small text and at non-Latin scripts)', {
    bytes: 2_100_000_000,
    partialBytes: 700_000_000,
  }),
];
