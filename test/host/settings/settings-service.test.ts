import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppView } from '../../../common/settings-contract.js';
import { waitUntil } from '../../support/wait-until.js';
import { removeSetupFolders, setup } from './settings-fixture.js';

// The settings service's own job: the events every open page hears.
after(removeSetupFolders);

test('every open page hears a change made to the settings file, and a view the tray asks for', async () => {
  const { service, settings, changes } = await setup();
  const views: AppView[] = [];
  service.onShowView((view) => views.push(view));
  await settings.save({ ...(await settings.all()), historyDays: 0, answerLanguage: 'fr' });
  await waitUntil(() => changes.length > 0, 'the pages heard of the change');
  assert.equal(changes.at(-1)?.settings.answerLanguage, 'fr');
  assert.equal(changes.at(-1)?.settings.historyDays, 0);

  service.showView('history');
  assert.deepEqual(views, ['history']);
});
