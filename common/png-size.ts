// A PNG's pixel size from its header, without decoding it: main checks what a
// capture adapter returned (and the overlay needs the size) without sharp,
// which must not run in Electron's main process.

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24 || signature.some((byte, i) => bytes[i] !== byte)) return undefined;
  // The first chunk must be IHDR: width and height are its first two 32-bit fields.
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
