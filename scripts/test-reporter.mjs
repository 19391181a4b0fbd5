// A compact reporter for Node's test runner: one line per test, failures in
// full, and a last line "N passed, N failed[, N skipped]" that CI reads.
import path from 'node:path';
import { inspect } from 'node:util';

function formatError(error) {
  const cause = error?.cause ?? error;
  if (cause instanceof Error) return cause.stack ?? cause.message;
  return inspect(cause, { depth: 4 });
}

export default async function* reporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  const filesWithFailures = new Set();
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:stderr' || type === 'test:stdout') {
      yield data.message;
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    // Suites (describe blocks) and whole files are containers, not tests.
    if (data.details?.type === 'suite') continue;
    const indent = '  '.repeat(data.nesting);
    const ms = data.details?.duration_ms === undefined ? '' : ` (${Math.round(data.details.duration_ms)} ms)`;
    if (data.skip !== undefined || data.todo !== undefined) {
      skipped += 1;
      const why =
        typeof data.skip === 'string' ? `: ${data.skip}` : typeof data.todo === 'string' ? `: ${data.todo}` : '';
      yield `${indent}- ${data.name} (skipped${why})\n`;
    } else if (type === 'test:pass') {
      passed += 1;
      yield `${indent}✔ ${data.name}${ms}\n`;
    } else {
      // A parent fails with its failing subtests, and a test file with its failing
      // tests: count each failure once. A file that fails on its own (a crash
      // before any test ran) still counts.
      if (data.details?.error?.failureType === 'subtestsFailed') continue;
      const isFileLevel = data.file && (data.name === data.file || path.resolve(data.name) === data.file);
      if (isFileLevel && filesWithFailures.has(data.file)) continue;
      if (data.file) filesWithFailures.add(data.file);
      failed += 1;
      const where = data.file ? ` [${data.file}]` : '';
      failures.push(`✖ ${data.name}${where}\n${formatError(data.details?.error)}\n`);
      yield `${indent}✖ ${data.name}${ms}\n`;
    }
  }
  if (failures.length > 0) yield `\nFailures:\n\n${failures.join('\n')}\n`;
  yield `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
}
