// The shared-memory segment an X server writes a MIT-SHM GetImage into, made
// by Sightline rather than by the `x11` package: a file on /dev/shm, unlinked
// at once and known by its descriptor, whose rows the PNG encoder reads a
// band at a time instead of copying the whole segment into the heap.
import fs from 'node:fs';
import { X11Error, type OwnSegment, type SegmentProvider } from './x11-package.js';

let segments = 0;

/**
 * Like the package's own provider, except that it never copies the whole
 * segment into one big buffer (OwnSegment.buffer stays empty): the encoder
 * reads a band of rows at a time from the descriptor, so a 4K frame does not
 * cost another 33 MB of heap. `created` is told of each segment it makes.
 */
export function segmentProvider(created: (segment: OwnSegment) => void): SegmentProvider {
  return {
    flavor: 'fd',
    zeroCopy: false,
    create(size) {
      const file = `/dev/shm/sightline-capture-${process.pid}-${segments++}`;
      const fd = fs.openSync(file, 'w+', 0o600);
      try {
        fs.ftruncateSync(fd, size);
      } catch (error) {
        fs.closeSync(fd);
        throw error;
      } finally {
        // Anonymous from now on: gone once our descriptor and the server's mapping are.
        fs.rmSync(file, { force: true });
      }
      const segment = { size, fd, buffer: Buffer.alloc(0) };
      created(segment);
      return segment;
    },
    commit() {},
    sync() {},
    destroy(segment) {
      if (segment.fd === null) return;
      fs.closeSync(segment.fd);
      segment.fd = null;
    },
  };
}

/** Reads rows of a ZPixmap from a segment's descriptor (see ZPixmapImage.readRows). */
export function segmentReader(segment: OwnSegment, stride: number) {
  const read = (into: Buffer, at: number, length: number, position: number) => {
    if (segment.fd === null) throw new X11Error('The shared-memory segment was released before it was read.');
    const got = fs.readSync(segment.fd, into, at, length, position);
    if (got !== length) throw new X11Error(`Read ${got} of ${length} bytes from the shared-memory segment.`);
  };
  return (first: number, count: number, byteX: number, byteWidth: number, into: Buffer) => {
    if (byteX === 0 && byteWidth === stride) return read(into, 0, count * stride, first * stride);
    for (let row = 0; row < count; row++) read(into, row * byteWidth, byteWidth, (first + row) * stride + byteX);
  };
}
