import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lexer, type Token, type Tokens } from 'marked';
import {
  MarkdownStream,
  parseMarkdown,
  tailLimit,
  type MarkdownSnapshot,
} from '../../../../renderer/chat/markdown/stream.js';
import { decodeEntities } from '../../../../renderer/chat/markdown/entities.js';
import { plainText } from '../../../../renderer/chat/markdown/plain-text.js';
import { maxNesting } from '../../../../renderer/chat/markdown/bounded-lexer.js';
import { deepKinds, hostileDepth, nested } from './deep-markdown.js';
import { markdownTokens, sampleAnswer } from './sample-answer.js';

// The streaming parser runs under Node here: what it builds must match a
// whole-document parse, and the work per frame must not grow with the answer.

function blocks(snapshot: MarkdownSnapshot): Token[] {
  return [...snapshot.chunks.flat().map((block) => block.token), ...snapshot.tail];
}

function shape(tokens: readonly Token[]): Array<[string, string]> {
  // Blank lines between blocks may end up in either block's raw text.
  return tokens.filter((t) => t.type !== 'space' && t.type !== 'def').map((t) => [t.type, t.raw.replace(/\n+$/, '')]);
}

const documents = [
  sampleAnswer(600),
  '# Title\r\n\r\nLine one\r\nline two\r\n\r\n- a\r\n- b\r\n',
  'Intro\n```js\nconst a = 1;\n\n```\nAfter the fence.\n\n~~~\nraw ``` inside\n~~~\n',
  '> quote\nlazy continuation\n\n1. one\n2. two\n\n   indented para in item\n\n| x | y |\n|:-|-:|\n| 1 | 2 |\n',
  'Paragraph ending in a setext heading\n===\n\n    indented code\n\ntext',
];

test('streamed in any chunking, the blocks are the whole-document parse', () => {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const document of documents) {
    const expected = shape(Lexer.lex(document.replace(/\r\n?/g, '\n'), { gfm: true }));
    for (let run = 0; run < 12; run++) {
      const stream = new MarkdownStream();
      let at = 0;
      while (at < document.length) {
        const size = 1 + Math.floor(random() * (run % 3 === 0 ? 3 : 24));
        stream.append(document.slice(at, at + size));
        at += size;
        if (random() < 0.6) stream.snapshot();
      }
      const final = stream.finish();
      assert.deepEqual(shape(blocks(final)), expected, `run ${run} of ${JSON.stringify(document.slice(0, 40))}`);
      assert.equal(stream.text, document.replace(/\r\n?/g, '\n'));
      assert.equal(final.open, undefined);
      assert.equal(final.tail.length, 0);
    }
  }
});

test('completed blocks are lexed once: the work per frame stays flat as the answer grows', () => {
  const tokens = markdownTokens(8000);
  const stream = new MarkdownStream();
  let worst = 0;
  const perThousand: number[] = [];
  let lexedBefore = 0;
  tokens.forEach((token, i) => {
    stream.append(token);
    stream.snapshot();
    worst = Math.max(worst, stream.lastLexedChars);
    if ((i + 1) % 1000 === 0) {
      perThousand.push(stream.lexedChars - lexedBefore);
      lexedBefore = stream.lexedChars;
    }
  });
  assert.ok(worst <= 2 * tailLimit, `one frame lexed ${worst} characters`);
  // The last thousand tokens cost about what the first thousand did.
  const first = perThousand[0]!;
  const last = perThousand.at(-1)!;
  assert.ok(last < first * 1.5, `lexed per 1000 tokens: ${perThousand.join(', ')}`);
});

test('frozen chunks keep their identity from frame to frame', () => {
  const stream = new MarkdownStream();
  stream.append(sampleAnswer(6000));
  const before = stream.snapshot();
  assert.ok(before.chunks.length >= 2);
  stream.append(' more words');
  const after = stream.snapshot();
  assert.notEqual(after, before);
  for (let i = 0; i < before.chunks.length - 1; i++) assert.equal(after.chunks[i], before.chunks[i]);
  assert.equal(stream.snapshot(), after, 'nothing appended: the same snapshot');
});

test('an open code fence is not lexed again on every token, and shows in fixed segments', () => {
  const stream = new MarkdownStream();
  stream.append('Here:\n\n```python\n');
  for (let i = 0; i < 3000; i++) {
    stream.append(`print(${i})\n`);
    stream.snapshot();
    assert.ok(stream.lastLexedChars < 64, `lexed ${stream.lastLexedChars} characters inside the fence`);
  }
  const open = stream.snapshot().open;
  assert.ok(open);
  assert.equal(open.lang, 'python');
  assert.ok(open.segments.length > 5);
  assert.ok(open.rest.length <= 4096);
  assert.equal(open.segments.join('') + open.rest, Array.from({ length: 3000 }, (_, i) => `print(${i})\n`).join(''));
  stream.append('```\nDone.');
  const closed = stream.finish();
  const code = blocks(closed).find((token): token is Tokens.Code => token.type === 'code');
  assert.equal(code?.lang, 'python');
  assert.equal(code?.text.split('\n').length, 3000);
  assert.equal(blocks(closed).at(-1)?.type, 'paragraph');
});

test('an unterminated fence ends the answer as a code block', () => {
  const final = new MarkdownStream('```\n<script>alert(1)</script>\nstill code', true).snapshot();
  assert.deepEqual(
    blocks(final).map((token) => [token.type, (token as Tokens.Code).text]),
    [['code', '<script>alert(1)</script>\nstill code']],
  );
});

test('a 5 MB single line is cut into blocks and lexed in bounded pieces', () => {
  const stream = new MarkdownStream();
  const line = 'x'.repeat(5 * 1024 * 1024);
  stream.append(line);
  const snapshot = stream.snapshot();
  assert.ok(stream.lastLexedChars <= line.length * 2.1, `lexed ${stream.lastLexedChars}`);
  const text = blocks(snapshot)
    .map((token) => token.raw)
    .join('');
  assert.equal(text, line);
  stream.append('y');
  stream.snapshot();
  assert.ok(stream.lastLexedChars <= 2 * tailLimit);
});

test('character references decode to text, never markup', () => {
  assert.equal(
    decodeEntities('a &amp; b &lt;img&gt; &#65;&#x42; &copy; &bogus; &#xD800;'),
    'a & b <img> AB © &bogus; \ufffd',
  );
});

test('the plain text for screen readers keeps the words and drops the marks', () => {
  const snapshot = parseMarkdown(
    '# Title\n\n**Bold** and `code` and [a link](https://example.com).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- two\n\n```js\nx();\n```',
  );
  assert.equal(plainText(snapshot), 'Title\nBold and code and a link.\na, b\n1, 2\ndone\ntwo\nx();');
});

/** Levels of nesting on the deepest path: quotes and list items, emphasis and links. */
function nesting(token: Token): number {
  const own = ['blockquote', 'list_item', 'em', 'strong', 'del', 'link'].includes(token.type) ? 1 : 0;
  const children = token.type === 'list' ? (token as Tokens.List).items : ((token as Tokens.Generic).tokens ?? []);
  return own + children.reduce((deepest, child) => Math.max(deepest, nesting(child)), 0);
}

test('nesting up to the limit renders as such; one level more makes the block plain text, with its raw text', () => {
  for (const kind of deepKinds) {
    const [atLimit, past] = [maxNesting, maxNesting + 1].map((depth) =>
      blocks(parseMarkdown(`Before.\n\n${nested(kind, depth)}\n\nAfter.`)),
    );
    assert.deepEqual(
      atLimit!.map((token) => token.type),
      ['paragraph', kind === 'emphasis' ? 'paragraph' : kind.includes('quote') ? 'blockquote' : 'list', 'paragraph'],
      kind,
    );
    assert.equal(nesting(atLimit![1]!), maxNesting, kind);
    assert.deepEqual(
      past!.map((token) => token.type),
      ['paragraph', 'plain', 'paragraph'],
      kind,
    );
    assert.equal((past![1] as Tokens.Generic).text, nested(kind, maxNesting + 1), kind);
  }
});

test('markdown nested thousands of levels deep parses, whole or streamed, without overflowing the stack', () => {
  for (const kind of deepKinds) {
    const deep = nested(kind, hostileDepth[kind]);
    const document = `Before **this**.\n\n${deep}\n\nAfter.`;
    const whole = parseMarkdown(document);
    assert.deepEqual(
      blocks(whole).map((token) => [token.type, token.type === 'plain' ? token.text : token.raw.trim()]),
      [
        ['paragraph', 'Before **this**.'],
        ['plain', deep],
        ['paragraph', 'After.'],
      ],
      kind,
    );
    // A frame's worth of text at a time: every partial nesting is lexed on the way.
    const stream = new MarkdownStream();
    for (let at = 0; at < document.length; at += 256) {
      stream.append(document.slice(at, at + 256));
      stream.snapshot();
    }
    assert.deepEqual(shape(blocks(stream.finish())), shape(blocks(whole)), kind);
    assert.equal(plainText(whole), `Before this.\n${deep}\nAfter.`, kind);
  }
});
