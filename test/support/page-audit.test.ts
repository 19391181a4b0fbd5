import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './chromium.js';
import { auditAccessibility, auditLayout } from './page-audit.js';

// The page audit's own checks bite: a page made of the mistakes each check
// is for, beside the look-alikes that are right (a code block that scrolls,
// an ellipsis with its full text in a title, text hidden for screen readers),
// so the audit of the real pages (test/renderer/page-audit.test.ts) can be
// trusted both when it finds something and when it does not.
let browser: Browser;
let page: Page;

before(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 400, height: 500 } });
});

after(async () => {
  await browser?.close();
});

const styles = `
  body { margin: 0; font: 14px/1.5 sans-serif; }
  .row { position: relative; height: 40px; }
  .row button { position: absolute; top: 0; width: 80px; height: 30px; }
  .clip { width: 120px; overflow: hidden; white-space: nowrap; }
  .ellipsis { text-overflow: ellipsis; }
  .clamp { width: 120px; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  pre { width: 200px; overflow-x: auto; }
  .wide { width: 200px; overflow-x: auto; }
  .scroller { height: 60px; overflow-y: auto; }
  .scroller button { display: block; height: 30px; }
`;

async function show(body: string): Promise<void> {
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>Audit fixture</title><style>${styles}</style></head><body><main>${body}</main></body></html>`,
  );
}

test('a page without mistakes has no findings, look-alikes included', async () => {
  await show(`
    <h1>Fine</h1>
    <div class="row"><button style="left: 0">One</button><button style="left: 90px">Two</button></div>
    <p class="clip ellipsis" title="A title long enough to be cut by its box">A title long enough to be cut by its box</p>
    <p class="clamp" title="A title on two lines at most, whatever its length may be">A title on two lines at most, whatever its length may be</p>
    <span class="sr-only">Only for screen readers, and much longer than one pixel</span>
    <figure class="md-code"><pre tabindex="0">const aLineOfCodeThatIsLongerThanItsBlock = 'and scrolls inside it, as code should';</pre></figure>
    <div class="scroller"><button>A</button><button>B</button><button>C</button><button>D</button></div>`);
  assert.deepEqual(await auditLayout(page, { appShell: true }), []);
  assert.deepEqual((await auditAccessibility(page)).violations, []);
});

test('sideways scroll, overlapping controls, cut-off text and a control past the window are each found', async () => {
  await show(`
    <h1>Broken</h1>
    <div class="row"><button style="left: 0">One</button><button style="left: 40px">Two</button></div>
    <p class="clip">Cut without any ellipsis at all</p>
    <p class="clip ellipsis">An ellipsis but no title to read it</p>
    <p class="clamp">Two lines at most, and no title holding the rest of it</p>
    <div class="wide"><span style="display: inline-block; width: 300px">A box that scrolls sideways</span></div>
    <div class="row"><button style="left: 380px">Past</button></div>
    <div style="height: 600px"></div>`);
  const findings = await auditLayout(page, { appShell: true });
  const by = (check: string) => findings.filter((finding) => finding.check === check);
  assert.deepEqual(
    by('overlap').map((finding) => finding.text),
    ['One / Two'],
  );
  assert.deepEqual(
    by('cut-off').map((finding) => [finding.text, finding.detail.includes('ends in an ellipsis')]),
    [
      ['Cut without any ellipsis at all', false],
      ['An ellipsis but no title to read it', true],
      ['Two lines at most, and no title holding the rest of it', true],
    ],
  );
  const sideways = by('horizontal-scroll').map((finding) => finding.selector);
  assert.ok(sideways.includes('the window'), 'the window scrolls sideways');
  assert.ok(
    sideways.some((selector) => selector.endsWith('div.wide')),
    'the box that scrolls sideways',
  );
  assert.deepEqual(
    by('vertical-scroll').map((finding) => finding.selector),
    ['the window'],
    'an app window taller than the window',
  );
  assert.deepEqual(
    by('outside-window').map((finding) => finding.text),
    ['Past'],
  );
});

test('axe findings come with their rule and element, and a written-down exception sets one aside', async () => {
  await show(`<h1>Images</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">`);
  const { violations } = await auditAccessibility(page);
  assert.deepEqual(
    violations.map((violation) => [violation.rule, violation.nodes.map((node) => node.target)]),
    [['image-alt', ['img']]],
  );
  const excepted = await auditAccessibility(page, [{ rule: 'image-alt', target: 'img', reason: 'a test' }]);
  assert.deepEqual(excepted.violations, []);
  assert.deepEqual(
    excepted.excepted.map((violation) => violation.rule),
    ['image-alt'],
  );
});
