import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyQuestion,
  Conversation,
  engineQuestion,
  type ChatTurn,
  type LaterCapture,
} from '../../common/conversation.js';
import { captureAt, laterCapturesBefore, withLaterCapture } from '../../common/conversation-captures.js';

// A conversation's later captures: how they are stored (old conversations
// still parse), which capture each question is about, where each shows in
// the thread, and the turn the engine puts its image with.

const base: Conversation = {
  version: 1,
  id: 'conv-000001',
  title: '',
  createdAt: 1,
  updatedAt: 1,
  capture: { width: 800, height: 600, bytes: 1000 },
  turns: [],
};
const closer: LaterCapture = {
  width: 200,
  height: 100,
  bytes: 300,
  origin: 'closer-look',
  at: 10,
  from: { capture: 0, rect: { x: 40, y: 30, width: 200, height: 100 } },
};
const again: LaterCapture = { width: 800, height: 600, bytes: 900, origin: 'repeat', at: 20 };
const answered = (text: string, at: number): ChatTurn => ({ role: 'assistant', text, outcome: 'eos', at });

test('a conversation saved before later captures existed still parses; one with them round-trips', () => {
  const old = JSON.parse(JSON.stringify({ ...base, turns: [{ role: 'user', text: 'Q', at: 2 }] })) as unknown;
  assert.equal(Conversation.safeParse(old).success, true);
  const withCaptures = withLaterCapture(withLaterCapture(base, closer), again);
  const parsed = Conversation.parse(JSON.parse(JSON.stringify(withCaptures)));
  assert.deepEqual(parsed.laterCaptures, [closer, again]);
  assert.equal(parsed.updatedAt, 20);
  assert.deepEqual(captureAt(parsed, 0), base.capture);
  assert.deepEqual(captureAt(parsed, 2), again);
  assert.equal(captureAt(parsed, 3), undefined);
  assert.equal(captureAt(parsed, -1), undefined);
});

test('a later capture with a region that is not whole pixels, or an unknown origin, is refused', () => {
  const bad = (later: unknown) => Conversation.safeParse({ ...base, laterCaptures: [later] }).success;
  assert.equal(bad({ ...closer, from: { capture: 0, rect: { x: 0.5, y: 0, width: 10, height: 10 } } }), false);
  assert.equal(bad({ ...closer, from: { capture: 0, rect: { x: 0, y: 0, width: 0, height: 10 } } }), false);
  assert.equal(bad({ ...again, origin: 'pasted' }), false);
  assert.equal(
    Conversation.safeParse({ ...base, turns: [{ role: 'user', text: 'Q', capture: 0, at: 1 }] }).success,
    false,
    'capture 0 is written as no capture at all',
  );
});

test('a new question is about the latest capture; an edited one stays about its own', () => {
  const asked = (conversation: Conversation, question: string, mode: 'ask' | 'edit' = 'ask') => {
    const applied = applyQuestion(conversation, { answerId: 'a', conversationId: base.id, mode, question }, 5);
    assert.ok(applied.ok);
    return applied.conversation;
  };
  const first = asked(base, 'Q1');
  const q1 = first.turns.at(-1);
  assert.equal(q1?.role === 'user' && q1.capture, undefined);
  const later = withLaterCapture({ ...first, turns: [...first.turns, answered('A1', 6)] }, closer);
  const second = asked(later, 'Q2');
  const q2 = second.turns.at(-1);
  assert.equal(q2?.role === 'user' && q2.capture, 1);
  // A capture added while Q2 waits: editing Q2 keeps it about capture 1.
  const edited = asked(withLaterCapture(second, again), 'Q2 again', 'edit');
  const q2edited = edited.turns.at(-1);
  assert.equal(q2edited?.role === 'user' && q2edited.capture, 1);
});

test('the engine gets the latest capture with the first question about it, earlier turns as text', () => {
  const turns: ChatTurn[] = [
    { role: 'user', text: 'Q1', at: 2 },
    answered('A1', 3),
    { role: 'user', text: 'Q2', capture: 1, at: 12 },
    { role: 'assistant', text: '', outcome: 'error', error: 'x', at: 13 },
    { role: 'user', text: 'Q2 again', capture: 1, at: 14 },
    answered('A2', 15),
    { role: 'user', text: 'Q3', capture: 1, at: 16 },
  ];
  const conversation = withLaterCapture({ ...base, turns }, closer);
  const question = engineQuestion(conversation, 'en');
  assert.equal(question.capture, 1);
  // The failed pair is left out: the image goes with "Q2 again", the first question about it the engine sees.
  assert.deepEqual(
    question.turns.map((turn) => turn.text.split('\n\n').at(-1)),
    ['Q1', 'A1', 'Q2 again', 'A2', 'Q3'],
  );
  assert.equal(question.imageTurn, 2);
  // A conversation about its first capture only: as before.
  const plain: ChatTurn[] = [
    { role: 'user', text: 'Q1', at: 2 },
    answered('A1', 3),
    { role: 'user', text: 'Q2', at: 4 },
  ];
  assert.equal(engineQuestion({ ...base, turns: plain }, 'en').imageTurn, 0);
});

test('later captures show before the first question about them, or at the end', () => {
  const turns: ChatTurn[] = [
    { role: 'user', text: 'Q1', at: 2 },
    answered('A1', 3),
    { role: 'user', text: 'Q2', capture: 2, at: 30 },
    answered('A2', 31),
  ];
  // Capture 1 got no question (capture 2 came before one was asked): both show before Q2.
  const conversation = withLaterCapture(withLaterCapture({ ...base, turns }, closer), again);
  assert.deepEqual([...laterCapturesBefore(conversation)], [[2, [1, 2]]]);
  const waiting = withLaterCapture({ ...base, turns: turns.slice(0, 2) }, closer);
  assert.deepEqual([...laterCapturesBefore(waiting)], [[2, [1]]]);
  assert.deepEqual([...laterCapturesBefore(base)], []);
});
