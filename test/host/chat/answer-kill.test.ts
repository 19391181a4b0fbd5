import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChatService } from '../../../host/chat/chat-service.js';
import { memorySettingsPort } from '../../../host/chat/chat-settings.js';
import { HistoryStore } from '../../../host/history/history-store.js';
import { askAndCollect } from '../../support/answer-events.js';
import { waitUntil } from '../../support/wait-until.js';
import { ScriptedEngine } from './scripted-engine.js';

// The process holding an answer is killed (SIGKILL: no cleanup runs) while the
// answer streams, then the app starts again on the same history.
const child = fileURLToPath(new URL('./answer-kill-child.ts', import.meta.url));

test('an answer killed mid-stream comes back after a restart with its saved text, marked interrupted; a follow-up keeps turns alternating', async (t) => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sightline-answer-kill-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const proc = spawn(process.execPath, ['--import', 'tsx', child, folder], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(proc, 'exit');
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await waitUntil(() => out.includes('\n') || proc.exitCode !== null, 'the child asked its question', 60_000);
  const id = out.trim();
  assert.match(id, /^[a-z0-9-]+$/, `the child printed a conversation id, not ${JSON.stringify(out)}`);

  // Wait until the progress on disk holds a good part of the answer, then kill.
  const progressFile = path.join(folder, id, 'answer-in-progress.json');
  const savedText = async () => {
    try {
      return (JSON.parse(await readFile(progressFile, 'utf8')) as { text: string }).text;
    } catch {
      return '';
    }
  };
  await waitUntil(async () => (await savedText()).includes('w200 '), 'the answer in progress was saved', 60_000);
  proc.kill('SIGKILL');
  assert.deepEqual(await exited, [null, 'SIGKILL']);
  const lastSaved = await savedText();

  // The conversation file was not rewritten as the answer streamed: it still ends with the question.
  const onDisk = JSON.parse(await readFile(path.join(folder, id, 'conversation.json'), 'utf8')) as {
    turns: { role: string }[];
  };
  assert.deepEqual(
    onDisk.turns.map((turn) => turn.role),
    ['user'],
  );

  // Started again.
  const engine = new ScriptedEngine();
  const service = new ChatService({
    answers: engine,
    engine,
    store: new HistoryStore(folder),
    settings: memorySettingsPort({ keepHistory: true, answerLanguage: 'question' }),
    model: { dir: '/models/tiny', name: 'Tiny', device: 'cpu' },
  });
  t.after(() => service.dispose());
  const reopened = await service.openConversation(id);
  const answer = reopened.turns.at(-1);
  assert.equal(answer?.role, 'assistant');
  assert.equal(answer.role === 'assistant' && answer.outcome, 'interrupted');
  assert.equal(answer.text, lastSaved, 'the answer shows exactly what was saved');
  assert.match(answer.text, /^w0 w1 w2 .*w200 /);

  // A follow-up: question, interrupted answer, question, answer — never two questions in a row.
  await askAndCollect(service, { answerId: 'a2', conversationId: id, mode: 'ask', question: 'And then?' });
  const after = await service.openConversation(id);
  assert.deepEqual(
    after.turns.map((turn) => (turn.role === 'user' ? 'user' : `assistant:${turn.outcome}`)),
    ['user', 'assistant:interrupted', 'user', 'assistant:eos'],
  );
  assert.equal(after.turns[1]?.text, lastSaved);
  // The engine heard the interrupted answer as part of the conversation.
  assert.deepEqual(
    engine.requests[0]?.turns.map((turn) => turn.role),
    ['user', 'assistant', 'user'],
  );
});
