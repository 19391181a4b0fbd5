// The settings panel's IPC, ready for the Electron main process to register:
// one handler per invoke channel (common/settings-contract.ts). The
// payloads arrive already checked against the contract (guardInvoke), and
// the service checks them again. Electron-free.
//
// Registered in Electron main by main/ipc/settings-ipc.ts, and served over
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

export function settingsInvokeHandlers(service: SettingsService): Handlers {
  return {
    'settings:get': () => service.view(),
    'settings:update': (patch) => service.update(patch),
    'settings:models': () => service.listModels(),
    'settings:download': async ({ id }) => {
      await service.download(id);
      return null;
    },
    'settings:cancel-download': async ({ id }) => {
      service.cancelDownload(id);
      return null;
    },
    'settings:remove-model': ({ id }) => service.removeModel(id),
    'settings:use-model': ({ id }) => service.useModel(id),
    'settings:check-backend': (draft) => service.checkBackend(draft),
    'settings:remote-models': (request) => service.remoteModels(request),
    'settings:set-api-key': (request) => service.setApiKey(request),
  };
}
