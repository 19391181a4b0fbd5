import { Notification, dialog } from 'electron';
import type { CaptureProblem } from '../capture/capture-flow.js';
import { explainScreenAccess } from './screen-access.js';

/** Tells the user about something that went wrong outside any window, in words and with the fix. */
export function reportCaptureProblem(problem: CaptureProblem): void {
  switch (problem.kind) {
    case 'screen-access-denied':
      void explainScreenAccess();
      return;
    case 'capture-failed':
      void dialog.showMessageBox({
        type: 'error',
        message: 'Sightline could not capture the screen',
        detail: problem.message,
      });
      return;
    case 'bad-selection':
      notify('Nothing captured', problem.message);
      return;
  }
}

export function notify(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body, silent: true }).show();
}
