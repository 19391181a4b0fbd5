// The app's chat service in a process of its own, answering from an engine that
// streams "w0 w1 w2 …" without end, for the test that kills it mid-answer
// (answer-kill.test.ts). Prints the conversation's id once the question is asked.
// Usage: node --import tsx answer-kill-child.ts <history-folder>
import type { AnswerEvent } from '../../../common/engine-protocol.js';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { testPng } from '../../support/images.js';
import { ScriptedEngine } from './scripted-engine.js';

const [folder] = process.argv.slice(2);
if (!folder) throw new Error('usage: answer-kill-child.ts <history-folder>');

const engine = new ScriptedEngine();
// Far more words than the test waits for: the answer is still streaming when the kill comes.
engine.script = (): AnswerEvent[] => Array.from({ length: 100_000 }, (_, i) => ({ type: 'delta', text: `w${i} ` }));
const service = new ChatService({
  answers: engine,
  engine,
  store: new HistoryStore(folder),
  settings: memorySettingsPort({ keepHistory: true, answerLanguage: 'question' }),
  model: { dir: '/models/tiny', name: 'Tiny', device: 'cpu' },
});
const capture = await service.openCapture(await testPng(32, 16));
await service.ask({ answerId: 'a1', conversationId: capture.id, mode: 'ask', question: 'What is this?' }, () => {});
process.stdout.write(`${capture.id}\n`);
