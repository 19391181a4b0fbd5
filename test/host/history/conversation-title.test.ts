import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatTurn, Conversation } from '../../../common/conversation.js';
import {
  conversationTitle,
  maxTitleChars,
  titleFromAnswer,
  titleFromCaptureText,
} from '../../../host/history/conversation-title.js';

// What the history's list calls each conversation: what it is about, drawn
// from its content, never the quick action's prompt that every such
// conversation starts with.
const explainPrompt = 'Explain this error: what does it mean, what is the likely cause, and how do I fix it?';

function conversation(turns: ChatTurn[], title = turns.find((turn) => turn.role === 'user')?.text ?? ''): Conversation {
  return {
    version: 1,
    id: 'lz1abc-0123456789ab',
    title,
    createdAt: 1,
    updatedAt: 2,
    capture: { width: 640, height: 400, bytes: 1000 },
    turns,
  };
}

const question = (text: string, action?: 'explain-error'): ChatTurn => ({
  role: 'user',
  text,
  ...(action ? { action } : {}),
  at: 1,
});
const answer = (text: string, outcome: 'eos' | 'error' = 'eos'): ChatTurn => ({
  role: 'assistant',
  text,
  outcome,
  at: 2,
});

test('a conversation is titled by the first sentence of its first answer, not by the quick action it started with', () => {
  const saved = conversation([
    question(explainPrompt, 'explain-error'),
    answer('**ENOENT** means the file `config.json` was not found. Check the path.\n\n```\nls -la\n```'),
  ]);
  assert.equal(saved.title, explainPrompt, 'saved by an earlier version: its title is its question');
  assert.equal(conversationTitle(saved, undefined), 'ENOENT means the file config.json was not found');
});

test('markdown is taken out of an answer: headings give way to prose, code, tables and lead-ins are left out', () => {
  assert.equal(
    titleFromAnswer('## Summary\n\nThe image shows a [login form](https://x.test) whose *Submit* button is disabled.'),
    'A login form whose Submit button is disabled',
  );
  assert.equal(
    titleFromAnswer('```js\nconst a = 1;\n```\n- The variable `a` is never used.'),
    'The variable a is never used',
  );
  assert.equal(
    titleFromAnswer('| a | b |\n|---|---|\n\n> Quote: my_var_name stays whole!'),
    'Quote: my_var_name stays whole!',
  );
  assert.equal(titleFromAnswer("L'image montre une boîte de dialogue d'erreur."), "Une boîte de dialogue d'erreur");
  assert.equal(titleFromAnswer('# Only a heading'), 'Only a heading');
  assert.equal(titleFromAnswer('   \n```\ncode only\n```'), '');
});

test('a long first sentence is cut between words to about one line, with an ellipsis', () => {
  const title = titleFromAnswer(`${'word '.repeat(40)}end.`);
  assert.ok(title.length <= maxTitleChars, title);
  assert.match(title, /^word( word)+…$/);
});

test('with no answer yet, the capture text titles it; then a typed question; a quick action alone gives no title', () => {
  const unanswered = conversation([question(explainPrompt, 'explain-error')]);
  const captureText = 'Error\nThe file could not be opened because it is in use.\nOK';
  assert.equal(conversationTitle(unanswered, captureText), 'The file could not be opened because it is in use');
  assert.equal(conversationTitle(unanswered, undefined), '', 'the page names it by its action instead');
  assert.equal(conversationTitle(conversation([question('Why is this red?')]), undefined), 'Why is this red?');
  // A failed answer says nothing about the capture.
  const failed = conversation([question('What is it?'), answer('The engine stopped.', 'error')]);
  assert.equal(conversationTitle(failed, 'Full\nThere is no space left.'), 'There is no space left');
  assert.equal(conversationTitle(conversation([]), undefined), '');
});

test('a capture text title passes over lines that are not words', () => {
  assert.equal(
    titleFromCaptureText('12:04\n* \nTerminal\nnpm ERR! missing script: build'),
    'npm ERR! missing script: build',
  );
  assert.equal(titleFromCaptureText('Settings'), 'Settings');
  assert.equal(titleFromCaptureText('42\n---'), '');
});
