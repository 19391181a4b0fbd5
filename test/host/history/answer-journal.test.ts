import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnswerProgress } from '../../../common/conversation.js';
import { AnswerJournal } from '../../../host/history/answer-journal.js';
import { waitUntil } from '../../support/wait-until.js';

test('the first text is saved at once; more text waits for the interval, and close() writes nothing more', async () => {
  const saved: AnswerProgress[] = [];
  const journal = new AnswerJournal({
    save: async (progress) => void saved.push(progress),
    questionAt: 42,
    // An hour: nothing after the first snapshot can be due before close().
    intervalMs: 3_600_000,
    now: () => 1000,
  });
  journal.add('Hello');
  await waitUntil(() => saved.length === 1, 'the first snapshot was saved');
  for (let i = 0; i < 1000; i++) journal.add(` word${i}`);
  await journal.close();
  assert.deepEqual(saved, [{ questionAt: 42, text: 'Hello', savedAt: 1000 }]);
});

test('every snapshot holds all the text so far, one write at a time, and the last one catches up', async () => {
  const saved: string[] = [];
  let writing = 0;
  let overlapped = false;
  const journal = new AnswerJournal({
    save: async (progress) => {
      writing += 1;
      overlapped ||= writing > 1;
      await new Promise((resolve) => setImmediate(resolve));
      saved.push(progress.text);
      writing -= 1;
    },
    questionAt: 1,
    intervalMs: 0,
  });
  let text = '';
  for (let i = 0; i < 50; i++) {
    text += `w${i} `;
    journal.add(`w${i} `);
    if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await waitUntil(() => saved.at(-1) === text, 'the whole text was saved');
  await journal.close();
  assert.equal(overlapped, false, 'writes never overlap');
  for (const snapshot of saved) assert.ok(text.startsWith(snapshot), 'each snapshot is a prefix of the answer');
  assert.ok(saved.length < 50, `snapshots are not one per delta (${saved.length})`);
});

test('a failed write is tried again with the text that came since', async () => {
  const saved: string[] = [];
  let fail = true;
  const journal = new AnswerJournal({
    save: async (progress) => {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      saved.push(progress.text);
    },
    questionAt: 1,
    intervalMs: 0,
  });
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.join(' '));
  try {
    journal.add('one');
    await waitUntil(() => errors.length === 1, 'the failure was reported');
    journal.add(' two');
    await waitUntil(() => saved.at(-1) === 'one two', 'the text was saved after the failure');
  } finally {
    console.error = original;
    await journal.close();
  }
  assert.match(String(errors[0]), /could not save the answer in progress: disk full/);
});
