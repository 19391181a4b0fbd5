// PrepareImage with sharp in this process, for the CLI and the tests. Never
// import this from Electron's main process (sharp there is known to crash on
// Linux): the app uses engine-prepare-image.ts, which runs the same code in
// the engine.
import { resizeForUpload } from '../../engine/resize.js';
import type { PrepareImage } from './image-payload.js';

export const directPrepareImage: PrepareImage = async (bytes, maxSide, allowJpeg) => {
  const prepared = await resizeForUpload(bytes, maxSide, allowJpeg);
  return { bytes: prepared.bytes, mime: prepared.mime };
};
