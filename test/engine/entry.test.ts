import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { EngineToHost, ReadTextReply } from '../../common/engine-protocol.js';
import { parseFrame } from '../../common/engine-wire.js';
import { testPng } from '../support/images.js';
import { distDir, repoRoot, requireBuild } from '../support/repo.js';

// The engine runs as a plain Node child process here, as in the CLI and the
// benchmark; in the app the same code runs as an Electron utility process.
async function talkToEngine(entry: string, execArgv: string[], messages: unknown[]): Promise<EngineToHost[]> {
  const child = fork(entry, [], { cwd: repoRoot, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const replies: EngineToHost[] = [];
  try {
    for (const message of messages) {
      child.send(message as object);
      const [reply] = (await once(child, 'message')) as [unknown];
      replies.push(EngineToHost.parse(reply));
    }
  } finally {
    child.kill();
  }
  return replies;
}

test('the engine answers hello with the runtime it runs on', async () => {
  const [reply] = await talkToEngine(path.join(repoRoot, 'engine/entry.ts'), ['--import', 'tsx'], [{ type: 'hello' }]);
  assert.equal(reply?.type, 'ready');
  assert.ok(reply?.type === 'ready');
  assert.equal(reply.runtime.onnxruntime, '1.30.0');
  assert.equal(reply.runtime.node, process.versions.node);
});

test('the built engine entry runs under plain Node', async () => {
  requireBuild();
  const [reply] = await talkToEngine(path.join(distDir, 'engine/entry.js'), [], [{ type: 'hello' }]);
  assert.equal(reply?.type, 'ready');
});

test('a malformed message gets a protocol error and the engine stays up', async () => {
  const replies = await talkToEngine(
    path.join(repoRoot, 'engine/entry.ts'),
    ['--import', 'tsx'],
    [{ type: 'launch-missiles' }, { type: 'hello' }],
  );
  assert.equal(replies[0]?.type, 'protocol-error');
  assert.match(replies[0]?.type === 'protocol-error' ? replies[0].message : '', /type/);
  assert.equal(replies[1]?.type, 'ready');
});

test('an engine whose host went away after reading a capture’s text exits by itself', async () => {
  const child = fork(path.join(repoRoot, 'engine/entry.ts'), [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit');
  try {
    child.send({ ch: 'r1', msg: { type: 'read-text', image: { kind: 'bytes', bytes: await testPng(160, 60) } } });
    const [raw] = (await once(child, 'message')) as [unknown];
    const frame = parseFrame(raw);
    assert.ok(frame && 'msg' in frame, JSON.stringify(raw));
    assert.equal(ReadTextReply.parse(frame.msg).type, 'text-read');
    // The text layer's models are loaded now; the host goes away.
    child.disconnect();
    const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
});
