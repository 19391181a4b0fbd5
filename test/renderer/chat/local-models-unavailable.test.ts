import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelItem } from '../../../common/settings-contract.js';
import { askQuestion, fakeChatPagesForThisFile, newCapture } from './fake-pages.js';

// An Intel Mac, where onnxruntime has no build and local models cannot run:
// the page says so where it would offer a download, and every way out leads
// to the Answer source section. Elsewhere nothing of it shows.
const openChat = fakeChatPagesForThisFile();
const intelMac = { platform: 'darwin' as const, arch: 'x64' };
const appleSilicon = { platform: 'darwin' as const, arch: 'arm64' };

const sampleModels: ModelItem[] = [
  {
    id: 'smolvlm-256m-instruct',
    displayName: 'SmolVLM 256M',
    goodFor: {
      en: 'First run and CPU-only machines: small download, quick answers about screenshots',
      fr: 'Premier lancement et machines sans GPU\u00a0: petit téléchargement, réponses rapides sur les captures d’écran',
    },
    license: 'apache-2.0',
    dtype: 'q8',
    bytes: 270_000_000,
    installed: [],
    inUse: false,
    recommended: true,
  },
];

test('on an Intel Mac the first run offers a model server, not a download that could not run', async () => {
  const { page, problems, close } = await openChat({ machine: intelMac, models: sampleModels });
  try {
    await page.evaluate(() => window.__fake.setStatus({ kind: 'no-model' }));
    const notice = page.getByRole('region', { name: 'Local models cannot run on this Mac' });
    await notice.waitFor();
    await notice.getByText(/onnxruntime, which has no build for Intel Macs/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Download' }).count(), 0);
    // Neither the welcome nor the status line speaks of a model on this computer, or of a download.
    await page.getByText('Local models cannot run on this Mac: choose a model server.').waitFor();
    await page.getByText(/the model server you choose explains it/).waitFor();
    assert.equal(await page.getByText(/running on this computer|Download one to start/).count(), 0);
    await notice.getByRole('button', { name: 'Choose a model server' }).click();
    await page.getByRole('heading', { name: 'Answer source' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('on an Intel Mac the Model section says models cannot run here, in French too', async () => {
  const { page, problems, close } = await openChat({ machine: intelMac, models: sampleModels, locale: 'fr-FR' });
  try {
    await page.getByRole('button', { name: 'Réglages' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Modèle', exact: true }).click();
    const notice = page.getByRole('region', { name: 'Les modèles locaux ne peuvent pas fonctionner sur ce Mac' });
    await notice.waitFor();
    await notice.getByText(/Les modèles téléchargés ici ne peuvent donc pas fonctionner\./).waitFor();
    // The catalog is still listed below it.
    await page.getByText('SmolVLM 256M').waitFor();
    await notice.getByRole('button', { name: 'Choisir un serveur de modèles' }).click();
    await page.getByRole('heading', { name: 'Source des réponses' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('an answer that failed for want of onnxruntime offers the way to a model server', async () => {
  const { page, problems, close } = await openChat({ machine: intelMac, locale: 'fr-FR' });
  try {
    await newCapture(page);
    await askQuestion(page, 'Qu’est-ce que c’est ?', 'Votre question');
    await page.evaluate(() =>
      window.__fake.fail(
        'The local model engine cannot run on this Mac: onnxruntime, which runs the models, has no build for Intel Macs. Choose a model server in Settings → Answer source.',
        'local-engine-unavailable',
      ),
    );
    await page
      .getByText(/Les modèles locaux ne peuvent pas fonctionner sur cet ordinateur\./)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Choisir un serveur de modèles' }).first().click();
    await page.getByRole('heading', { name: 'Source des réponses' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await close();
  }
});

test('on an Apple-silicon Mac the Model section offers its models as usual', async () => {
  const { page, close } = await openChat({ machine: appleSilicon, models: sampleModels });
  try {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('navigation').getByRole('button', { name: 'Model', exact: true }).click();
    await page.getByText('SmolVLM 256M').waitFor();
    assert.equal(await page.getByText('Local models cannot run on this Mac').count(), 0);
  } finally {
    await close();
  }
});
