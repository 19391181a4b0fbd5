import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLineOf } from '../../main/cli-invocation.js';

// Which launches of the app are the `sightline` command: installed, argv is
// [binary, ...words]; in development (`electron . ...`, process.defaultApp),
// [electron, app folder, ...words].

test('ask, models, text, --version and --help make a command line, installed and in development', () => {
  for (const words of [
    ['ask', '--image', 'shot.png', 'Why?'],
    ['models', 'list'],
    ['text', '--image', 'shot.png'],
    ['--version'],
    ['-v'],
    ['--help'],
  ]) {
    assert.deepEqual(commandLineOf(['/usr/bin/sightline', ...words], false), words);
    assert.deepEqual(commandLineOf(['/opt/electron', '.', ...words], true), words);
  }
});

test('Chromium switches put first are passed over', () => {
  assert.deepEqual(commandLineOf(['/opt/Sightline/sightline', '--no-sandbox', 'models', 'list'], false), [
    'models',
    'list',
  ]);
  assert.deepEqual(commandLineOf(['sightline', '--ozone-platform=x11', '--version'], false), ['--version']);
});

test('the app itself starts without words, with --capture or --catalog, and for anything else', () => {
  for (const words of [
    [],
    ['--capture'],
    ['--capture', 'ask'],
    ['--catalog', 'models.json'],
    ['--catalog=models.json', 'ask'],
    ['--no-sandbox'],
    ['capture'],
    ['Ask'],
    ['-psn_0_12345'],
  ]) {
    assert.equal(commandLineOf(['/usr/bin/sightline', ...words], false), undefined, words.join(' '));
  }
  // In development the app's folder is not a command.
  assert.equal(commandLineOf(['/opt/electron', 'ask'], true), undefined);
});
