// A PNG the host sent as base64 (the image that leaves for a capture with
// hidden areas: JSON carries it over IPC and the web host's socket alike) as a
// Blob the page can show or copy.
export function pngBlob(base64: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: 'image/png' });
}
