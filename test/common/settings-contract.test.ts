import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webMethods, webMethodSchemas, ServerFrame } from '../../common/chat-web-contract.js';
import { invokeChannels } from '../../common/ipc-contract.js';
import { defaultSettings } from '../../common/settings.js';
import {
  SettingsPatch,
  SetApiKey,
  settingsEventChannels,
  settingsInvokeChannels,
} from '../../common/settings-contract.js';
import { settingsHandledChannels } from '../../host/settings/settings-handlers.js';

// The settings panel's channels are the same in Electron and on the web host,
// and every payload is checked.
const channels = Object.keys(settingsInvokeChannels);

test('every settings channel is an IPC channel, a web host method and handled', () => {
  for (const channel of channels) {
    assert.ok(channel in invokeChannels, `${channel} in the IPC contract`);
    assert.ok((webMethods as readonly string[]).includes(channel), `${channel} on the web host`);
    assert.ok(channel in webMethodSchemas);
  }
  assert.deepEqual([...settingsHandledChannels].sort(), [...channels].sort());
});

test('a change from the page: known fields only, the model only through "use", null keeps all history', () => {
  assert.ok(SettingsPatch.safeParse({ theme: 'dark', historyDays: null }).success);
  assert.ok(SettingsPatch.safeParse({ backend: { kind: 'local' } }).success);
  for (const bad of [
    { modelId: 'smolvlm-256m-instruct' },
    { theme: 'blue' },
    { extra: 1 },
    { backend: { kind: 'ollama', baseUrl: 'ftp://x', model: 'm', timeoutMs: 5000 } },
    { backend: { kind: 'ollama', baseUrl: 'http://user:pw@host', model: 'm', timeoutMs: 5000 } },
  ]) {
    assert.equal(SettingsPatch.safeParse(bad).success, false, JSON.stringify(bad));
  }
  const whole = { ...defaultSettings('Alt+Shift+S') };
  assert.ok(SettingsPatch.safeParse(whole).success, 'the whole settings (without a model) are a valid change');
  assert.equal(SetApiKey.safeParse({ kind: 'openai', apiKey: '' }).success, false);
});

test('settings events travel in web host frames and are checked by channel', () => {
  const frame = ServerFrame.safeParse({ type: 'event', channel: 'app:show-view', payload: { view: 'settings' } });
  assert.ok(frame.success);
  assert.ok(
    frame.data.type === 'event' && settingsEventChannels[frame.data.channel].safeParse(frame.data.payload).success,
  );
  assert.equal(ServerFrame.safeParse({ type: 'event', channel: 'chat:ask', payload: {} }).success, false);
  assert.equal(settingsEventChannels['app:show-view'].safeParse({ view: 'elsewhere' }).success, false);
});
