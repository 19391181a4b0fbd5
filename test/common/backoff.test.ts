import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decideRestart,
  defaultBackoff,
  restartDelay,
  RestartPolicy,
  type BackoffOptions,
  type RestartDecision,
} from '../../common/backoff.js';

test('the delay doubles from 250 ms per crash in a row, up to 8 s', () => {
  const cases: Array<[attempt: number, delayMs: number]> = [
    [1, 250],
    [2, 500],
    [3, 1000],
    [4, 2000],
    [5, 4000],
    [6, 8000],
    [7, 8000],
    [40, 8000],
  ];
  for (const [attempt, delayMs] of cases) assert.equal(restartDelay(attempt), delayMs, `attempt ${attempt}`);
});

const s = 1000;
// Without the give-up rule, to see the delays of long runs on their own.
const patient: BackoffOptions = { ...defaultBackoff, maxCrashes: Infinity };

const table: Array<{ name: string; crashes: number[]; options?: BackoffOptions; expect: RestartDecision }> = [
  { name: 'first crash', crashes: [0], expect: { action: 'restart', delayMs: 250, attempt: 1 } },
  { name: 'second crash soon after', crashes: [0, 2 * s], expect: { action: 'restart', delayMs: 500, attempt: 2 } },
  {
    name: 'a crash-free minute starts a new run',
    crashes: [0, 1 * s, 2 * s, 62 * s],
    expect: { action: 'restart', delayMs: 250, attempt: 1 },
  },
  {
    name: 'just under the reset gap keeps counting',
    crashes: [0, 59.9 * s],
    expect: { action: 'restart', delayMs: 500, attempt: 2 },
  },
  {
    name: 'the fifth crash within a minute gives up',
    crashes: [0, 10 * s, 20 * s, 30 * s, 40 * s],
    expect: {
      action: 'give-up',
      reason: 'The engine crashed 5 times within 60 seconds, so Sightline stopped restarting it.',
    },
  },
  {
    name: 'five crashes spread over more than the window do not give up',
    crashes: [0, 20 * s, 40 * s, 60 * s, 80 * s],
    expect: { action: 'restart', delayMs: 4000, attempt: 5 },
  },
  {
    name: 'a long run is capped at 8 s',
    crashes: [0, 20 * s, 40 * s, 60 * s, 80 * s, 100 * s, 120 * s],
    options: patient,
    expect: { action: 'restart', delayMs: 8000, attempt: 7 },
  },
  {
    name: 'jitter is applied to the delay',
    crashes: [0, 1 * s],
    options: { ...defaultBackoff, jitter: (delay) => delay * 0.75 },
    expect: { action: 'restart', delayMs: 375, attempt: 2 },
  },
  {
    name: 'a custom window and count',
    crashes: [0, 100, 200],
    options: { ...defaultBackoff, maxCrashes: 3, windowMs: 1500 },
    expect: {
      action: 'give-up',
      reason: 'The engine crashed 3 times within 1.5 seconds, so Sightline stopped restarting it.',
    },
  },
];

for (const row of table) {
  test(`decideRestart: ${row.name}`, () => {
    assert.deepEqual(decideRestart(row.crashes, row.options), row.expect);
  });
}

test('RestartPolicy keeps the history: the same answers as decideRestart, and reset() forgets', () => {
  const policy = new RestartPolicy({ maxCrashes: 3, windowMs: 10 * s, resetAfterMs: 10 * s });
  assert.deepEqual(policy.crashed(0), { action: 'restart', delayMs: 250, attempt: 1 });
  assert.deepEqual(policy.crashed(1 * s), { action: 'restart', delayMs: 500, attempt: 2 });
  assert.equal(policy.crashed(2 * s).action, 'give-up');
  policy.reset();
  assert.deepEqual(policy.crashed(3 * s), { action: 'restart', delayMs: 250, attempt: 1 });
  // A crash-free stretch starts over without reset().
  assert.deepEqual(policy.crashed(30 * s), { action: 'restart', delayMs: 250, attempt: 1 });
});
