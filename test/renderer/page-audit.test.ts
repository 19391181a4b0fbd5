// The page audit: every state the chat page and the overlay reach (listed in
// page-audit-states.ts), at 1280×800 and 420×700, light and dark, in English
// and French, checked by axe-core (WCAG 2.1 A/AA and best practices, less the
// exceptions written down in test/support/page-audit.ts) and by the layout
// checks (no sideways scroll, no overlapping controls, no cut-off text, no
// control outside the window, and the app's window never scrolling as a
// whole). One test per page drives its states in every
// combination; a subtest per state then fails with what it found, and the
// file ends with a summary per page and state. Runs stand-alone:
//   node --import tsx --test test/renderer/page-audit.test.ts
// AUDIT_SCREENSHOTS=<folder> also saves a screenshot of each state.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  auditAccessibility,
  auditLayout,
  axeExceptions,
  describeLayout,
  describeViolations,
  type AxeViolation,
  type LayoutFinding,
} from '../support/page-audit.js';
import { combinations, nameOf, startAuditPages, type AuditPages, type Combination } from './page-audit-pages.js';
import { auditedPages, wordsOf, type AuditState, type AuditedPage } from './page-audit-states.js';

interface Audit {
  state: string;
  combination: string;
  violations: AxeViolation[];
  excepted: AxeViolation[];
  layout: LayoutFinding[];
  problems: string[];
}

let pages: AuditPages;
const audits = new Map<string, Audit[]>();
const started = Date.now();
const screenshots = process.env.AUDIT_SCREENSHOTS;

before(async () => {
  pages = await startAuditPages();
  if (screenshots) await mkdir(screenshots, { recursive: true });
});

after(async () => {
  await pages?.close();
  console.log(summary((Date.now() - started) / 1000));
});

/** Drives one page through its states in one combination, auditing each. */
async function auditPage(audited: AuditedPage, combination: Combination): Promise<Audit[]> {
  const tab = await audited.open(pages, combination);
  const words = wordsOf(combination);
  const found: Audit[] = [];
  let reaching = '';
  const visit = async (state: AuditState) => {
    reaching = state.name;
    await state.reach(tab.page, words);
    const { violations, excepted } = await auditAccessibility(tab.page);
    // Both pages are app windows: they never scroll as a whole.
    const layout = await auditLayout(tab.page, { appShell: true });
    found.push({ state: state.name, combination: nameOf(combination), violations, excepted, layout, problems: [] });
    if (screenshots) {
      const file = `${audited.name}-${state.name}-${nameOf(combination)}`.replace(/[^a-zA-Z0-9-]+/g, '_');
      await tab.page.screenshot({ path: path.join(screenshots, `${file}.png`) });
    }
    for (const section of (await state.discover?.(tab.page)) ?? []) await visit(section);
    await state.leave?.(tab.page);
  };
  try {
    for (const state of audited.states) await visit(state);
  } catch (error) {
    // A state the page could not reach is a finding of that state; the states after it go unaudited.
    const problem = `could not reach this state: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    found.push({
      state: reaching,
      combination: nameOf(combination),
      violations: [],
      excepted: [],
      layout: [],
      problems: [problem],
    });
  } finally {
    await tab.close();
  }
  // Console errors belong to the page as a whole: told with its last state.
  found.at(-1)?.problems.push(...tab.problems.map((problem) => `console error: ${problem}`));
  return found;
}

for (const audited of auditedPages) {
  test(`page audit: ${audited.name}`, async (t) => {
    const found: Audit[] = [];
    for (const combination of combinations) found.push(...(await auditPage(audited, combination)));
    audits.set(audited.name, found);
    for (const state of [...new Set(found.map((audit) => audit.state))]) {
      await t.test(`${audited.name} — ${state}: no accessibility violations, no layout findings`, () => {
        const lines = grouped(found.filter((audit) => audit.state === state));
        assert.ok(lines.length === 0, `\n${lines.join('\n')}`);
      });
    }
  });
}

/** Each finding once, with the combinations it was seen in. */
function grouped(found: readonly Audit[]): string[] {
  const seen = new Map<string, string[]>();
  for (const audit of found) {
    const lines = [...describeViolations(audit.violations), ...describeLayout(audit.layout), ...audit.problems];
    for (const line of lines) seen.set(line, [...(seen.get(line) ?? []), audit.combination]);
  }
  const all = combinations.length;
  return [...seen].map(
    ([line, where]) => `  ${line}\n    in ${where.length === all ? 'every combination' : where.join(', ')}`,
  );
}

function summary(seconds: number): string {
  const out = [
    `\nPage audit: ${combinations.length} combinations (${combinations.map(nameOf).join('; ')}), ${seconds.toFixed(0)} s`,
  ];
  for (const [page, found] of audits) {
    for (const state of [...new Set(found.map((audit) => audit.state))]) {
      const here = found.filter((audit) => audit.state === state);
      const rules = new Map<string, number>();
      for (const audit of here) {
        for (const v of audit.violations)
          rules.set(`axe ${v.rule}`, (rules.get(`axe ${v.rule}`) ?? 0) + v.nodes.length);
        for (const f of audit.layout) rules.set(`layout ${f.check}`, (rules.get(`layout ${f.check}`) ?? 0) + 1);
        for (const e of audit.excepted)
          rules.set(`excepted ${e.rule}`, (rules.get(`excepted ${e.rule}`) ?? 0) + e.nodes.length);
      }
      const counts = [...rules].map(([rule, n]) => `${rule} ×${n}`).join(', ');
      out.push(`  ${page} — ${state}: ${counts || 'clean'}`);
    }
  }
  out.push(
    axeExceptions.length === 0
      ? '  axe exceptions: none'
      : `  axe exceptions:\n${axeExceptions.map((e) => `    ${e.rule}${e.target ? ` on ${e.target}` : ''}: ${e.reason}`).join('\n')}`,
  );
  return out.join('\n');
}
