// The settings panel's IPC, ready for the Electron main process to register:
// one handler per invoke channel (common/settings-contract.ts). The
// payloads arrive already checked against the contract (guardInvoke), and
// the settings check them again. Each channel goes to the part of the
// settings service that answers it. Electron-free.
//
// Registered in Electron main by main/app/start-settings.ts, and served over
// the WebSocket by the development web host (web-host/web-host.ts).
import type { InvokeReply, InvokeRequest } from '../../common/ipc-contract.js';
import type { SettingsInvokeChannel } from '../../common/settings-contract.js';
import type { SettingsService } from './settings-service.js';

type Handlers = {
  [C in SettingsInvokeChannel]: (payload: InvokeRequest<C>) => Promise<InvokeReply<C>>;
};

export const settingsHandledChannels = [
  'settings:get',
  'settings:update',
  'settings:models',
  'settings:download',
  'settings:cancel-download',
  'settings:remove-model',
  'settings:use-model',
  'settings:check-backend',
  'settings:remote-models',
  'settings:set-api-key',
] as const satisfies ReadonlyArray<SettingsInvokeChannel>;

// Every channel has a handler (fails to compile when the contract grows one).
const allHandled: Exclude<SettingsInvokeChannel, (typeof settingsHandledChannels)[number]> extends never
  ? true
  : never = true;
void allHandled;

export function settingsInvokeHandlers({ values, models, servers }: SettingsService): Handlers {
  return {
    'settings:get': () => values.view(),
    'settings:update': (patch) => values.update(patch),
    'settings:models': () => models.list(),
    'settings:download': async ({ id }) => {
      await models.download(id);
      return null;
    },
    'settings:cancel-download': async ({ id }) => {
      models.cancelDownload(id);
      return null;
    },
    'settings:remove-model': ({ id }) => models.remove(id),
    'settings:use-model': ({ id }) => models.use(id),
    'settings:check-backend': (draft) => servers.check(draft),
    'settings:remote-models': (request) => servers.listModels(request),
    'settings:set-api-key': (request) => servers.setApiKey(request),
  };
}
