// The model folders to measure: the tiny fixtures of both families, a
// random-weight model with the real SmolVLM-256M shapes (built on first use),
// and a real model folder when SIGHTLINE_BENCH_MODEL names one.
import path from 'node:path';
import { Dtype, type DeviceSetting } from '../main/core/engine-protocol.js';
import { tinyModelDir } from '../test/fixtures/tiny-model/index.js';
import { runChild } from './child.js';
import type { ModelSpec } from './config.js';

const buildTimeoutMs = 5 * 60_000;

/** SIGHTLINE_BENCH_DEVICE: auto, gpu or cpu (default cpu, so numbers compare across machines). */
function device(): DeviceSetting {
  const value = process.env.SIGHTLINE_BENCH_DEVICE ?? 'cpu';
  if (value !== 'auto' && value !== 'gpu' && value !== 'cpu') throw new Error(`SIGHTLINE_BENCH_DEVICE=${value}`);
  return value;
}

async function realShapedDir(log: (line: string) => void): Promise<string> {
  const started = performance.now();
  log('preparing the random-weight model at SmolVLM-256M shapes (about 1 GB, built once)...');
  const outcome = await runChild('bench/prepare-real-shaped.ts', [], buildTimeoutMs);
  if (outcome.code !== 0 || outcome.stdout === '') {
    throw new Error(
      `building the real-shaped model failed (exit ${outcome.code}${outcome.timedOut ? ', timed out' : ''})`,
    );
  }
  log(`  ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${outcome.stdout}`);
  return outcome.stdout;
}

/** `filters`: keep models whose label contains one of them (all when empty). */
export async function modelTargets(filters: string[], log: (line: string) => void): Promise<ModelSpec[]> {
  const wanted = (label: string) => filters.length === 0 || filters.some((f) => label.includes(f));
  const specs: ModelSpec[] = [];
  const dev = device();
  // fp32: the tiny folders' other dtypes are byte copies of the same graph.
  if (wanted('tiny-smolvlm'))
    specs.push({ label: 'tiny-smolvlm', dir: await tinyModelDir('smolvlm'), kind: 'tiny', device: dev, dtype: 'fp32' });
  if (wanted('tiny-qwen2-vl'))
    specs.push({
      label: 'tiny-qwen2-vl',
      dir: await tinyModelDir('qwen2-vl'),
      kind: 'tiny',
      device: dev,
      dtype: 'fp32',
    });
  if (wanted('smolvlm-256m-shaped'))
    specs.push({
      label: 'smolvlm-256m-shaped',
      dir: await realShapedDir(log),
      kind: 'real-shaped',
      device: dev,
      dtype: 'fp32',
    });
  const real = process.env.SIGHTLINE_BENCH_MODEL;
  if (real && wanted('real')) {
    const wantedDtype = process.env.SIGHTLINE_BENCH_DTYPE;
    const dtype = wantedDtype ? Dtype.parse(wantedDtype) : undefined;
    specs.push({
      label: `real:${path.basename(path.resolve(real))}`,
      dir: path.resolve(real),
      kind: 'real',
      device: dev,
      ...(dtype ? { dtype } : {}),
    });
  }
  return specs;
}
