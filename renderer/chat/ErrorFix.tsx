// The button that fixes an error, where one does: a missing model is
// downloaded (Settings, Model), a model server that failed is checked (Settings,
// Answer source), local models that cannot run here give way to a model
// server (Settings, Answer source), a GPU the user insisted on gives way to the CPU. Shown
// beside "Try again" in the status line and under a failed answer.
import { useTranslation } from 'react-i18next';
import type { EngineErrorCode } from '../../common/engine-protocol.js';
import { useShowAnswerSource } from './local-models.js';
import { useSettingsStore } from './settings/store.js';
import { useChatStore } from './store.js';

export type ErrorFix = 'download-model' | 'open-settings' | 'switch-to-cpu' | 'check-server' | 'choose-server';

/** Which fix an error has, given the device setting ('gpu': the user chose the GPU). */
export function fixOf(code: EngineErrorCode | undefined, device: string | undefined): ErrorFix | undefined {
  switch (code) {
    case 'no-model':
    case 'model-missing':
      return 'download-model';
    case 'model-corrupt':
    case 'model-unsupported':
      return 'open-settings';
    case 'local-engine-unavailable':
      return 'choose-server';
    case 'remote-unreachable':
    case 'remote-refused':
    case 'remote-model-missing':
    case 'remote-no-vision':
    case 'remote-error':
    case 'remote-timeout':
    case 'remote-bad-stream':
      return 'check-server';
    case undefined:
    case 'internal':
    case 'engine-crashed':
      // A failure on a GPU the user chose: the CPU is the fix they can make.
      return device === 'gpu' ? 'switch-to-cpu' : undefined;
    default:
      return undefined;
  }
}

export function ErrorFixButton({ code }: { code: EngineErrorCode | undefined }) {
  const { t } = useTranslation();
  const device = useSettingsStore((state) => state.view?.settings.device);
  const update = useSettingsStore((state) => state.update);
  const showSettings = useChatStore((state) => state.showSettings);
  const retryModel = useChatStore((state) => state.retryModel);
  const showAnswerSource = useShowAnswerSource();
  const fix = fixOf(code, device);
  if (!fix) return null;
  const run = async () => {
    if (fix === 'choose-server') return showAnswerSource();
    if (fix !== 'switch-to-cpu') return showSettings();
    if (await update({ device: 'cpu' }, 'general')) retryModel();
  };
  return (
    <button type="button" className="link-button error-fix" onClick={() => void run()}>
      {t(`errorFix.${fix}`)}
    </button>
  );
}
