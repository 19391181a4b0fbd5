// An image's format and pixel size from its first bytes, without decoding it,
// for the four formats Sightline opens (PNG, JPEG, WebP, GIF): every door an
// image comes in by refuses other files, and images that declare more pixels
// than Sightline reads, before anything decodes them. Pure: the page, main
// and the web host use it alike.
import { pngSize } from './png-size.js';

export interface ImageHeader {
  format: 'png' | 'jpeg' | 'webp' | 'gif';
  /** Absent while the bytes given stop before the header says it. */
  size?: { width: number; height: number };
}

/** The format and size the bytes declare; undefined for anything but the four formats. */
export function imageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    const size = pngSize(bytes);
    return size ? { format: 'png', size } : { format: 'png' };
  }
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return withSize('jpeg', jpegSize(bytes));
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') {
    return withSize('gif', bytes.length >= 10 ? { width: uint16le(bytes, 6), height: uint16le(bytes, 8) } : undefined);
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return withSize('webp', webpSize(bytes));
  return undefined;
}

function withSize(format: ImageHeader['format'], size: ImageHeader['size']): ImageHeader {
  return size ? { format, size } : { format };
}

/** The frame's size from the first start-of-frame marker (SOF0 to SOF15, bar DHT, JPG and DAC). */
function jpegSize(bytes: Uint8Array): ImageHeader['size'] {
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: uint16be(bytes, at + 5), width: uint16be(bytes, at + 7) };
    }
    // Markers without a length (restart markers, TEM) are two bytes; every other one says its length.
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) at += 2;
    else at += 2 + uint16be(bytes, at + 2);
  }
  return undefined;
}

/** The canvas size of a lossy (VP8), lossless (VP8L) or extended (VP8X) WebP. */
function webpSize(bytes: Uint8Array): ImageHeader['size'] {
  if (bytes.length < 30) return undefined;
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ' && startsWith(bytes, 23, [0x9d, 0x01, 0x2a])) {
    return { width: uint16le(bytes, 26) & 0x3fff, height: uint16le(bytes, 28) & 0x3fff };
  }
  if (chunk === 'VP8L' && bytes[20] === 0x2f) {
    const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') return { width: uint24le(bytes, 24) + 1, height: uint24le(bytes, 27) + 1 };
  return undefined;
}

function startsWith(bytes: Uint8Array, offset: number, expected: readonly number[]): boolean {
  return bytes.length >= offset + expected.length && expected.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return bytes.length < offset + length ? '' : String.fromCharCode(...bytes.subarray(offset, offset + length));
}

const uint16le = (bytes: Uint8Array, at: number) => bytes[at]! | (bytes[at + 1]! << 8);
const uint16be = (bytes: Uint8Array, at: number) => (bytes[at]! << 8) | bytes[at + 1]!;
const uint24le = (bytes: Uint8Array, at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
