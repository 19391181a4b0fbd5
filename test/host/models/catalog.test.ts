import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, useCatalogFileArgument } from '../../../host/models/catalog.js';
import { tinyEntry, tinyFiles, tinyId } from '../../support/tiny-catalog.js';

// A catalog file (SIGHTLINE_CATALOG) adds to the built-in catalog, for
// mirrors and companies serving their own models; the built-in catalog's own
// entries are checked in test/models/catalog.test.ts.
test('a catalog file (SIGHTLINE_CATALOG) adds its models and default; a broken one is refused with its path', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-catalog-'));
  const file = path.join(dir, 'catalog.json');
  const files = await tinyFiles();
  await writeFile(file, JSON.stringify({ defaultModel: tinyId, models: [tinyEntry(files)] }));
  const previous = process.env.SIGHTLINE_CATALOG;
  t.after(async () => {
    if (previous === undefined) delete process.env.SIGHTLINE_CATALOG;
    else process.env.SIGHTLINE_CATALOG = previous;
    await rm(dir, { recursive: true, force: true });
  });
  process.env.SIGHTLINE_CATALOG = file;
  const catalog = loadCatalog();
  assert.equal(catalog.defaultModel, tinyId);
  assert.ok(
    catalog.models.some((entry) => entry.id === 'smolvlm-256m-instruct'),
    'the built-in models stay',
  );
  await writeFile(file, JSON.stringify({ models: [{ ...tinyEntry(files), revision: 'main' }] }));
  assert.throws(
    () => loadCatalog(),
    new RegExp(`The catalog file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid: .*revision`),
  );
});

test("the app's --catalog <file> names the catalog file as SIGHTLINE_CATALOG does, the flag winning", () => {
  const env: NodeJS.ProcessEnv = { SIGHTLINE_CATALOG: '/elsewhere/catalog.json' };
  useCatalogFileArgument(['electron', '.', '--catalog', 'mirror/catalog.json'], env);
  assert.equal(env.SIGHTLINE_CATALOG, path.resolve('mirror/catalog.json'));
  useCatalogFileArgument(['electron', '.', '--catalog=/srv/company.json'], env);
  assert.equal(env.SIGHTLINE_CATALOG, '/srv/company.json');
  const untouched: NodeJS.ProcessEnv = {};
  useCatalogFileArgument(['electron', '.', '--capture'], untouched);
  assert.deepEqual(untouched, {});
});
