import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureTextSection, type CaptureText } from '../../../common/capture-text.js';
import { findSecrets } from '../../../host/redaction/find-secrets.js';
import { maskCaptureText, maskSection } from '../../../host/redaction/mask-text.js';

// The text that goes beside a redacted image says no more than the image:
// each hidden finding becomes "[hidden: <kind>]", a box the user drew hides
// what lies under it, and a finding the user turned off stays as read.

function layer(...texts: string[]): CaptureText {
  const lines = texts.map((text, i) => ({
    text,
    box: { x: 10, y: 10 + i * 20, width: text.length * 8, height: 14 },
    confidence: 0.95,
  }));
  return { language: 'en', width: 1000, height: 200, lines, text: texts.join('\n') };
}

const text = layer(
  'Authorization: Bearer abc123DEF456ghi789JKL',
  'contact: jane.doe@example.com',
  'build 4711 on runner eu-west',
);
const findings = findSecrets(text);

test('hidden findings become markers naming their kind; the rest of the line stays', () => {
  const masked = maskCaptureText(
    text,
    findings.map((finding) => finding.box),
    findings,
  );
  assert.equal(
    masked.text,
    'Authorization: Bearer [hidden: credential]\ncontact: [hidden: e-mail address]\nbuild 4711 on runner eu-west',
  );
});

test('a finding turned off stays; a drawn box hides what lies under it', () => {
  // The e-mail turned off; a box drawn over "4711" (characters 6 to 10 of the third line, 8 px each).
  const drawn = { x: 10 + 6 * 8, y: 50, width: 4 * 8, height: 14 };
  const masked = maskCaptureText(text, [findings[0]!.box, drawn], findings);
  assert.deepEqual(masked.text.split('\n'), [
    'Authorization: Bearer [hidden: credential]',
    'contact: jane.doe@example.com',
    'build [hidden] on runner eu-west',
  ]);
});

test('a section a question kept is masked too, even when a long text kept only its end', () => {
  const boxes = findings.map((finding) => finding.box);
  const section = captureTextSection(text.text)!;
  const masked = maskSection(section, text, boxes, findings);
  assert.ok(!masked.includes('abc123DEF456ghi789JKL') && !masked.includes('jane.doe@example.com'), masked);
  assert.ok(masked.includes('[hidden: credential]') && masked.includes('build 4711'), masked);
  // Cut in the middle of the first line, as a long text's section is cut at its start.
  const cut = `[…]\n${text.text.slice(text.text.indexOf('DEF456'))}`;
  assert.ok(!maskSection(cut, text, boxes, findings).includes('DEF456ghi789JKL'));
});
