// The app's PrepareImage: the engine scales and encodes the capture (sharp
// must not run in Electron's main process; engine-host's resize()).
import type { EngineHost } from '../engine-host/engine-host.js';
import type { PrepareImage } from './image-payload.js';

export function enginePrepareImage(host: Pick<EngineHost, 'resize'>): PrepareImage {
  return async (bytes, maxSide, allowJpeg) => {
    const resized = await host.resize(bytes, maxSide, allowJpeg);
    return { bytes: resized.bytes, mime: resized.mime };
  };
}
