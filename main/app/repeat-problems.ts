// Why the repeat shortcut could not capture the last region again, told in
// the language main speaks: a dialog that says why and offers a normal
// capture (the region has to be selected again). A capture's own problems
// (screen access, a failed grab) are told as a capture's are.
import { dialog } from 'electron';
import type { RepeatProblem } from '../capture/repeat-flow.js';
import { reportCaptureProblem } from './problems.js';
import { words } from './ui-language.js';

export function reportRepeatProblem(
  problem: RepeatProblem,
  options: { captureShortcut(): string | undefined; capture(): void },
): void {
  const repeat = words().repeat;
  let said: { message: string; detail: string };
  switch (problem.kind) {
    case 'no-region':
      said = { message: repeat.noRegion.message, detail: repeat.noRegion.detail(options.captureShortcut()) };
      break;
    case 'display-gone':
      said = repeat.displayGone;
      break;
    case 'region-changed':
      said = repeat.regionChanged;
      break;
    default:
      reportCaptureProblem(problem);
      return;
  }
  void dialog
    .showMessageBox({
      type: 'info',
      message: said.message,
      detail: said.detail,
      buttons: [repeat.captureNow, repeat.notNow],
      defaultId: 0,
      cancelId: 1,
    })
    .then(({ response }) => {
      if (response === 0) options.capture();
    });
}
