// The pre-encode run's printed table: per capture size, the median time to
// the first token of the first question asked of a new conversation and of
// one whose capture Vlm.prepare encoded beforehand, their ratio, prepare's
// own duration, the tokens the prepared cache held, and the load average
// during the rounds.
import { loads, ms, size, table, x } from './format.js';
import { isFailure, type ModelFailure, type PreEncodeResult, type Series } from './results.js';

const fastest = (s: Series) => Math.min(...s.samples.map((sample) => sample.timeToFirstTokenMs));
/** The TTFT ratio, with a third decimal: a prepared large capture's is well under 0.01. */
const small = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : 'n/a');

export function preEncodeSection(results: (PreEncodeResult | ModelFailure)[]): string {
  return results
    .map((result) => {
      if (isFailure(result)) return `${result.label}: FAILED\n${result.error}`;
      const rows = result.rows.map((row) => {
        const first = row.unprepared.samples[0];
        const cached = [...new Set(row.cachedTokens)].join('/');
        return [
          `${size(row.region)} (${row.tiling})`,
          first ? `${first.promptTokens} (${first.imageTokens})` : 'n/a',
          ms(row.unprepared.medianTimeToFirstTokenMs),
          ms(fastest(row.unprepared)),
          ms(row.prepared.medianTimeToFirstTokenMs),
          ms(fastest(row.prepared)),
          small(row.timeToFirstTokenRatio),
          ms(row.medianPrepareMs),
          x(row.totalWorkRatio),
          `${row.preparedTokens}/${cached}`,
          row.sameText ? 'yes' : 'no',
          String(row.unprepared.samples.length),
          `${loads(row.loadAverage.start.slice(0, 1))}/${loads(row.loadAverage.end.slice(0, 1))}`,
        ];
      });
      return [
        `${result.label}: the first question with the capture encoded before it is asked (Vlm.prepare), ` +
          `${result.provider} ${result.dtype}, max_new_tokens ${result.maxNewTokens}, greedy`,
        `Medians of ${result.rounds} rounds in one process, both cases in turn, a conversation each; TTFT from the answer() call; ` +
          `ratio: prepared / unprepared TTFT (target at most 0.3); prepare + TTFT: (prepare + prepared TTFT) / unprepared TTFT; ` +
          `cached: tokens prepare cached / the prepared answers' usage.cachedTokens.`,
        table(
          [
            'capture (tiling)',
            'prompt (image)',
            'unprepared TTFT',
            'fastest',
            'prepared TTFT',
            'fastest',
            'ratio',
            'prepare',
            'prepare + TTFT',
            'cached',
            'same text',
            'runs',
            'load (start/end)',
          ],
          rows,
        ),
        `(the run took ${ms(result.wallMs)})`,
      ].join('\n');
    })
    .join('\n\n');
}
