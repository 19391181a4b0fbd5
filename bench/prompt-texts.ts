// The capture texts the text-prompt run gives the model: real screen text
// from the text layer's evaluation pages (test/fixtures/text-captures/pages.ts),
// as a faultless reading gives it (one line per visual line, indentation
// kept: the pages' ground truth, up to the console page's indented lines),
// taken from the pages' markup so the run needs no browser. A short dialog,
// and a log long enough to meet the section's bound.
import { captureTextSection, maxCaptureTextChars } from '../common/capture-text.js';
import { capturePages } from '../test/fixtures/text-captures/pages.js';
import type { TextPromptCase } from './results.js';

const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/**
 * A page's text, one line per element line of its markup: the markup's own
 * indentation dropped, indentation inside an element kept, side-by-side
 * elements (a dialog's buttons) joined by a space, empty lines left out.
 */
export function pageText(name: string): string {
  const page = capturePages.find((p) => p.name === name);
  if (!page) throw new Error(`no evaluation page named ${name}`);
  return page.html
    .split('\n')
    .map((line) =>
      line
        .trimStart()
        .replace(/<\/(span|div|p)>\s*<(span|div|p)\b[^>]*>/g, ' ')
        .replace(/<[^>]+>/g, '')
        .replace(/&[a-z0-9#]+;/g, (entity) => entities[entity] ?? entity)
        .trimEnd(),
    )
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/** A short error dialog's text (about 150 characters). */
export const dialogText = pageText('dialog-save');

/** The log and terminal pages, in turn, as one scrolled-back window, until past the section's bound. */
const logPages = ['log-server', 'console-devtools', 'terminal-npm-light-2x', 'terminal-traceback'];

function longLog(): string {
  const parts: string[] = [];
  for (let i = 0; parts.join('\n').length <= maxCaptureTextChars; i++) {
    parts.push(pageText(logPages[i % logPages.length] as string));
  }
  return parts.join('\n');
}

/** Log and stack-trace text longer than the bound: the section keeps its last `maxCaptureTextChars` characters. */
export const logText = longLog();

/** Each case's capture text section, as the chat puts it in the first question (undefined: none). */
export const textPromptSections: Record<TextPromptCase, string | undefined> = {
  none: undefined,
  dialog: captureTextSection(dialogText),
  log: captureTextSection(logText),
};

export const textPromptCases = Object.keys(textPromptSections) as TextPromptCase[];
