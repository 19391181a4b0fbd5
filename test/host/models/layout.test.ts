import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { defaultModelsRoot, modelsRootIn, parseStagingName } from '../../../host/models/layout.js';

// Where models live on disk, for the app and the CLI alike.
test('the CLI default models folder is the app user-data folder plus /models on every platform', () => {
  assert.equal(defaultModelsRoot({}, 'linux', '/home/ada'), path.join('/home/ada/.config/Sightline/models'));
  assert.equal(
    defaultModelsRoot({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ada'),
    path.join('/xdg/Sightline/models'),
  );
  assert.equal(
    defaultModelsRoot({}, 'darwin', '/Users/ada'),
    path.join('/Users/ada/Library/Application Support/Sightline/models'),
  );
  assert.match(
    defaultModelsRoot({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ada'),
    /Roaming.Sightline.models$/,
  );
  assert.equal(
    defaultModelsRoot({ SIGHTLINE_MODELS_DIR: '/data/models' }, 'linux', '/home/ada'),
    path.resolve('/data/models'),
  );
  assert.equal(modelsRootIn('/u'), path.join('/u', 'models'));
  assert.deepEqual(parseStagingName('smolvlm-256m-instruct--q8--acc054744d60'), {
    id: 'smolvlm-256m-instruct',
    dtype: 'q8',
    revisionPrefix: 'acc054744d60',
  });
  assert.equal(parseStagingName('x.lock'), undefined);
});
