import sharp from 'sharp';

/** A screenshot-like PNG: coloured blocks, so different regions give different pixels. */
export async function testPng(width: number, height: number, seed = 0): Promise<Uint8Array<ArrayBuffer>> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = ((x >> 3) * 37 + seed) % 256;
      raw[i + 1] = ((y >> 3) * 53 + seed * 7) % 256;
      raw[i + 2] = (((x >> 4) ^ (y >> 4)) * 29) % 256;
    }
  }
  return new Uint8Array(
    await sharp(raw, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer(),
  );
}
