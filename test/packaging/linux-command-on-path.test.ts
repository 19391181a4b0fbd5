import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { distDir, repoRoot, requireBuild } from '../support/repo.js';

// `sightline` on the PATH of a .deb install, checked without building a .deb
// (fpm is a download the build machines cannot make): electron-builder names
// the app's binary after linux.executableName and installs the app in
// /opt/<product name>/; its .deb after-install script, from the template
// electron-builder ships, links /usr/bin/<executable> to that binary. The
// binary answers `sightline ask|models|text` itself (main/cli-mode.ts).
// linux-dir.test.ts checks the binary's name and the command in a packed app.

// js-yaml comes with electron-builder, which reads this very file with it.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  productName?: string;
  linux?: { executableName?: string; afterInstall?: string; afterRemove?: string };
  deb?: { afterInstall?: string; afterRemove?: string };
}

async function builderConfig(): Promise<BuilderConfig> {
  return yaml.load(await readFile(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** A template of electron-builder's Linux targets, its ${macros} filled in as its FpmTarget fills them. */
async function renderTemplate(name: string, macros: Record<string, string>): Promise<string> {
  const file = path.join(repoRoot, 'node_modules/app-builder-lib/templates/linux', name);
  return (await readFile(file, 'utf8')).replace(/\${([a-zA-Z]+)}/g, (match, macro: string) => {
    const value = macros[macro];
    if (value === undefined) throw new Error(`${name}: macro ${macro} is not defined`);
    return value;
  });
}

test("the binary is named sightline, and the .deb keeps electron-builder's own install scripts", async () => {
  const config = await builderConfig();
  assert.equal(config.linux?.executableName, 'sightline');
  assert.equal(config.productName, 'Sightline');
  // A script of our own would replace the one that puts the command on the PATH.
  for (const scripts of [config.linux, config.deb]) {
    assert.equal(scripts?.afterInstall, undefined);
    assert.equal(scripts?.afterRemove, undefined);
  }
});

test('installing the .deb links /usr/bin/sightline to the app binary, and removing it unlinks it', async () => {
  const config = await builderConfig();
  const macros = {
    executable: config.linux!.executableName!,
    sanitizedProductName: config.productName!,
    productFilename: config.productName!,
  };
  const afterInstall = await renderTemplate('after-install.tpl', macros);
  assert.match(
    afterInstall,
    /update-alternatives --install '\/usr\/bin\/sightline' 'sightline' '\/opt\/Sightline\/sightline' 100/,
  );
  // Without update-alternatives, a plain link.
  assert.match(afterInstall, /ln -sf '\/opt\/Sightline\/sightline' '\/usr\/bin\/sightline'/);
  const afterRemove = await renderTemplate('after-remove.tpl', macros);
  assert.match(afterRemove, /update-alternatives --remove 'sightline' '\/opt\/Sightline\/sightline'/);
});

test('the command module the app loads imports no native package into the main process', async () => {
  // sharp and onnxruntime never load in Electron's main process: the command's image work goes to the engine.
  requireBuild();
  const code = await readFile(path.join(distDir, 'cli', 'run-sightline.js'), 'utf8');
  const packages = [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'./][^"']*)["']/g)]
    .map((match) => match[1]!)
    .filter((specifier) => !specifier.startsWith('node:'));
  assert.ok(packages.includes('zod/mini'), 'the scan finds the imports');
  const native = packages.filter((specifier) =>
    /^(sharp|onnxruntime-node|@huggingface\/transformers|tesseract\.js-core|@img\/)/.test(specifier),
  );
  assert.deepEqual(native, []);
});
