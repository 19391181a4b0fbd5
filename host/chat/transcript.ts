// "Transcribe the text", answered from the capture's text layer at once: no
// model has to be installed, loaded or asked. The answer is the text as read,
// in a fenced block so that line breaks and indentation survive the
// markdown, and the page's copy button copies it.
import type { CaptureText } from '../../common/capture-text.js';
import type { AnswerEvent } from '../../common/engine-protocol.js';
import type { AnswerStream } from '../engine-host/engine-host.js';

/** The transcript's wording in the language the answer is given in. */
export function transcriptOf(text: CaptureText, language: 'en' | 'fr'): string {
  if (text.text.trim() === '') {
    return language === 'fr' ? 'Aucun texte trouvé dans cette capture.' : 'No text found in this capture.';
  }
  // A fence longer than any run of backticks in the text, so the text cannot close it.
  const longestRun = Math.max(0, ...(text.text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text.text}\n${fence}`;
}

/**
 * An answer that streams the transcript once the capture's text is read:
 * `read` resolves with it, or undefined when it could not be read (`failure`
 * then says why).
 */
export function transcriptAnswer(
  read: Promise<CaptureText | undefined>,
  failure: () => string,
  language: (text: CaptureText) => 'en' | 'fr',
): AnswerStream {
  let stopped = false;
  let wake = () => {};
  const stop = new Promise<void>((resolve) => (wake = resolve));
  return {
    id: 0,
    phase: undefined,
    stop: () => {
      stopped = true;
      wake();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<AnswerEvent> {
      const text = await Promise.race([read, stop.then(() => undefined)]);
      if (stopped) {
        yield { type: 'done', reason: 'stopped' };
        return;
      }
      if (!text) {
        yield { type: 'error', error: { code: 'bad-image', message: `The text could not be read: ${failure()}` } };
        return;
      }
      yield { type: 'delta', text: transcriptOf(text, language(text)) };
      yield { type: 'done', reason: 'eos' };
    },
  };
}
