// Preload of the region-selection overlay windows: named functions only, each
// named after its channel (overlay:frame, overlay:confirm, overlay:cancel,
// overlay:painted), as in the page's bridge (renderer/overlay/bridge.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { OverlayConfirmReply, OverlayFrame, OverlaySelection, overlayChannels } from '../common/overlay-contract.js';
import { appInfo } from './shared/app-info.js';

/** This window's display and its frozen frame (a PNG, or raw RGBA from the X11 capture), validated before the page sees them. */
async function frame(): Promise<OverlayFrame> {
  return OverlayFrame.parse(await ipcRenderer.invoke(overlayChannels.frame));
}

/** Hands the selection to main; main closes every overlay when it accepts it. */
async function confirm(selection: OverlaySelection): Promise<OverlayConfirmReply> {
  const payload = OverlaySelection.parse(selection);
  return OverlayConfirmReply.parse(await ipcRenderer.invoke(overlayChannels.confirm, payload));
}

/** Cancels the capture: main closes the overlays of every display at once. */
function cancel(): void {
  ipcRenderer.send(overlayChannels.cancel);
}

/** The frame (or the page's error) is on screen: main shows the window now. */
function painted(): void {
  ipcRenderer.send(overlayChannels.painted);
}

const api = { appInfo, frame, confirm, cancel, painted };

export type SightlineOverlayApi = typeof api;

contextBridge.exposeInMainWorld('sightline', api);
