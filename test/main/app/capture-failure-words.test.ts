import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureFailureDetail } from '../../../main/app/capture-failure-words.js';
import type { CaptureFailure } from '../../../main/capture/capture-adapter.js';

// The detail of "Sightline could not capture the screen": in English the
// capture's own account; in French the same advice from the failure's code,
// with French typography, and the English cause only where it alone explains.

const english =
  'Could not capture the screen over the X connection (connect ECONNREFUSED). The screen capture tools xrandr and import are not installed: install x11-xserver-utils and imagemagick (the Debian and Ubuntu package names).';

test('in English the capture’s own account is the detail, unchanged', () => {
  assert.equal(captureFailureDetail({ code: 'tools-missing', tools: [], packages: [] }, english, 'en'), english);
});

test('in French the missing tools and their packages are named, with a no-break space before the colon', () => {
  const failure: CaptureFailure = {
    code: 'tools-missing',
    tools: ['xrandr', 'import'],
    packages: ['x11-xserver-utils', 'imagemagick'],
  };
  assert.equal(
    captureFailureDetail(failure, english, 'fr'),
    'Les outils de capture d’écran xrandr et import ne sont pas installés\u00a0: installez x11-xserver-utils et imagemagick (noms des paquets Debian et Ubuntu).',
  );
  const one = { ...failure, tools: ['import'], packages: ['imagemagick'] };
  assert.match(
    captureFailureDetail(one, english, 'fr'),
    /^L’outil de capture d’écran import n’est pas installé\u00a0: installez imagemagick /,
  );
});

test('in French a failure only its cause explains keeps that cause, marked as English', () => {
  const message = 'Could not capture the screen: X server closed the connection';
  assert.equal(
    captureFailureDetail({ code: 'failed' }, message, 'fr'),
    `La capture d’écran a échoué.\n\nDétails (en anglais)\u00a0: ${message}`,
  );
  assert.doesNotMatch(captureFailureDetail({ code: 'screen-recording' }, 'The capture is empty: …', 'fr'), /anglais/);
});

test('every failure has French words, without English in them', () => {
  const failures: CaptureFailure[] = [
    { code: 'no-x-display' },
    { code: 'display-missing', displayId: '2' },
    { code: 'tools-missing', tools: ['import'], packages: ['imagemagick'] },
    { code: 'screens-unlisted' },
    { code: 'screen-recording' },
    { code: 'empty', displayId: '1' },
    { code: 'not-png', displayId: '1' },
    { code: 'portal-pictures' },
    { code: 'failed' },
  ];
  for (const failure of failures) {
    const [said = ''] = captureFailureDetail(failure, 'English cause', 'fr').split('\n\n');
    assert.match(said, /écran|capture/, failure.code);
    assert.doesNotMatch(said, /English cause| the | could not /i, failure.code);
    assert.doesNotMatch(said, / [:;?!]/, `${failure.code}: French puts a no-break space there`);
  }
});
