import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { CodedError } from '../../common/coded-error.js';
import { CaptureTextReader } from '../../engine/read-text.js';
import { ocrModelPaths } from '../../engine/text/model-files.js';
import { testPng } from '../support/images.js';

// The engine's text job on its own: what the chat is told when the OCR
// models are missing (a broken install), and that a reader closed with the
// engine refuses further reads. Reading real captures is tested through the
// engine host (test/host/engine-host/real-engine-text.test.ts).

test('missing OCR models give model-missing, naming the file and what to do', async (t) => {
  const missing = path.join('/nonexistent', 'ch_PP-OCRv4_det_infer.onnx');
  const reader = new CaptureTextReader({ paths: () => ({ ...ocrModelPaths(), detection: missing }) });
  t.after(() => reader.dispose());
  await assert.rejects(
    reader.read({ kind: 'bytes', bytes: await testPng(120, 40) }),
    (error: unknown) =>
      error instanceof CodedError &&
      error.code === 'model-missing' &&
      error.message.includes(missing) &&
      /reinstall Sightline/.test(error.message),
  );
});

test('a reader closed with the engine refuses to read', async () => {
  const reader = new CaptureTextReader();
  await reader.dispose();
  await assert.rejects(
    reader.read({ kind: 'bytes', bytes: await testPng(120, 40) }),
    (error: unknown) => error instanceof CodedError && error.code === 'internal' && /shutting down/.test(error.message),
  );
});
