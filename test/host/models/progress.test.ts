import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressTracker, type PullProgress } from '../../../host/models/progress.js';

// A pull's progress as the user sees it: bytes done, speed and time left.
test('progress: rate over the window, ETA from it, resumed bytes done but not counted as speed', () => {
  let now = 0;
  const events: PullProgress[] = [];
  const tracker = new ProgressTracker({ id: 'm', dtype: 'q8' }, (p) => events.push(p), {
    now: () => now,
    minIntervalMs: 0,
  });
  tracker.setTotal(10_000);
  tracker.setPhase('downloading');
  tracker.setFileBytes('a', 4_000); // resumed from an earlier run
  assert.equal(tracker.snapshot().bytesDone, 4_000);
  assert.equal(tracker.snapshot().bytesPerSecond, 0);
  assert.equal(tracker.snapshot().etaSeconds, undefined);
  for (let i = 1; i <= 10; i++) {
    now += 100;
    tracker.setFileBytes('a', 4_000 + i * 100); // 1000 bytes/s
  }
  const snap = tracker.snapshot();
  assert.equal(snap.bytesDone, 5_000);
  assert.ok(Math.abs(snap.bytesPerSecond - 1_000) < 1, String(snap.bytesPerSecond));
  assert.ok(Math.abs(snap.etaSeconds! - 5) < 0.01);
  assert.equal(snap.file, 'a');
  // A server that ignores Range: bytes go down, then up again, and the total stays right.
  tracker.setFileBytes('a', 0);
  assert.equal(tracker.snapshot().bytesDone, 0);
  tracker.setFileBytes('b', 10_000);
  assert.equal(tracker.snapshot().bytesDone, 10_000);
  assert.equal(tracker.snapshot().etaSeconds, 0);
});

test('progress events are throttled but phase changes always go out', () => {
  let now = 0;
  const events: PullProgress[] = [];
  const tracker = new ProgressTracker({ id: 'm', dtype: 'q8' }, (p) => events.push(p), { now: () => now });
  tracker.setPhase('downloading');
  for (let i = 0; i < 50; i++) {
    now += 10;
    tracker.setFileBytes('a', i);
  }
  tracker.setPhase('installing');
  assert.ok(events.length <= 8, `${events.length} events`);
  assert.equal(events.at(-1)!.phase, 'installing');
});
