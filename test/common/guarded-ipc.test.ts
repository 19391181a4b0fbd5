import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { guardInvoke, guardSend, IpcRefused } from '../../common/guarded-ipc.js';

// What every IPC handler in main does before acting, with fake senders.
const schemas = {
  request: z.object({ text: z.string().check(z.maxLength(10)) }),
  reply: z.object({ length: z.number() }),
};
const chat = { frameUrl: 'app://chat/index.html', id: 1 };

test('a page of ours, on its own channel, with a valid payload, is answered', async () => {
  const handler = guardInvoke('chat:measure', 'chat', schemas, ({ text }) => ({ length: text.length }));
  assert.deepEqual(await handler(chat, { text: 'hello' }), { length: 5 });
});

test('a wrong sender is refused before the handler runs', async () => {
  let ran = false;
  const handler = guardInvoke('chat:measure', 'chat', schemas, () => {
    ran = true;
    return { length: 0 };
  });
  for (const frameUrl of [
    'https://evil.example/',
    'file:///tmp/x.html',
    'app://overlay/index.html',
    'about:blank',
    undefined,
  ]) {
    await assert.rejects(handler({ frameUrl, id: 2 }, { text: 'hi' }), IpcRefused, String(frameUrl));
  }
  await assert.rejects(
    handler({ frameUrl: 'https://evil.example/', id: 2 }, { text: 'hi' }),
    /is not Sightline's chat page/,
  );
  assert.equal(ran, false);
});

test('a malformed payload is refused with the reason', async () => {
  const handler = guardInvoke('chat:measure', 'chat', schemas, () => ({ length: 0 }));
  await assert.rejects(
    handler(chat, { text: 'far too long for this' }),
    /Refused chat:measure: malformed payload \(text: /,
  );
  await assert.rejects(handler(chat, 'text'), /malformed payload/);
  await assert.rejects(handler(chat, undefined), /malformed payload/);
});

test('a reply main got wrong is caught, not sent', async () => {
  const handler = guardInvoke(
    'chat:measure',
    'chat',
    schemas,
    () => ({ length: 'five' }) as unknown as { length: number },
  );
  await assert.rejects(handler(chat, { text: 'x' }), /malformed reply/);
});

test('one-way messages: refused ones are reported, never acted on', () => {
  const received: string[] = [];
  const handler = guardSend('overlay:cancel', ['overlay'], z.undefined(), () => received.push('cancel'));
  assert.equal(handler({ frameUrl: 'app://overlay/index.html', id: 3 }, undefined), undefined);
  assert.ok(handler(chat, undefined) instanceof IpcRefused);
  assert.ok(handler({ frameUrl: 'app://overlay/index.html', id: 3 }, { sneaky: true }) instanceof IpcRefused);
  assert.deepEqual(received, ['cancel']);
});
