import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { DownloadEvent } from '../../../common/settings-contract.js';
import { listInstalledModels } from '../../../host/models/index.js';
import { startFakeHub, type FakeFile, type FakeHub } from '../../support/fake-hub.js';
import { fastRetry, tinyCatalog, tinyFiles, tinyId, tinyRepo, tinyRevision } from '../../support/tiny-catalog.js';
import { downloadEnd, removeSetupFolders, settingsFileText, setup } from './settings-fixture.js';

// The settings page's models: a real downloader against a fake hub, a fake
// chat that records which model it was told to load.
let files: FakeFile[];
let hub: FakeHub;

before(async () => {
  files = await tinyFiles();
  hub = await startFakeHub({ repo: tinyRepo, revision: tinyRevision, files });
});
after(async () => {
  await hub.close();
  await removeSetupFolders();
});

const fromHub = (endpoint: () => string) => (dir: string) => ({
  root: path.join(dir, 'models'),
  catalog: tinyCatalog(files),
  hub: { endpoint: endpoint() },
  retry: fastRetry,
});
const fromFakeHub = fromHub(() => hub.endpoint);

test('a download reports progress, then installs, notifies, and the model is used', async () => {
  const { dir, service, notices, chat } = await setup({ models: fromFakeHub });
  const { models } = service;
  const tiny = async () => (await models.list()).models.find((model) => model.id === tinyId)!;
  const before = await tiny();
  assert.deepEqual(before.installed, []);
  assert.ok(before.bytes > 0, 'the download size is shown');
  assert.deepEqual(before.goodFor, { en: 'Tests', fr: 'Tests' });

  const events: DownloadEvent[] = [];
  const end = downloadEnd(service, events);
  await models.download(tinyId);
  assert.deepEqual(await end, { state: 'done', id: tinyId, dtype: 'q8' });
  const progress = events.filter((event) => event.state === 'progress');
  assert.ok(progress.length > 0, 'progress was reported');
  const last = progress.at(-1)!;
  assert.ok(last.state === 'progress' && last.bytesTotal > 0);
  assert.ok(chat.reported.length > 0, 'the status line followed the download (no model before)');
  assert.deepEqual(notices, [{ kind: 'model-downloaded', model: before.displayName }]);

  // Used at once (nothing else was set up), and in use by the time the page hears "done".
  assert.equal(chat.models.length, 1);
  assert.match(chat.models[0]!.dir, new RegExp(`${tinyId}.q8$`));
  assert.equal(JSON.parse(await settingsFileText(dir)).modelId, tinyId);
  const listed = await tiny();
  assert.deepEqual(
    listed.installed.map((m) => m.dtype),
    ['q8'],
  );
  assert.equal(listed.inUse, true);
  // The model in use cannot be removed from under the engine.
  await assert.rejects(models.remove(tinyId), /in use/);

  // A device change loads the model again, on that device.
  await service.values.update({ device: 'cpu' });
  assert.equal(chat.models.at(-1)?.device, 'cpu');
});

test('with no model chosen, the catalog’s default, once installed, is the one in use', async () => {
  const { service, settings } = await setup({ models: fromFakeHub });
  const end = downloadEnd(service, []);
  await service.models.download(tinyId);
  assert.equal((await end).state, 'done');
  // Installed another way (the command line), never chosen in the settings: the chat runs the default.
  const { modelId: _chosen, ...unchosen } = await settings.all();
  await settings.save(unchosen);
  const listed = (await service.models.list()).models.find((model) => model.id === tinyId)!;
  assert.equal(listed.inUse, true, 'the running model is the one in use');
  await assert.rejects(service.models.remove(tinyId), /in use/);
});

test('a cancelled download leaves nothing installed, and says so', async (t) => {
  const { dir, service, chat } = await setup({ models: fromFakeHub });
  hub.faults.throttle = { chunkBytes: 4 * 1024, delayMs: 20 };
  t.after(() => void delete hub.faults.throttle);
  const events: DownloadEvent[] = [];
  const end = downloadEnd(service, events);
  service.onDownload((event) => {
    if (event.state === 'progress' && event.phase === 'downloading' && event.bytesDone > 0)
      service.models.cancelDownload(tinyId);
  });
  await service.models.download(tinyId);
  assert.deepEqual(await end, { state: 'cancelled', id: tinyId });
  assert.deepEqual(await listInstalledModels(path.join(dir, 'models')), []);
  const listed = (await service.models.list()).models.find((model) => model.id === tinyId)!;
  assert.deepEqual(listed.installed, []);
  assert.equal(listed.inUse, false);
  assert.equal(chat.models.length, 0);
  assert.ok(chat.loads > 0, 'the status line went back to "no model"');
  const unusable = await service.models.use(tinyId);
  assert.equal(unusable.ok, false, 'a model that is not installed cannot be used');
  assert.deepEqual(!unusable.ok && unusable.refusals, [
    { code: 'model-not-installed', field: 'modelId', detail: listed.displayName },
  ]);
});

test('without a network the download fails plainly', async () => {
  // Nothing listens on port 9 (discard).
  const { service } = await setup({ models: fromHub(() => 'http://127.0.0.1:9') });
  const events: DownloadEvent[] = [];
  const end = downloadEnd(service, events);
  await service.models.download(tinyId);
  const failed = await end;
  assert.equal(failed.state, 'failed');
  assert.ok(failed.state === 'failed' && failed.reason.length > 10, failed.state === 'failed' ? failed.reason : '');
});
