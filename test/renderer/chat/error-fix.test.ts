import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixOf } from '../../../renderer/chat/ErrorFix.js';

// Which button fixes which error (the page shows it beside "Try again").
test('errors with a fix get it: download, settings, the server check, the CPU for a chosen GPU', () => {
  assert.equal(fixOf('no-model', 'auto'), 'download-model');
  assert.equal(fixOf('model-missing', 'auto'), 'download-model');
  assert.equal(fixOf('model-corrupt', 'auto'), 'open-settings');
  for (const code of ['remote-unreachable', 'remote-timeout', 'remote-no-vision', 'remote-refused'] as const) {
    assert.equal(fixOf(code, 'auto'), 'check-server', code);
  }
  assert.equal(fixOf('engine-crashed', 'gpu'), 'switch-to-cpu');
  assert.equal(fixOf('engine-crashed', 'auto'), undefined, 'auto falls back to the CPU by itself');
  assert.equal(fixOf('prompt-too-long', 'gpu'), undefined);
});
