// A capture with a planted secret of every kind the redaction finds, rendered
// by Chromium the way the text layer's evaluation captures are
// (test/fixtures/text-captures/render.ts): a terminal in a monospaced font
// (keys, tokens, a JWT in a Bearer header, connection strings, a private-key
// block, a generated secret) over a sign-in form in a UI font (an e-mail
// address, a password typed in its field). Each secret's box in capture
// pixels comes from the rendered page itself. The random parts avoid the
// letters OCR confuses (0/O, 1/l/I), so a test that fails names the finder,
// not the recogniser.
import type { SecretKind } from '../../../common/redaction.js';
import { launchChromium } from '../../support/chromium.js';
import { checkFonts } from '../../fixtures/text-captures/render.js';

export interface PlantedSecret {
  kind: SecretKind;
  text: string;
  /** Where its ink is, in capture pixels. */
  box: { x: number; y: number; width: number; height: number };
}

export interface SecretCapture {
  png: Buffer;
  width: number;
  height: number;
  secrets: PlantedSecret[];
}

type Line = string | Array<string | [SecretKind, string]>;

const terminal: Line[] = [
  ['$ export AWS_ACCESS_KEY_ID=', ['api-key', 'AKIAJ4XRT7WQ2ZK5MNPB']],
  ['$ export GITHUB_TOKEN=', ['api-key', 'ghp_R8mZ2vQ9xL4kT7wN3pC6sB3yH5jF8dGaE2uK']],
  ['SLACK_BOT_TOKEN=', ['api-key', 'xoxb-2948563927-5842345678-ZxQwErTyUpAsDfGhJkWv']],
  ['OPENAI_API_KEY=', ['api-key', 'sk-proj-4fT9qLm2Xc8Vb6Nz7Rw3Ks6Hd5Jy5GpQaE']],
  ['STRIPE_SECRET=', ['api-key', 'sk_live_5HxQ2aLmN8vB4cR7tY3uW9kP']],
  ['MAPS_KEY=', ['api-key', 'AIzaSyD4e5F6g7H8i9J2kM3mN2pP3qR4sT5uV6w']],
  ['//registry.npmjs.org/:_authToken=', ['api-key', 'npm_a4B2c3D4e5F6g7H8i9J3k5L2m3N4p5P6q7R8']],
  ['HF_TOKEN=', ['api-key', 'hf_QwErTy42UpXp34AsDf56GhJk78LzXc93VbNm']],
  [
    'curl -H "Authorization: Bearer ',
    ['authorization', 'eyJhbGciOiJIUzI2NiJ9.eyJzdWIiOiJhbGljZSJ9.dBjftJeZ4CVPmB92K27uh'],
    '"',
  ],
  ['DATABASE_URL=postgres://', ['connection-string', 'app:s3cr3tPa55'], '@db.internal:5432/app'],
  ['MONGO_URL=mongodb+srv://', ['connection-string', 'admin:hunter2hunter2'], '@cluster.example.net/test'],
  ['REDIS_URL=redis://', ['connection-string', ':r3d5sP4ss'], '@cache:6379/0'],
  ['Server=db;Database=app;User Id=sa;Password=', ['connection-string', 'Tr7ub4dor3x'], ';'],
  ['session cookie ', ['secret', '7fKq2ZxR9mLp4TbW8nYc3VhJ6tDs']],
  '-----BEGIN RSA PRIVATE KEY-----',
  [['private-key', 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Ui8wYh6TbP2NqKx']],
  [['private-key', 'Z5BjP5CE7Wm8Rr5qPvXk3Hd9Tq4wJf6NyGm2Ka8uYsV3Lc5Ep']],
  '-----END RSA PRIVATE KEY-----',
];

const form: Line[] = [
  'Sign in to Acme Cloud',
  'Email',
  [['email', 'jane.doe@example.com']],
  'Password',
  [['password', 'Tr4mp-Kite-97']],
];

function lineHtml(line: Line): string {
  const parts = typeof line === 'string' ? [line] : line;
  return parts
    .map((part) => (typeof part === 'string' ? escape(part) : `<span data-kind="${part[0]}">${escape(part[1])}</span>`))
    .join('');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const page = (width: number, height: number) => `<!doctype html><html><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; margin: 0; padding: 0; }
  html, body { width: ${width}px; height: ${height}px; overflow: hidden; }
  body { background: #f3f3f3; font-family: 'Liberation Sans', sans-serif; }
  .terminal { background: #1e1f22; color: #e6e6e6; padding: 14px 16px; font: 12px/19px 'DejaVu Sans Mono', monospace;
              white-space: pre; }
  .form { padding: 16px 24px; font-size: 14px; color: #1f1f1f; line-height: 22px; }
  .form div:first-child { font-weight: bold; font-size: 16px; margin-bottom: 6px; }
</style></head><body>
  <div class="terminal">${terminal.map((line) => `<div>${lineHtml(line)}</div>`).join('')}</div>
  <div class="form">${form.map((line) => `<div>${lineHtml(line)}</div>`).join('')}</div>
</body></html>`;

/** Renders the capture at `width` × `height` (the terminal and form at the top left, the rest plain). */
export async function renderSecretCapture(width = 800, height = 600): Promise<SecretCapture> {
  await checkFonts();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    const tab = await context.newPage();
    await tab.setContent(page(width, height));
    await tab.evaluate(() => document.fonts.ready.then(() => undefined));
    const png = await tab.screenshot({ type: 'png' });
    const secrets = await tab.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-kind]')].map((span) => {
        const rect = span.getBoundingClientRect();
        return {
          kind: span.dataset.kind!,
          text: span.textContent ?? '',
          box: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
        };
      }),
    );
    return { png, width, height, secrets: secrets as PlantedSecret[] };
  } finally {
    await browser.close();
  }
}
