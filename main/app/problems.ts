// What went wrong outside any window, told in the language main speaks: a
// dialog for a capture that failed, a notification for the rest.
import { Notification, dialog } from 'electron';
import type { CaptureProblem } from '../capture/capture-flow.js';
import type { AppNotice } from '../../host/settings/model-settings.js';
import { explainScreenAccess } from './screen-access.js';
import { uiLanguage, words } from './ui-language.js';
import { captureFailureDetail } from './capture-failure-words.js';

/** Tells the user about something that went wrong outside any window, in words and with the fix. */
export function reportCaptureProblem(problem: CaptureProblem): void {
  switch (problem.kind) {
    case 'screen-access-denied':
      void explainScreenAccess();
      return;
    case 'capture-failed':
      void dialog.showMessageBox({
        type: 'error',
        message: words().captureFailed,
        detail: captureFailureDetail(problem.failure, problem.message, uiLanguage()),
      });
      return;
    case 'bad-selection': {
      const nothing = words().nothingCaptured;
      notify(nothing.title, nothing.body(problem.message));
      return;
    }
  }
}

/** The settings' notices (a model downloaded), worded here. */
export function notifyNotice(notice: AppNotice): void {
  const downloaded = words().modelDownloaded;
  notify(downloaded.title, downloaded.body(notice.model));
}

export function notify(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body, silent: true }).show();
}
