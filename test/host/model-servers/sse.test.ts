import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../../../host/model-servers/sse.js';

function parse(lines: string[]) {
  const parser = new SseParser();
  const events = lines.map((line) => parser.push(line)).filter((event) => event !== undefined);
  const tail = parser.end();
  return tail ? [...events, tail] : events;
}

test('data lines make an event at the blank line; one space after the colon is dropped', () => {
  assert.deepEqual(parse(['data: {"a":1}', '', 'data:{"b":2}', '']), [
    { event: 'message', data: '{"a":1}' },
    { event: 'message', data: '{"b":2}' },
  ]);
});

test('several data lines join with newlines; comments, ids and unknown fields are skipped', () => {
  assert.deepEqual(
    parse([': ping', 'id: 7', 'retry: 100', 'event: delta', 'data: one', 'data:  two', 'x-vendor: 1', '']),
    [{ event: 'delta', data: 'one\n two' }],
  );
});

test('a blank line without data dispatches nothing; a last event without its blank line is kept', () => {
  assert.deepEqual(parse(['', '', 'data: [DONE]']), [{ event: 'message', data: '[DONE]' }]);
});
