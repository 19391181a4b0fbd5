// Every state of the pages that the page audit (page-audit.test.ts) checks,
// page by page, in the order one tab reaches them: each state's `reach` takes
// the tab from the state before it and waits until the page shows the new one.
// Adding a state is one entry in its page's list. The settings' sections are
// found in the page itself (its navigation, when it has one), so a new section
// is audited without a line here.
import type { Page } from 'playwright';
import { en } from '../../renderer/chat/i18n/en.js';
import { fr } from '../../renderer/chat/i18n/fr.js';
import {
  markdownAnswer,
  modelServerSettings,
  modelsNoneInstalled,
  modelsOneInstalled,
  savedConversations,
  storageNotices,
} from './page-audit-content.js';
import type { AuditPages, AuditTab, Combination } from './page-audit-pages.js';

export type Words = typeof en;
export const wordsOf = (combination: Combination): Words => (combination.locale === 'fr-FR' ? fr : en);

export interface AuditState {
  name: string;
  /** Takes the tab from the previous state to this one, and waits until it is on screen. */
  reach(tab: Page, words: Words): Promise<void>;
  /** Leaves the state once audited (closes its dialog, say). */
  leave?(tab: Page): Promise<void>;
  /** More states the page itself lists (each section of the settings). */
  discover?(tab: Page): Promise<AuditState[]>;
}

export interface AuditedPage {
  name: string;
  open(pages: AuditPages, combination: Combination): Promise<AuditTab>;
  states: AuditState[];
}

const answering = (tab: Page) => tab.waitForFunction(() => window.__fake.answering());
const answered = (tab: Page) => tab.waitForFunction(() => !window.__fake.answering());
const closeDialog = async (tab: Page) => {
  await tab.keyboard.press('Escape');
  await tab.locator('dialog[open]').waitFor({ state: 'detached' });
};
const newCapture = async (tab: Page) => {
  await tab.evaluate(() => window.__fake.openCapture());
  await tab.locator('.capture-thumb img').waitFor();
};
const ask = async (tab: Page, question: string) => {
  await tab.locator('#question').fill(question);
  await tab.keyboard.press('Enter');
  await answering(tab);
};
const nav = (tab: Page, name: string) => tab.locator('header').getByRole('button', { name, exact: true });
/** Clicks the first `click` and waits for the first `shown`. */
const clickFor = (click: string, shown: string) => async (tab: Page) => {
  await tab.locator(click).first().click();
  await tab.locator(shown).first().waitFor();
};
/** Waits for the first `shown`. */
const until = (shown: string) => (tab: Page) => tab.locator(shown).first().waitFor();

/** The settings' sections, from the settings' own navigation (none when the settings are one page). */
async function settingsSections(tab: Page): Promise<AuditState[]> {
  const links = tab.locator('main').locator(':is(nav, [role=tablist]) :is(a[href], button, [role=tab])');
  const count = await links.count();
  const sections: AuditState[] = [];
  for (let i = 0; i < count; i++) {
    const link = links.nth(i);
    // The section the settings open on was audited with them.
    if (
      await link.evaluate((element) =>
        element.matches('[aria-current]:not([aria-current=false]), [aria-selected=true]'),
      )
    )
      continue;
    // Named by what does not change with the language: where it leads, else its place.
    const key = (await link.getAttribute('data-section')) ?? (await link.getAttribute('href')) ?? `#${i + 1}`;
    sections.push({
      name: `settings: ${key}`,
      async reach() {
        await link.click();
        await tab.waitForFunction((n) => {
          const all = document.querySelectorAll('main :is(nav, [role=tablist]) :is(a[href], button, [role=tab])');
          const current = all[n];
          return current?.matches('[aria-current]:not([aria-current=false]), [aria-selected=true]') ?? true;
        }, i);
      },
    });
  }
  return sections;
}

export const auditedPages: AuditedPage[] = [
  {
    name: 'chat, first run',
    open: (pages, combination) =>
      pages.openChat(combination, { status: { kind: 'no-model' }, models: modelsNoneInstalled }),
    states: [
      { name: 'no model yet', reach: until('.first-run') },
      { name: 'a capture, no model yet', reach: (tab) => newCapture(tab).then(() => until('.first-run-compact')(tab)) },
    ],
  },
  {
    name: 'chat',
    open: async (pages, combination) => {
      const tab = await pages.openChat(combination, { models: modelsOneInstalled });
      await tab.page.locator('.chat-status', { hasText: 'Fake model' }).waitFor();
      await tab.page.evaluate((saved) => {
        for (const { title, turns } of saved) window.__fake.addConversation(title, turns);
      }, savedConversations);
      return tab;
    },
    states: [
      { name: 'empty, a model ready', reach: until('.chat-empty') },
      {
        name: 'capture, text read, quick actions',
        reach: (tab) => newCapture(tab).then(() => until('.capture-tools')(tab)),
      },
      {
        name: 'quick-action question, answer streaming',
        async reach(tab) {
          await tab.locator('.quick-actions button').first().click();
          await answering(tab);
          await tab.evaluate(() =>
            window.__fake.send('The error says the file ', 'does not exist where the program looks for it'),
          );
          await tab.locator('.turn-live').getByText('does not exist').waitFor();
        },
        async leave(tab) {
          await tab.evaluate(() => window.__fake.end());
          await answered(tab);
        },
      },
      {
        name: 'answer in markdown',
        async reach(tab) {
          await ask(tab, 'Why does the build fail, and what should I change in the configuration to fix it?');
          await tab.evaluate((deltas) => window.__fake.send(...deltas), markdownAnswer);
          await tab.evaluate(() => window.__fake.end());
          await answered(tab);
          await tab.locator('.turn-answer:not(.turn-live) .md-code pre').last().waitFor();
        },
      },
      { name: 'capture zoom dialog', reach: clickFor('.capture-thumb', 'dialog[open]'), leave: closeDialog },
      {
        name: 'text shown over the capture',
        async reach(tab) {
          await tab.locator('.capture-tools button[aria-pressed]').click();
          await tab.locator('.text-layer').waitFor();
          await tab.locator('.capture').scrollIntoViewIfNeeded();
        },
        leave: (tab) => tab.locator('.capture-tools button[aria-pressed]').click(),
      },
      {
        name: 'failed answer, error status with its fix',
        async reach(tab) {
          await ask(tab, 'And now?');
          await tab.evaluate(() =>
            window.__fake.fail('Ollama at 127.0.0.1:11434 did not answer within 120 s.', 'remote-timeout'),
          );
          await tab.locator('div.turn-error').waitFor();
          await tab.evaluate(() =>
            window.__fake.setStatus({
              kind: 'error',
              message: 'The model folder /models/x is missing config.json.',
              canRetry: true,
              code: 'model-missing',
            }),
          );
          await tab.locator('.chat-status .error-fix').waitFor();
        },
      },
      {
        name: 'settings, as they open',
        reach: (tab, words) =>
          nav(tab, words.settings.open)
            .click()
            .then(() => tab.getByRole('heading', { name: words.settings.title, exact: true }).waitFor()),
        discover: settingsSections,
      },
      {
        name: 'history, several conversations',
        reach: (tab, words) =>
          nav(tab, words.history.open)
            .click()
            .then(() => tab.locator('.history-list li').nth(5).waitFor()),
      },
      { name: 'delete confirmation dialog', reach: clickFor('.history-delete', 'dialog[open]'), leave: closeDialog },
    ],
  },
  {
    name: 'chat, storage notices',
    open: (pages, combination) => pages.openChat(combination, { storageNotices, models: modelsOneInstalled }),
    states: [{ name: 'two unreadable files told', reach: until('.storage-notice + .storage-notice') }],
  },
  {
    name: 'chat, model server',
    open: (pages, combination) =>
      pages.openChat(combination, { settings: modelServerSettings, models: modelsOneInstalled }),
    states: [
      {
        name: 'status of the model server',
        reach: (tab) => tab.locator('.chat-status', { hasText: 'llava' }).waitFor(),
      },
      {
        name: 'a capture, answers from the model server',
        reach: (tab) => newCapture(tab).then(() => until('.quick-actions')(tab)),
      },
    ],
  },
  {
    name: 'overlay',
    open: (pages, combination) => pages.openOverlay(combination),
    states: [
      {
        name: 'idle',
        reach: (tab) =>
          tab
            .waitForFunction(() => (window as { sightlineOverlayPainted?: boolean }).sightlineOverlayPainted === true)
            .then(() => undefined),
      },
      {
        name: 'selecting',
        async reach(tab) {
          const { width, height } = tab.viewportSize() ?? { width: 0, height: 0 };
          await tab.mouse.move(width * 0.2, height * 0.2);
          await tab.mouse.down();
          await tab.mouse.move(width * 0.6, height * 0.5, { steps: 4 });
          await tab.getByTestId('overlay-readout').waitFor();
        },
      },
      { name: 'selected', reach: (tab) => tab.mouse.up() },
    ],
  },
];
