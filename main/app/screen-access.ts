import { dialog, shell, systemPreferences } from 'electron';
import { words } from './ui-language.js';

// macOS asks once for Screen Recording; after a refusal every capture comes
// back black. Check before capturing, and explain the fix instead.
const screenRecordingPane = 'x-apple.systempreferences:com.apple.preference.security?Privacy_ScreenCapture';

export function screenAccess(): 'granted' | 'denied' | 'not-needed' {
  if (process.platform !== 'darwin') return 'not-needed';
  const status = systemPreferences.getMediaAccessStatus('screen');
  // 'not-determined': the first capture shows the system's own prompt.
  return status === 'denied' || status === 'restricted' ? 'denied' : 'granted';
}

export async function explainScreenAccess(): Promise<void> {
  const said = words().screenAccess;
  const { response } = await dialog.showMessageBox({
    type: 'info',
    message: said.message,
    detail: said.detail,
    buttons: [said.open, said.notNow],
    defaultId: 0,
    cancelId: 1,
  });
  if (response === 0) await shell.openExternal(screenRecordingPane);
}
