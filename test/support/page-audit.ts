// Audits a page as it stands in a Playwright tab: its accessibility, by axe-core
// (the maintained checker, injected from node_modules, WCAG 2.1 A/AA and
// best practices), less the exceptions written down below with their reasons;
// and its layout (layout-checks-in-page.ts): no sideways scroll, no overlapping
// controls, no cut-off text, no control outside the window. Each finding is a
// sentence naming the element, for a person to read. Used by
// test/renderer/page-audit.test.ts, and by any test that wants a page checked.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import { layoutFindingsInPage, type LayoutCheckConfig, type LayoutFinding } from './layout-checks-in-page.js';

export type { LayoutFinding };

/** What axe tests: WCAG 2.0 and 2.1, levels A and AA, and its best practices. */
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** One rule axe found broken, with the elements that break it. */
export interface AxeViolation {
  /** axe's rule id, e.g. 'color-contrast'. */
  rule: string;
  impact: string;
  /** What the rule asks, in axe's words. */
  help: string;
  /** One CSS selector per element, with axe's summary of what is wrong with it. */
  nodes: { target: string; summary: string; html: string }[];
}

/**
 * A violation accepted on purpose. It matches a rule (and, when given, only
 * the elements whose selector contains `target`); the reason says why the
 * page is right as it is, or why axe cannot judge it.
 */
export interface AxeException {
  rule: string;
  target?: string;
  reason: string;
}

/** The written-down exceptions: each one a decision, with its reason. */
export const axeExceptions: readonly AxeException[] = [];

/**
 * Where sideways scrolling is the design: content that must keep its own
 * width. Anything else that scrolls sideways is a finding.
 */
export const meantToScrollSideways: readonly { selector: string; reason: string }[] = [
  { selector: '.md-code pre', reason: 'code keeps its lines as written; a long line scrolls inside its block' },
  { selector: '.md-table', reason: 'a wide table scrolls inside its frame rather than squeezing its columns' },
  { selector: '.zoom-body', reason: 'the capture at full size, in its dialog, is meant to be panned' },
];

/** The controls that must neither overlap nor leave the window. */
export const controlSelector =
  'button, a[href], input:not([type=hidden]), select, textarea, [role=switch], [role=tab], summary';

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | undefined;

async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate('typeof window.axe === "object"')) return;
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the page's content security policy stays as it is.
  await page.evaluate(await axeSource);
}

interface AxeResultsInPage {
  violations: {
    id: string;
    impact?: string | null;
    help: string;
    nodes: { target: unknown[]; failureSummary?: string; html: string }[];
  }[];
}

/** The page's accessibility violations, less the written-down exceptions (returned apart). */
export async function auditAccessibility(
  page: Page,
  exceptions: readonly AxeException[] = axeExceptions,
): Promise<{ violations: AxeViolation[]; excepted: AxeViolation[] }> {
  await injectAxe(page);
  const results = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(axeTags)} }, resultTypes: ['violations'] })`,
  )) as AxeResultsInPage;
  const violations: AxeViolation[] = [];
  const excepted: AxeViolation[] = [];
  for (const found of results.violations) {
    const nodes = found.nodes.map((node) => ({
      target: node.target.map(String).join(' '),
      summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      html: node.html.length > 160 ? `${node.html.slice(0, 160)}…` : node.html,
    }));
    const isExcepted = (target: string) =>
      exceptions.some((e) => e.rule === found.id && (e.target === undefined || target.includes(e.target)));
    const base = { rule: found.id, impact: found.impact ?? 'unknown', help: found.help };
    const kept = nodes.filter((node) => !isExcepted(node.target));
    const dropped = nodes.filter((node) => isExcepted(node.target));
    if (kept.length > 0) violations.push({ ...base, nodes: kept });
    if (dropped.length > 0) excepted.push({ ...base, nodes: dropped });
  }
  return { violations, excepted };
}

/**
 * The page's layout findings: sideways scroll, overlapping controls, cut-off
 * text, controls outside the window; with `appShell`, the window scrolling up
 * and down too (an app's window keeps its composer and status line in view).
 */
export async function auditLayout(page: Page, { appShell = false } = {}): Promise<LayoutFinding[]> {
  // Test code is compiled with esbuild's keepNames: its __name helper must exist in the page.
  await page.evaluate('globalThis.__name ??= (target) => target');
  const config: LayoutCheckConfig = {
    sideways: meantToScrollSideways.map((allowed) => allowed.selector),
    controls: controlSelector,
    appShell,
  };
  return page.evaluate(layoutFindingsInPage, config);
}

/** One line per violation and element, for a person to read. */
export function describeViolations(violations: readonly AxeViolation[]): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `axe ${violation.rule} (${violation.impact}): ${violation.help} — ${node.target} ${node.html}; ${node.summary}`,
    ),
  );
}

/** One line per layout finding, for a person to read. */
export function describeLayout(findings: readonly LayoutFinding[]): string[] {
  return findings.map(
    (finding) =>
      `layout ${finding.check}: ${finding.selector}${finding.text ? ` “${finding.text}”` : ''} — ${finding.detail}` +
      (finding.boxes.length > 0 ? ` [${finding.boxes.join(' | ')}]` : ''),
  );
}
