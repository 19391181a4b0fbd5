// Child process: builds (once) the random-weight model with the real
// SmolVLM-256M-Instruct shapes, in fp32 and in the real quantized formats (q8:
// onnxruntime's dynamic int8 operators; q4: MatMulNBits), and prints its
// folder. A build holds a few GB while it writes, so it runs apart from the
// measurements.
// The folder is cached under node_modules/.cache/sightline-bench-models/,
// keyed by a hash of the generator's source and options; stale builds are removed.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tinyModelDir } from '../test/fixtures/tiny-model/index.js';
import { repoRoot } from './child.js';
import { benchDtypes } from './config.js';

const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'sightline-bench-models');
const dir = await tinyModelDir('smolvlm', { shape: 'smolvlm-256m', dtypes: benchDtypes, cacheRoot });
for (const name of await readdir(cacheRoot)) {
  const path = join(cacheRoot, name);
  if (path !== dir) await rm(path, { recursive: true, force: true });
}
process.stdout.write(dir);
