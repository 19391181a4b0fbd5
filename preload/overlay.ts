// Preload of the region-selection overlay windows: named functions only.
import { contextBridge } from 'electron';
import { appInfo } from './shared/app-info.js';

const api = { appInfo };

export type SightlineOverlayApi = typeof api;

contextBridge.exposeInMainWorld('sightline', api);
