import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { linuxCaptureTools } from '../../main/capture/screenshot-desktop-adapter.js';
import { repoRoot } from '../support/repo.js';

// What the Linux packages declare for screen capture: the in-process X11
// capture needs the `x11` npm package at run time (pure JavaScript, nothing to
// unpack from the asar) and no system package; its fallback's tools are the
// .deb's recommendations, the same list the app names when one is missing.

// js-yaml comes with electron-builder, which reads this very file with it.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  deb?: { depends?: string[]; recommends?: string[] };
}

test("the .deb recommends the packages of the capture fallback's tools", async () => {
  const config = yaml.load(await readFile(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
  const recommends = config.deb?.recommends ?? [];
  for (const tool of linuxCaptureTools) {
    assert.ok(recommends.includes(tool.debianPackage), `deb.recommends lacks ${tool.debianPackage} (${tool.command})`);
  }
  // Setting recommends replaces electron-builder's default list: keep its entry.
  assert.ok(recommends.includes('libappindicator3-1'));
});

test('the x11 package is a run-time dependency with no native code', async () => {
  const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  assert.ok(pkg.dependencies.x11, 'x11 must be in dependencies, so that electron-builder ships it');
  const manifest = JSON.parse(await readFile(path.join(repoRoot, 'node_modules/x11/package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    scripts?: Record<string, string>;
    gypfile?: boolean;
  };
  assert.deepEqual(manifest.dependencies ?? {}, {});
  assert.equal(manifest.gypfile, undefined);
  for (const hook of ['preinstall', 'install', 'postinstall']) assert.equal(manifest.scripts?.[hook], undefined);
});
