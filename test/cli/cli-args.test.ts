import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAskArgs } from '../../cli/cli-args.js';
import { UsageError } from '../../cli/command-line.js';

// The model-server timeouts as `sightline ask` takes them, in seconds.
const server = ['ask', '--backend', 'ollama', '--base-url', 'http://127.0.0.1:11434', '--remote-model', 'm'];

function timeouts(...flags: string[]) {
  const options = parseAskArgs([...server, ...flags, '--image', 'shot.png', 'Hi']);
  if (options === 'help' || !options.remote) throw new Error('expected a model server');
  return { firstByte: options.remote.firstByteTimeoutMs, idle: options.remote.timeoutMs };
}

test('the first-byte and idle timeouts have their own flags and defaults; --timeout still sets both', () => {
  assert.deepEqual(timeouts(), { firstByte: 30_000, idle: 120_000 });
  assert.deepEqual(timeouts('--first-byte-timeout', '5', '--idle-timeout', '45'), { firstByte: 5_000, idle: 45_000 });
  assert.deepEqual(timeouts('--timeout', '600'), { firstByte: 600_000, idle: 600_000 });
  assert.deepEqual(timeouts('--timeout', '600', '--first-byte-timeout', '10'), { firstByte: 10_000, idle: 600_000 });
  assert.throws(() => timeouts('--first-byte-timeout', 'soon'), UsageError);
  assert.throws(() => timeouts('--idle-timeout', '0'), /Bad server setting/);
});
