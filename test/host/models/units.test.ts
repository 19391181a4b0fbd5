import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseContentRange } from '../../../host/models/download-file.js';
import { isExternalDataOf } from '../../../host/models/download-plan.js';
import { ContentHasher } from '../../../host/models/file-hash.js';
import { formatBytes, formatDuration } from '../../../host/models/format.js';
import { hubHeaders, hubOptionsFromEnv, resolveUrl, treeUrl } from '../../../host/models/hub-config.js';
import { nextPage } from '../../../host/models/hub-listing.js';
import { retryDelay, TransientError, withRetries, defaultRetryPolicy } from '../../../host/models/http-retry.js';
import { defaultModelsRoot, modelsRootIn, parseStagingName } from '../../../host/models/layout.js';
import { ProgressTracker, type PullProgress } from '../../../host/models/progress.js';

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

test('Content-Range and Link headers are parsed; a next page off the hub is not followed', () => {
  assert.deepEqual(parseContentRange('bytes 100-199/200'), { start: 100, end: 199, total: 200 });
  assert.deepEqual(parseContentRange('bytes 0-9/*'), { start: 0, end: 9, total: undefined });
  assert.equal(parseContentRange('items 1-2/3'), undefined);
  const hub = { endpoint: 'https://hub.example' };
  assert.equal(
    nextPage('<https://hub.example/api/models/a/b/tree/x?cursor=2>; rel="next"', hub),
    'https://hub.example/api/models/a/b/tree/x?cursor=2',
  );
  assert.equal(nextPage('</api/x?cursor=3>; rel="next"', hub), 'https://hub.example/api/x?cursor=3');
  assert.equal(nextPage('<https://evil.example/steal>; rel="next"', hub), undefined);
  assert.equal(nextPage('<https://hub.example/x>; rel="prev"', hub), undefined);
});

test('hub URLs follow the hub API; the token goes only to the hub itself', () => {
  const hub = hubOptionsFromEnv({ HF_ENDPOINT: 'https://mirror.example/', HF_TOKEN: 'hf_x' });
  assert.equal(hub.endpoint, 'https://mirror.example');
  assert.equal(treeUrl(hub, 'org/model', 'abc'), 'https://mirror.example/api/models/org/model/tree/abc?recursive=true');
  assert.equal(
    resolveUrl(hub, 'org/model', 'abc', 'onnx/a b.onnx'),
    'https://mirror.example/org/model/resolve/abc/onnx/a%20b.onnx',
  );
  assert.equal(hubHeaders(hub, 'https://mirror.example/api/x').authorization, 'Bearer hf_x');
  assert.equal(hubHeaders(hub, 'https://cdn.example/blob').authorization, undefined);
  assert.equal(hubOptionsFromEnv({}).endpoint, 'https://huggingface.co');
  assert.equal(hubOptionsFromEnv({ HUGGING_FACE_HUB_TOKEN: 't' }).token, 't');
  assert.throws(() => hubOptionsFromEnv({ HF_ENDPOINT: 'ftp://x' }), /http\(s\) URL/);
});

test('git blob ids are checked the way git computes them', () => {
  // `printf 'hello\n' | git hash-object --stdin`
  const hasher = new ContentHasher({ size: 6, gitBlobSha1: 'ce013625030ba8dba906f756967f9e9ca394464a' });
  hasher.update(Buffer.from('hel'));
  hasher.update(Buffer.from('lo\n'));
  assert.equal(hasher.check().ok, true);
  const sha = new ContentHasher({ size: 6, sha256: '0'.repeat(64) });
  sha.update(Buffer.from('hello\n'));
  assert.deepEqual(
    { ...sha.check(), actual: undefined },
    { ok: false, algorithm: 'sha256', expected: '0'.repeat(64), actual: undefined },
  );
});

test('external-data files belong to their graph only', () => {
  assert.ok(isExternalDataOf('onnx/decoder_model_merged.onnx_data', 'onnx/decoder_model_merged.onnx'));
  assert.ok(isExternalDataOf('onnx/decoder_model_merged.onnx_data_2', 'onnx/decoder_model_merged.onnx'));
  assert.ok(!isExternalDataOf('onnx/decoder_model_merged_q4.onnx', 'onnx/decoder_model_merged.onnx'));
  assert.ok(!isExternalDataOf('onnx/decoder_model_merged.onnx_data', 'onnx/decoder_model_merged_fp16.onnx'));
});

test('the CLI default models folder is the app user-data folder plus /models on every platform', () => {
  assert.equal(defaultModelsRoot({}, 'linux', '/home/ada'), path.join('/home/ada/.config/Sightline/models'));
  assert.equal(
    defaultModelsRoot({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada'),
    path.join('/xdg/Sightline/models'),
  );
  assert.equal(
    defaultModelsRoot({}, 'darwin', '/Users/ada'),
    path.join('/Users/ada/Library/Application Support/Sightline/models'),
  );
  assert.match(
    defaultModelsRoot({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada'),
    /Roaming.Sightline.models$/,
  );
  assert.equal(
    defaultModelsRoot({ SIGHTLINE_MODELS_DIR: '/data/models' }, 'linux', '/home/ada'),
    path.resolve('/data/models'),
  );
  assert.equal(modelsRootIn('/u'), path.join('/u', 'models'));
  assert.deepEqual(parseStagingName('smolvlm-256m-instruct--q8--acc054744d60'), {
    id: 'smolvlm-256m-instruct',
    dtype: 'q8',
    revisionPrefix: 'acc054744d60',
  });
  assert.equal(parseStagingName('x.lock'), undefined);
});

test('retries back off exponentially, and progress starts the count again', async () => {
  const policy = { ...defaultRetryPolicy, attempts: 3, baseDelayMs: 1, maxDelayMs: 4 };
  assert.ok(retryDelay(1, { ...defaultRetryPolicy }, () => 0.5) === 1_000);
  assert.ok(retryDelay(10, { ...defaultRetryPolicy }, () => 0.5) === 30_000);
  let calls = 0;
  // Five drops, each after some progress: never three in a row without progress.
  const result = await withRetries(
    async () => {
      calls++;
      if (calls <= 5) throw new TransientError('drop', 'cut', true);
      return 'done';
    },
    { policy, host: 'h', what: 'w' },
  );
  assert.equal(result, 'done');
  calls = 0;
  await assert.rejects(
    withRetries(
      async () => {
        calls++;
        throw new TransientError('drop', 'cut', false);
      },
      { policy, host: 'hub.example', what: 'onnx/a.onnx' },
    ),
    /connection to hub\.example broke 3 times while fetching onnx\/a\.onnx/,
  );
  assert.equal(calls, 3);
});

test('sizes and durations read the way the hub shows them', () => {
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(264_000_000), '264 MB');
  assert.equal(formatBytes(1_870_000_000), '1.9 GB');
  assert.equal(formatDuration(75), '1 min 15 s');
  assert.equal(formatDuration(undefined), '?');
});
