import { ipcRenderer } from 'electron';
import { AppInfo } from '../../common/ipc-contract.js';

/** Asks main who we are; the reply is validated before the page sees it. */
export async function appInfo(): Promise<AppInfo> {
  return AppInfo.parse(await ipcRenderer.invoke('app:info'));
}
