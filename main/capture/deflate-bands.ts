// One zlib stream deflated in bands, in parallel on libuv's thread pool:
// each band ends on a sync flush so the bands' deflate blocks chain into one
// stream, and the stream's Adler-32 is combined from the bands' own.
import zlib from 'node:zlib';

const syncMarker = Buffer.from([0x00, 0x00, 0xff, 0xff]);

export interface Band {
  /** The zlib stream's 2-byte header. */
  header: Buffer;
  /** Deflate blocks of the band, ending on a sync flush: bands concatenate. */
  body: Buffer;
  adler: number;
  length: number;
}

/**
 * Deflates one band into a zlib stream ended by a sync flush and then an
 * empty final block, so that zlib itself computes the band's Adler-32 (the
 * stream's last 4 bytes) and the blocks before the empty one can be chained
 * with the next band's.
 */
export function deflateBand(rows: Buffer, level: number, finalBlock: Buffer): Promise<Band> {
  return new Promise((resolve, reject) => {
    // Room for the whole band's output in one piece: with zlib's default 16 KiB
    // the band would come back in many small steps, each a hop to this thread.
    const stream = zlib.createDeflate({ level, chunkSize: rows.length + (rows.length >>> 3) + 1024 });
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('end', () => {
      const all = Buffer.concat(chunks);
      const end = all.length - 4 - finalBlock.length;
      const shaped =
        end >= 6 &&
        all.subarray(end - 4, end).equals(syncMarker) &&
        all.subarray(end, all.length - 4).equals(finalBlock);
      if (!shaped) return reject(new Error('zlib ended a band in an unexpected way.'));
      resolve({
        header: all.subarray(0, 2),
        body: all.subarray(2, end),
        adler: all.readUInt32BE(all.length - 4),
        length: rows.length,
      });
    });
    stream.write(rows);
    // Only once the flush is through may the stream end: ending it sooner
    // merges the flush into the final block.
    stream.flush(zlib.constants.Z_SYNC_FLUSH, () => stream.end());
  });
}

/** Adler-32 of A followed by B, from theirs (zlib's adler32_combine). */
export function adlerCombine(first: number, second: number, secondLength: number): number {
  const base = 65521;
  const rem = secondLength % base;
  let sum1 = first & 0xffff;
  let sum2 = (rem * sum1) % base;
  sum1 += (second & 0xffff) + base - 1;
  sum2 += (first >>> 16) + (second >>> 16) + base - rem;
  if (sum1 >= base) sum1 -= base;
  if (sum1 >= base) sum1 -= base;
  if (sum2 >= base * 2) sum2 -= base * 2;
  if (sum2 >= base) sum2 -= base;
  return ((sum2 << 16) | sum1) >>> 0;
}

/** The final block zlib writes at this level when the stream ends with nothing pending. */
const finalBlocks = new Map<number, Buffer>();
export function finalBlockAt(level: number): Buffer {
  let block = finalBlocks.get(level);
  if (!block) {
    const empty = zlib.deflateSync(Buffer.alloc(0), { level });
    block = empty.subarray(2, empty.length - 4);
    finalBlocks.set(level, block);
  }
  return block;
}
