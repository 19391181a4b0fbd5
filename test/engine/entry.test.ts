import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { EngineToHost } from '../../common/engine-protocol.js';
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
