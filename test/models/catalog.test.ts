import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Dtype } from '../../common/engine-protocol.js';
import {
  configFilesOf,
  onnxFileName,
  onnxModulesOf,
  optionalConfigFiles,
  requiredFiles,
} from '../../common/model-files.js';
import { CatalogEntry } from '../../common/catalog-schema.js';
import { findEntry, loadCatalog, offeredDtypes, pickDtype } from '../../host/models/catalog.js';
import { chooseDtype } from '../../common/device-choice.js';
import { isExternalDataOf } from '../../host/models/download-plan.js';
import { catalog as builtIn } from '../../models/catalog.js';

// The catalog is hand-written from hub pages: its schema, and that every file
// it lists is one the engine loads under that name, are checked here.
const catalog = loadCatalog();

test('the built-in catalog matches its schema', () => {
  assert.equal(catalog.models.length, builtIn.models.length);
  for (const entry of builtIn.models) {
    const parsed = CatalogEntry.safeParse(entry);
    assert.ok(parsed.success, `${entry.id}: ${parsed.success ? '' : parsed.error.message}`);
  }
});

test('every model is described in English and in French (French typography: a no-break space before : and ;)', () => {
  for (const entry of builtIn.models) {
    const { en, fr } = entry.goodFor;
    assert.notEqual(fr, en, `${entry.id} has its own French description`);
    assert.doesNotMatch(fr, / [:;?!]/, `${entry.id}: "${fr}"`);
  }
  const first = builtIn.models[0]!;
  const englishOnly = { ...first, goodFor: { en: first.goodFor.en } };
  assert.equal(CatalogEntry.safeParse(englishOnly).success, false, 'an entry without French is refused');
});

test('it offers the required models, each pinned to a commit', () => {
  const repos = catalog.models.map((entry) => entry.repo);
  for (const repo of [
    'HuggingFaceTB/SmolVLM-256M-Instruct',
    'HuggingFaceTB/SmolVLM-500M-Instruct',
    'onnx-community/Qwen2-VL-2B-Instruct',
  ]) {
    assert.ok(repos.includes(repo), repo);
  }
  for (const entry of catalog.models) assert.match(entry.revision, /^[0-9a-f]{40}$/, entry.id);
});

test("every listed file is one the family's loader opens, and none it needs is missing", () => {
  for (const entry of catalog.models) {
    assert.ok(Object.hasOwn(onnxModulesOf, entry.family), `${entry.id}: the engine has no family ${entry.family}`);
    for (const [dtype, offered] of Object.entries(entry.dtypes) as Array<[Dtype, { files: string[] }]>) {
      const required = requiredFiles(entry.family, dtype);
      const graphs = required.filter((file) => file.endsWith('.onnx'));
      for (const file of offered.files) {
        assert.ok(
          required.includes(file) || graphs.some((graph) => isExternalDataOf(file, graph)),
          `${entry.id} ${dtype}: ${file} is not a file the engine loads`,
        );
      }
      for (const file of required) assert.ok(offered.files.includes(file), `${entry.id} ${dtype}: ${file} is missing`);
      for (const file of configFilesOf[entry.family]) assert.ok(offered.files.includes(file));
      for (const module of onnxModulesOf[entry.family]) assert.ok(offered.files.includes(onnxFileName(module, dtype)));
    }
  }
});

test('the recommended dtypes are offered and follow the engine (8-bit on CPU)', () => {
  for (const entry of catalog.models) {
    assert.ok(entry.dtypes[entry.recommended.cpu], entry.id);
    assert.ok(entry.dtypes[entry.recommended.gpu], entry.id);
    assert.equal(pickDtype(entry), entry.recommended.cpu);
    assert.equal(pickDtype(entry, { device: 'gpu' }), entry.recommended.gpu);
    // What the engine itself would pick from the offered files, on each kind of device.
    assert.equal(chooseDtype('cpu', offeredDtypes(entry)), entry.recommended.cpu, `${entry.id} on a CPU`);
    assert.equal(chooseDtype('cuda', offeredDtypes(entry)), entry.recommended.gpu, `${entry.id} on a GPU`);
  }
});

test("the first run's download is checked against the catalog's own pins: every graph of the default model's CPU dtype has one", () => {
  const entry = findEntry(catalog, catalog.defaultModel);
  const graphs = entry.dtypes[entry.recommended.cpu]!.files.filter((file) => file.endsWith('.onnx'));
  assert.equal(graphs.length, 3);
  for (const graph of graphs) assert.match(entry.pins?.[graph]?.sha256 ?? '', /^[0-9a-f]{64}$/, graph);
});

test('the first-run default is the smallest CPU download', () => {
  const cpuBytes = (id: string) => {
    const entry = findEntry(catalog, id);
    return entry.dtypes[entry.recommended.cpu]!.bytes;
  };
  const smallest = Math.min(...catalog.models.map((entry) => cpuBytes(entry.id)));
  assert.equal(cpuBytes(catalog.defaultModel), smallest);
});

test('models/README.md documents every entry: id, pinned revision and what is unverified', async () => {
  const readme = await readFile(fileURLToPath(new URL('../../models/README.md', import.meta.url)), 'utf8');
  assert.match(readme, new RegExp(`default.*${catalog.defaultModel}`, 'i'));
  for (const entry of catalog.models) {
    const section = readme.split(/^### /m).find((part) => part.startsWith(`${entry.id}\n`));
    assert.ok(section, `a "### ${entry.id}" section`);
    assert.ok(section.includes(entry.revision), `${entry.id}: revision ${entry.revision}`);
    for (const field of entry.unverified) {
      assert.match(
        section,
        new RegExp(`Unverified: ${field}`),
        `${entry.id}: says where the unverified ${field} come from`,
      );
    }
  }
});

test('an invalid entry is refused with the field named; a valid extra one is added or replaces by id', () => {
  const base = builtIn.models[0]!;
  assert.throws(
    () => loadCatalog([{ ...base, id: 'bad-revision', revision: 'main' }]),
    /revision: a 40-character commit SHA/,
  );
  assert.throws(
    () => loadCatalog([{ ...base, id: 'bad-dtype', recommended: { gpu: 'bnb4', cpu: 'q8' } }]),
    /recommended dtypes must be among the offered/,
  );
  const replaced = loadCatalog([{ ...base, goodFor: { en: 'replaced', fr: 'remplacé' } }]);
  assert.deepEqual(findEntry(replaced, base.id).goodFor, { en: 'replaced', fr: 'remplacé' });
  assert.equal(replaced.models.length, builtIn.models.length);
  assert.throws(() => findEntry(catalog, 'nope'), /no model "nope".*smolvlm-256m-instruct/);
  assert.throws(() => pickDtype(base, { dtype: 'bnb4' }), /not offered as bnb4/);
});

test('pins name only files the hub keeps in LFS: the small config files are listed by git blob id, which a SHA-256 pin cannot match', () => {
  const inGit = new Set([
    'config.json',
    'generation_config.json',
    'preprocessor_config.json',
    'tokenizer_config.json',
    ...optionalConfigFiles,
  ]);
  for (const entry of builtIn.models) {
    for (const pinned of Object.keys(entry.pins ?? {})) {
      assert.ok(!inGit.has(pinned), `${entry.id}: ${pinned} is kept in git; pin it by git blob id, not SHA-256`);
    }
  }
});
