import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeBackendPrivacy, isLoopbackHost } from '../../common/backend-privacy.js';
import type { BackendSettings } from '../../common/backend-settings.js';

const remote = (baseUrl: string, kind: 'ollama' | 'openai' = 'openai'): BackendSettings => ({
  kind,
  baseUrl,
  model: 'm',
  timeoutMs: 60_000,
});

test('the local engine keeps captures on the machine', () => {
  const privacy = describeBackendPrivacy({ kind: 'local' });
  assert.equal(privacy.sendsOffMachine, false);
  assert.equal(privacy.host, undefined);
  assert.match(privacy.sentence, /stay on this computer/);
});

test('servers on loopback addresses keep captures on the machine', () => {
  for (const url of [
    'http://localhost:11434',
    'http://LOCALHOST.:11434',
    'http://127.0.0.1:8080/v1',
    'http://127.45.6.7:8080',
    'http://127.1:8080',
    'http://0x7f000001:8080',
    'http://[::1]:8000/v1',
    'http://[0:0:0:0:0:0:0:1]:8000',
    'http://[::ffff:127.0.0.1]:8000',
  ]) {
    const privacy = describeBackendPrivacy(remote(url));
    assert.equal(privacy.sendsOffMachine, false, url);
    assert.match(privacy.sentence, /stay on this computer.*on this machine/, url);
  }
  assert.match(
    describeBackendPrivacy(remote('http://127.0.0.1:11434', 'ollama')).sentence,
    /the Ollama server at 127\.0\.0\.1:11434/,
  );
});

test('every other host is off the machine, named, and unencrypted http is called out', () => {
  const cases: Array<[string, string]> = [
    ['https://api.openai.com/v1', 'api.openai.com'],
    ['http://192.168.1.20:11434', '192.168.1.20:11434'],
    ['http://10.0.0.5:8000/v1', '10.0.0.5:8000'],
    ['http://gpu-box.local:11434', 'gpu-box.local:11434'],
    ['http://0.0.0.0:11434', '0.0.0.0:11434'],
    ['http://128.0.0.1:80', '128.0.0.1'],
    ['http://localhost.example.com', 'localhost.example.com'],
    ['http://[::2]:8000', '[::2]:8000'],
    ['http://[::ffff:10.0.0.1]:8000', '[::ffff:a00:1]:8000'],
  ];
  for (const [url, host] of cases) {
    const privacy = describeBackendPrivacy(remote(url));
    assert.equal(privacy.sendsOffMachine, true, url);
    assert.equal(privacy.host, host, url);
    assert.match(privacy.sentence, /leave this computer/, url);
    assert.equal(/unencrypted/.test(privacy.sentence), url.startsWith('http:'), url);
  }
});

test('isLoopbackHost takes URL host names', () => {
  assert.equal(isLoopbackHost('127.0.0.1'), true);
  assert.equal(isLoopbackHost('[::1]'), true);
  assert.equal(isLoopbackHost('::1'), false, 'a bare IPv6 address is not what URL.hostname gives');
  assert.equal(isLoopbackHost('127.0.0.1.nip.io'), false);
});
