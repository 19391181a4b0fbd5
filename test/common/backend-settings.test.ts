import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackendSettings, defaultBackendSettings, remoteDefaults } from '../../common/backend-settings.js';

test('local is the default, and each kind has defaults that validate once a model is named', () => {
  assert.deepEqual(defaultBackendSettings, { kind: 'local' });
  for (const kind of ['ollama', 'openai'] as const) {
    assert.ok(BackendSettings.safeParse({ ...remoteDefaults(kind), model: 'llava' }).success, kind);
    assert.ok(!BackendSettings.safeParse(remoteDefaults(kind)).success, `${kind} without a model`);
  }
});

test('base URLs must be plain http(s) addresses: no credentials, query or fragment', () => {
  const base = { kind: 'openai', model: 'm', timeoutMs: 30_000 };
  for (const baseUrl of ['http://127.0.0.1:8080/v1', 'https://api.example.com/v1', 'http://[::1]:11434']) {
    assert.ok(BackendSettings.safeParse({ ...base, baseUrl }).success, baseUrl);
  }
  for (const baseUrl of [
    'ftp://host/v1',
    'file:///etc/passwd',
    'not a url',
    'https://user:pass@host/v1',
    'https://host/v1?key=abc',
    'https://host/v1#x',
    '',
  ]) {
    const parsed = BackendSettings.safeParse({ ...base, baseUrl });
    assert.ok(!parsed.success, baseUrl);
  }
});

test('the API key is never a setting: only the name it is stored under', () => {
  const parsed = BackendSettings.safeParse({
    kind: 'openai',
    baseUrl: 'https://api.example.com/v1',
    model: 'm',
    timeoutMs: 30_000,
    apiKey: 'sk-secret',
    apiKeyRef: 'example',
  });
  assert.ok(parsed.success);
  assert.ok(!('apiKey' in parsed.data), 'an apiKey field is dropped, never kept');
  assert.ok(
    !BackendSettings.safeParse({
      kind: 'openai',
      baseUrl: 'https://a/v1',
      model: 'm',
      timeoutMs: 30_000,
      apiKeyRef: '../x',
    }).success,
  );
});

test('timeouts and image limits stay in sensible ranges', () => {
  const base = { kind: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'llava' };
  assert.ok(!BackendSettings.safeParse({ ...base, timeoutMs: 10 }).success);
  assert.ok(!BackendSettings.safeParse({ ...base, timeoutMs: 60_000, maxImageSide: 8 }).success);
  assert.ok(BackendSettings.safeParse({ ...base, timeoutMs: 60_000, maxImageSide: 1344, allowJpeg: true }).success);
});
