// Whether local models can run on this machine (common/local-engine.ts), and
// the way to the model servers where they cannot: hooks the first run, the
// Model section and an answer's error fix share (no styles, so code that only
// needs these, ErrorFix.tsx's fixOf among it, loads without a stylesheet).
import { localModelsSupport } from '../../common/local-engine.js';
import { useSettingsStore } from './settings/store.js';
import { useChatStore } from './store.js';

/** True where the app runs on a machine onnxruntime has no build for. */
export function useLocalModelsUnavailable(): boolean {
  return useChatStore((state) =>
    state.connection.state === 'connected'
      ? localModelsSupport(state.connection.info.platform, state.connection.info.arch) === 'no-build'
      : false,
  );
}

/** Opens the settings at the Answer source section. */
export function useShowAnswerSource(): () => void {
  const showSection = useSettingsStore((state) => state.showSection);
  const showSettings = useChatStore((state) => state.showSettings);
  return () => {
    showSection('backend');
    showSettings();
  };
}
