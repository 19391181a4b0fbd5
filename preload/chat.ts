// Preload of the chat window: the page's only door to the app. It exposes named
// functions, never ipcRenderer itself.
import { contextBridge } from 'electron';
import { appInfo } from './shared/app-info.js';

const api = { appInfo };

export type SightlineChatApi = typeof api;

contextBridge.exposeInMainWorld('sightline', api);
