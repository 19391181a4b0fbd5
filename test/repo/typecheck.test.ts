import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bin, run } from '../support/repo.js';

// Node code is checked without the DOM lib and page code without Node's types,
// so a browser global in the engine or a Node API in a page fails here too.
for (const config of ['tsconfig.node.json', 'tsconfig.dom.json', 'tsconfig.test.json']) {
  test(`strict typecheck passes: ${config}`, async () => {
    const result = await run(bin('tsc'), ['-p', config]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });
}
