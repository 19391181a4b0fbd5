// The printed report: one section per model as it finishes, the pure tiling
// table, and a summary table at the end. Measurements and ratios, no verdicts.
import { largeRegion, smallRegion } from './config.js';
import { mb, ms, rate, size, table, x } from './format.js';
import { isFailure, type BenchResults, type ModelFailure, type ModelResult, type TilingRow } from './results.js';

export function machineSection(machine: BenchResults['machine']): string {
  return [
    `Machine: ${machine.cpuModel}, ${machine.cpus} CPUs, ${machine.totalMemoryGB.toFixed(0)} GB, ${machine.platform}-${machine.arch}`,
    `Node ${machine.node}, onnxruntime-node ${machine.onnxruntime}, @huggingface/transformers ${machine.transformers}`,
    `Load average at start: ${loads(machine.loadAverageAtStart)} (other work on this machine skews timings)`,
  ].join('\n');
}

export function tilingSection(rows: TilingRow[]): string {
  return [
    "Image tokens per region: Sightline's tiling policy vs the processor's default (pure computation)",
    table(
      ['model / region', 'policy tokens', 'policy tiling', 'default tokens', 'default tiling', 'policy/default'],
      rows.map((r) => [
        `${r.model} ${size(r.region)}`,
        String(r.policyTokens),
        r.policyDetail,
        String(r.defaultTokens),
        r.defaultDetail,
        x(r.ratio),
      ]),
    ),
  ].join('\n');
}

export function modelSection(m: ModelResult | ModelFailure): string {
  if (isFailure(m)) return `${m.label}: FAILED\n${m.error}`;
  const lines = [
    `${m.label}: ${m.family}, ${m.provider} ${m.dtype}, max_new_tokens ${m.maxNewTokens}, greedy; ${m.dir}`,
    `  load average ${loads(m.loadAverage.start)} at start, ${loads(m.loadAverage.end)} at end`,
    `  load: engine ${ms(m.loadMs.engine)}, bare ${ms(m.loadMs.bare)} (the bare load reads files the engine load just read)`,
    `  memory (RSS): process baseline ${mb(m.memoryMB.baseline)}, after engine load ${mb(m.memoryMB.afterEngineLoad)}, ` +
      `engine peak ${mb(m.memoryMB.enginePeak)} (load + ${size(m.followUp.region)} answer + follow-up), ` +
      `whole run with the bare model beside it ${mb(m.memoryMB.processPeak)}`,
    '',
    '  Engine (Vlm.answer) vs bare transformers.js generate(): same files, PNG, tiling and max_new_tokens (medians)',
    indent(
      table(
        [
          'region / tiling',
          'runs',
          'engine total',
          'bare total',
          'total ratio',
          'engine TTFT',
          'bare TTFT',
          'TTFT ratio',
          'engine decode',
          'bare decode',
          'image tokens e/b',
        ],
        m.overhead.map((o) => [
          `${size(o.region)} ${o.tiling}`,
          `${o.engine.samples.length}/${o.bare.samples.length}`,
          ms(o.engine.medianWallMs),
          ms(o.bare.medianWallMs),
          x(o.totalRatio),
          ms(o.engine.medianTimeToFirstTokenMs),
          ms(o.bare.medianTimeToFirstTokenMs),
          x(o.timeToFirstTokenRatio),
          rate(o.engine.medianDecodeTokensPerSecond),
          rate(o.bare.medianDecodeTokensPerSecond),
          `${o.engine.samples[0]?.imageTokens ?? 0}/${o.bare.samples[0]?.imageTokens ?? 0}`,
        ]),
      ),
    ),
    ...m.overhead
      .filter((o) => o.engine.samples[0]?.imageTokens !== o.bare.samples[0]?.imageTokens)
      .map(
        (o) =>
          `  note: at ${size(o.region)} the engine's image holds ${o.engine.samples[0]?.imageTokens} image tokens, the bare processor's ` +
          `${o.bare.samples[0]?.imageTokens} under the same plan (the engine scales the image down before the processor does)`,
      ),
    '',
    `  Follow-up question at ${size(m.followUp.region)}: key/value cache reused vs recomputed (same tokens${m.followUp.sameText ? ', same answer' : ', ANSWERS DIFFER'})`,
    indent(
      table(
        ['turn', 'prompt tokens', 'image tokens', 'cached tokens', 'TTFT', 'total'],
        [
          ['first turn', m.followUp.firstTurn],
          ['follow-up, reuse', m.followUp.reuse],
          ['follow-up, recompute', m.followUp.recompute],
        ].map(([name, s]) => {
          const sample = s as ModelResult['followUp']['reuse'];
          return [
            name as string,
            String(sample.promptTokens),
            String(sample.imageTokens),
            String(sample.cachedTokens ?? 0),
            ms(sample.timeToFirstTokenMs),
            ms(sample.wallMs),
          ];
        }),
      ),
    ),
    `  follow-up TTFT ratio reuse/recompute: ${x(m.followUp.timeToFirstTokenRatio)}`,
    '',
    `  Tiling, all through bare generate(): the policy vs the processor's default at ${size(m.tiling.region)}`,
    indent(
      table(
        ['tiling', 'tiles', 'image tokens', 'TTFT', 'total', 'decode'],
        [
          [`policy, ${size(m.tiling.smallRegion)}`, m.tiling.smallPolicy],
          [`policy, ${size(m.tiling.region)}`, m.tiling.policy],
          [`processor default, ${size(m.tiling.region)}`, m.tiling.processorDefault],
        ].map(([name, s]) => {
          const sample = s as ModelResult['tiling']['policy'];
          return [
            name as string,
            sample.tiles === undefined ? '-' : String(sample.tiles),
            String(sample.imageTokens),
            ms(sample.timeToFirstTokenMs),
            ms(sample.wallMs),
            rate(sample.decodeTokensPerSecond),
          ];
        }),
      ),
    ),
    `  TTFT ratio policy/default at ${size(m.tiling.region)}: ${x(m.tiling.timeToFirstTokenRatio)}`,
    `  (the model's measurements took ${ms(m.wallMs)})`,
  ];
  return lines.join('\n');
}

export function summarySection(models: (ModelResult | ModelFailure)[]): string {
  const rows = models.map((m) => {
    if (isFailure(m)) return [m.label, 'failed', '', '', '', '', '', '', '', ''];
    const [small, large] = m.overhead;
    return [
      m.label,
      ms(m.loadMs.engine),
      ms(small?.engine.medianTimeToFirstTokenMs ?? Number.NaN),
      ms(large?.engine.medianTimeToFirstTokenMs ?? Number.NaN),
      rate(small?.engine.medianDecodeTokensPerSecond ?? Number.NaN),
      mb(m.memoryMB.enginePeak),
      x(small?.totalRatio ?? Number.NaN),
      x(large?.totalRatio ?? Number.NaN),
      x(m.followUp.timeToFirstTokenRatio),
      x(m.tiling.timeToFirstTokenRatio),
    ];
  });
  return [
    `Summary: engine medians at ${size(smallRegion)} (small) and ${size(largeRegion)} (large, warm); ratios engine/bare, reuse/recompute, policy/default`,
    table(
      [
        'model',
        'load',
        'TTFT small',
        'TTFT large',
        'decode',
        'engine peak RSS',
        'overhead small',
        'overhead large',
        'follow-up TTFT',
        'policy/default TTFT',
      ],
      rows,
    ),
    'Reference targets (not asserted): overhead < 1.05; follow-up TTFT reuse/recompute < 0.3 for a large capture.',
  ].join('\n');
}

function loads(values: number[]): string {
  return values.map((v) => v.toFixed(2)).join(' ');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
