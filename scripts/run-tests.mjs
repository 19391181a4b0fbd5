// Runs every test/**/*.test.ts with Node's test runner (TypeScript through tsx)
// and ends the output with the line CI reads: "N passed, N failed".
// Usage: node scripts/run-tests.mjs [path-filter ...]
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);

async function findTests(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') files.push(...(await findTests(full)));
    else if (entry.isFile() && /\.test\.tsx?$/.test(entry.name)) files.push(path.relative(root, full));
  }
  return files.sort();
}

const files = (await findTests(path.join(root, 'test'))).filter(
  (file) => filters.length === 0 || filters.some((filter) => file.includes(filter)),
);
if (files.length === 0) {
  console.error(`No test files match ${filters.join(' ') || 'test/**/*.test.ts'}.`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// A test that never settles fails after five minutes, naming itself, instead of holding
// CI until its 90 minutes run out. The longest test takes about 30 s on a busy 2-core machine.
const perTestTimeoutMs = 5 * 60_000;

// Two test files at a time, whatever the machine: Node's default (one fewer than
// the cores) runs them one by one on a 2-core machine, where most files wait on
// Chromium, an engine child or a display. Two took the suite from 723 s to 585 s
// beside a busy process on such a machine, with the same results.
const concurrency = 2;

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    `--test-timeout=${perTestTimeoutMs}`,
    '--test-reporter',
    './scripts/test-reporter.mjs',
    ...files,
  ],
  { cwd: root, stdio: 'inherit' },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
