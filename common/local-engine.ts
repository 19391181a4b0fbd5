// Where Sightline's local models can run. They run on onnxruntime-node, whose
// npm package (1.30) carries native builds for Linux and Windows (x64, arm64)
// and for Apple-silicon Macs only: there is no build for Intel Macs. There,
// Sightline answers through a model server; the pages say so before anyone
// downloads a model that could not run. The engine checks the build itself
// (engine/runtime-info.ts); this is the table the pages can read without it.

/** 'no-build': onnxruntime has no native build for this platform, so local models cannot run here. */
export type LocalModelsSupport = 'available' | 'no-build';

/** Whether local models can run on this platform and processor (Node's process.platform and process.arch). */
export function localModelsSupport(platform: string, arch: string | undefined): LocalModelsSupport {
  return platform === 'darwin' && arch === 'x64' ? 'no-build' : 'available';
}
