// The text-prompt run's printed table: per capture size, the first question
// without the capture's text, with a dialog's and with a log's at the bound;
// prompt tokens and median time to the first token, each with its ratio to
// the question without text, the time each added token costs, and the load
// average during the rounds.
import { maxCaptureTextChars } from '../common/capture-text.js';
import { loads, ms, size, table, x } from './format.js';
import { isFailure, type ModelFailure, type TextPromptCase, type TextPromptResult } from './results.js';

const caseNames: Record<TextPromptCase, string> = {
  none: '(a) no text',
  dialog: '(b) dialog text',
  log: '(c) log text at the bound',
};

export function textPromptSection(results: (TextPromptResult | ModelFailure)[]): string {
  return results
    .map((result) => {
      if (isFailure(result)) return `${result.label}: FAILED\n${result.error}`;
      const rows = result.rows.map((row) => [
        `${size(row.region)} ${caseNames[row.case]}`,
        row.sectionChars === 0 ? '-' : String(row.sectionChars),
        String(row.engine.samples[0]?.promptTokens ?? 'n/a'),
        String(row.engine.samples[0]?.imageTokens ?? 'n/a'),
        x(row.promptTokensRatio),
        ms(row.engine.medianTimeToFirstTokenMs),
        ms(Math.min(...row.engine.samples.map((sample) => sample.timeToFirstTokenMs))),
        x(row.timeToFirstTokenRatio),
        row.case === 'none' ? '-' : `${row.msPerAddedToken.toFixed(2)} ms`,
        String(row.engine.samples.length),
        `${loads(row.loadAverage.start.slice(0, 1))}/${loads(row.loadAverage.end.slice(0, 1))}`,
      ]);
      return [
        `${result.label}: the capture's text in the first question (section bounded at ${maxCaptureTextChars} characters), ` +
          `${result.provider} ${result.dtype}, max_new_tokens ${result.maxNewTokens}, greedy`,
        `Medians of ${result.rounds} rounds in one process, the cases in turn, a new conversation each; ratios to (a) at the same capture; ` +
          `the fastest run beside the median TTFT (other work on the machine only ever slows a run down).`,
        table(
          [
            'capture / text',
            'section chars',
            'prompt tokens',
            'image tokens',
            'prompt ratio',
            'TTFT',
            'fastest',
            'TTFT ratio',
            'per added token',
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
