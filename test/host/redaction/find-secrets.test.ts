import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CaptureText } from '../../../common/capture-text.js';
import type { SecretKind } from '../../../common/redaction.js';
import { findSecrets } from '../../../host/redaction/find-secrets.js';
import { looksRandom } from '../../../host/redaction/secret-patterns.js';

// The finder on text layers written by hand: each kind of secret is found
// (and only the secret part of its line), and what merely looks technical —
// words, paths, a stack trace with hex addresses, a UUID, a git SHA — is not.
// Rendered captures read by the real text layer: test/host/chat/redactions.test.ts.

/** A text layer of monospaced lines, 8 px a character, 20 px apart. */
function layer(...texts: string[]): CaptureText {
  const lines = texts.map((text, i) => ({
    text,
    box: { x: 10, y: 10 + i * 20, width: text.trimEnd().length * 8, height: 14 },
    confidence: 0.95,
  }));
  return { language: 'en', width: 1200, height: 20 * texts.length + 20, lines, text: texts.join('\n') };
}

/** What was found, as "kind: the text it covers". */
function found(text: CaptureText): string[] {
  return findSecrets(text).map(
    (secret) =>
      `${secret.kind}: ${secret.spans.map((span) => text.lines[span.line]!.text.slice(span.start, span.end)).join(' / ')}`,
  );
}

const planted: Array<[string, SecretKind, string]> = [
  ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'api-key', 'AKIAIOSFODNN7EXAMPLE'],
  ['token: ghp_R8mZ2vQ9xL4kT7wN1pC6sB3yH5jF0dGaE2uK', 'api-key', 'ghp_R8mZ2vQ9xL4kT7wN1pC6sB3yH5jF0dGaE2uK'],
  [
    'GITHUB_TOKEN github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH',
    'api-key',
    'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGH',
  ],
  [
    'SLACK xoxb-2048163927-5012345678901-Zx9QwErTyUiOpAsDfGhJkL',
    'api-key',
    'xoxb-2048163927-5012345678901-Zx9QwErTyUiOpAsDfGhJkL',
  ],
  [
    'export OPENAI_KEY sk-proj-4fT9qLm2Xc8Vb1Nz7Rw3Ks6Hd0Jy5GpQaE',
    'api-key',
    'sk-proj-4fT9qLm2Xc8Vb1Nz7Rw3Ks6Hd0Jy5GpQaE',
  ],
  ['stripe sk_live_51HxQ2aLmN8vB4cR7tY0uI3oP', 'api-key', 'sk_live_51HxQ2aLmN8vB4cR7tY0uI3oP'],
  ['maps AIzaSyD4e5F6g7H8i9J0kL1mN2oP3qR4sT5uV6w', 'api-key', 'AIzaSyD4e5F6g7H8i9J0kL1mN2oP3qR4sT5uV6w'],
  [
    '//registry.npmjs.org/:_authToken npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
    'api-key',
    'npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8',
  ],
  ['HF hf_QwErTy12UiOp34AsDf56GhJk78LzXc90VbNm', 'api-key', 'hf_QwErTy12UiOp34AsDf56GhJk78LzXc90VbNm'],
  [
    'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    'token',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  ],
  ['Authorization: Bearer abc123DEF456ghi789JKL', 'authorization', 'abc123DEF456ghi789JKL'],
  ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'authorization', 'dXNlcjpwYXNzd29yZA=='],
  ['DATABASE_URL=postgres://app:s3cr3tPa55@db.internal:5432/app', 'connection-string', 'app:s3cr3tPa55'],
  ['mongodb+srv://admin:hunter2hunter2@cluster0.mongodb.net/test', 'connection-string', 'admin:hunter2hunter2'],
  ['REDIS_URL=redis://:r3d1sP4ss@cache:6379/0', 'connection-string', ':r3d1sP4ss'],
  ['Server=db;Database=app;User Id=sa;Password=Tr0ub4dor&3;', 'connection-string', 'Tr0ub4dor&3'],
  ['contact: jane.doe+alerts@example.com', 'email', 'jane.doe+alerts@example.com'],
  ['DB_PASSWORD=correcthorsebattery', 'password', 'correcthorsebattery'],
  // By its label (AWS's own example key reads too regular for the entropy rule), and by entropy alone.
  [
    'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'secret',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  ],
  ['aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq2Lm9Tb4Q', 'secret', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq2Lm9Tb4Q'],
];

for (const [line, kind, secret] of planted) {
  test(`finds ${kind}: ${secret.slice(0, 24)}…`, () => {
    assert.deepEqual(found(layer('Some text before', line, 'and after')), [`${kind}: ${secret}`]);
  });
}

test('a private key: every line between BEGIN and END, the two markers left readable', () => {
  const text = layer(
    'cat ~/.ssh/id_ed25519',
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
    'QyNTUxOQAAACDd3LdFsR1Z0qTQmQyC9rE1bK5iXwVjzHcG7sT8uYkO4AAAAJgAAAAAAAAA',
    'AAAAC3NzaC1lZDI1NTE5AAAAIN3ct0WxHVnSpNCZDIL2sTVsrmJfBWPMdwbuxPy5iQ7g==',
    '-----END OPENSSH PRIVATE KEY-----',
    '$ ls',
  );
  const secrets = findSecrets(text);
  assert.equal(secrets.length, 1);
  assert.equal(secrets[0]!.kind, 'private-key');
  assert.deepEqual(
    secrets[0]!.spans.map((span) => span.line),
    [2, 3, 4],
  );
  // One box over the three body lines, none of the markers' rows.
  const box = secrets[0]!.box;
  assert.ok(box.y < text.lines[2]!.box.y && box.y + box.height > text.lines[4]!.box.y + 14);
  assert.ok(box.y > text.lines[1]!.box.y + 10 && box.y + box.height < text.lines[5]!.box.y + 4);
});

test('a key block cut by the capture’s edge ends where its base64 does', () => {
  const text = layer(
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi',
    'Z1BjP5CE/Wm/Rr500P',
    'Press q to quit',
  );
  assert.deepEqual(found(text), ['private-key: MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi / Z1BjP5CE/Wm/Rr500P']);
});

test('a password field: its value beside the label or under it, bullets too, in English and French', () => {
  assert.deepEqual(found(layer('Username', 'alice', 'Password', 'hunter2', 'Sign in')), ['password: hunter2']);
  assert.deepEqual(found(layer('Password ••••••••••', 'Sign in')), ['password: ••••••••••']);
  assert.deepEqual(found(layer('Mot de passe', '**********', 'Se connecter')), ['password: **********']);
  assert.deepEqual(found(layer('Confirmer le mot de passe : Tr3s-s3cret')), ['password: Tr3s-s3cret']);
});

test('a sentence about passwords is not a field', () => {
  assert.deepEqual(found(layer('Password must be at least 12 characters long.', 'Forgot your password?')), []);
});

test('ordinary text, paths, a stack trace, a UUID, git SHAs and hashes are not secrets', () => {
  const text = layer(
    'The quick brown fox jumps over the lazy dog while the build runs.',
    "Error: ENOENT: no such file or directory, open '/Users/alice/Library/Application Support/Sightline/settings.json'",
    '    at Object.<anonymous> (/home/dev/projects/sightline/node_modules/react-dom/cjs/react-dom.development.js:12345:21)',
    '    at com.example.billing.InvoiceService.calculateTotals(InvoiceService.java:142)',
    '#0  0x00007fff5fbff8c0 in main () at src/main.c:42',
    '#1  0x000055d1c3a2b4e7 in __libc_start_main () from /lib/x86_64-linux-gnu/libc.so.6',
    'request 550e8400-e29b-41d4-a716-446655440000 failed after 3 retries',
    'commit 3f2a9c1e4b5d6a7f8e9d0c1b2a3f4e5d6c7b8a9f (HEAD -> main, origin/main)',
    'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'Downloading onnxruntime-linux-x64-gpu-1.20.1.tgz from https://github.com/microsoft/onnxruntime/releases',
    'git@github.com:sightline-app/sightline.git',
    'TransformersPipelineV2Config XMLHttpRequestEventTarget getUserAccountSettingsForProfile',
    'qwen2-vl-7b-instruct-q4_k_m.gguf MozillaFirefox115Windows10x64',
    'eyJ is how every JWT starts; sk-learn is a library; AKIA starts AWS key ids.',
  );
  assert.deepEqual(found(text), []);
});

test('a secret’s box covers its characters and little of the line around it', () => {
  const text = layer('export OPENAI_KEY sk-proj-4fT9qLm2Xc8Vb1Nz7Rw3Ks6Hd0Jy5GpQaE');
  const [secret] = findSecrets(text);
  const line = text.lines[0]!;
  const start = line.text.indexOf('sk-');
  // Monospaced: the secret starts at 8 px a character; the box starts before and ends after it.
  assert.ok(secret!.box.x <= line.box.x + start * 8 && secret!.box.x >= line.box.x + (start - 2) * 8);
  assert.ok(secret!.box.x + secret!.box.width >= line.box.x + line.box.width);
  assert.ok(secret!.box.y < line.box.y && secret!.box.y + secret!.box.height > line.box.y + line.box.height);
});

test('the entropy rule finds generated keys of 20 to 64 characters and leaves names alone', () => {
  // A fixed pseudo-random sequence: the same strings at every run.
  let seed = 19;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (const length of [20, 32, 40, 64]) {
    const keys = Array.from({ length: 200 }, () =>
      Array.from({ length }, () => alphabet[(next() >> 12) % alphabet.length]).join(''),
    );
    const foundShare = keys.filter((key) => looksRandom(key)).length / keys.length;
    assert.ok(foundShare >= (length === 20 ? 0.9 : 0.95), `${length} characters: ${foundShare}`);
  }
  for (const name of [
    'getUserAccountSettingsForProfile',
    'HttpServletRequestWrapper2',
    'TransformersPipelineV2Config',
    'MozillaFirefox115Windows10x64',
    'qwen2-vl-7b-instruct-q4_k_m',
    'node_modules/@huggingface/transformers/dist/transformers.node.mjs',
  ]) {
    assert.equal(looksRandom(name), false, name);
  }
});
