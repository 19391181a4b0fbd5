import type { OverlaySessions } from '../capture/overlay-sessions.js';
import { overlayChannels, overlayInvokeChannels, overlaySendChannels } from '../../common/overlay-contract.js';
import { IpcRefused } from '../../common/guarded-ipc.js';
import { handleInvoke, handleSend } from './handle-ipc.js';

/** The overlay windows' channels, served from the current overlay session. */
export function registerOverlayIpc(overlays: OverlaySessions): void {
  handleInvoke(overlayChannels.frame, 'overlay', overlayInvokeChannels[overlayChannels.frame], (_payload, sender) => {
    const frame = overlays.frame(sender.id);
    // A page at app://overlay that is not one of this capture's windows.
    if (!frame) throw new IpcRefused(overlayChannels.frame, 'this window is not part of the current capture');
    return frame;
  });
  handleInvoke(
    overlayChannels.confirm,
    'overlay',
    overlayInvokeChannels[overlayChannels.confirm],
    (selection, sender) => overlays.confirm(sender.id, selection),
  );
  handleSend(overlayChannels.cancel, 'overlay', overlaySendChannels[overlayChannels.cancel], () => overlays.cancel());
  handleSend(overlayChannels.painted, 'overlay', overlaySendChannels[overlayChannels.painted], (_payload, sender) =>
    overlays.painted(sender.id),
  );
}
