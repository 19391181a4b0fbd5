// The first run: no model is installed yet, so instead of an error the chat
// says what Sightline does, how to capture, and offers the recommended model
// with one Download button (progress, pause and resume as in Settings); the
// other models wait under "More models". A question asked meanwhile is kept
// and answered once the model is in (main's model keeper).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { chatBridge } from './bridge-for-page.js';
import { LocalModelsUnavailable } from './LocalModelsUnavailable.js';
import { useLocalModelsUnavailable } from './local-models.js';
import { OpenImage } from './OpenImage.js';
import { ModelRow } from './settings/ModelSection.js';
import { describeAccelerator } from './settings/keys.js';
import { useSettingsStore } from './settings/store.js';
import { useChatStore } from './store.js';

/** True while the local engine would answer but no model is installed: the first run. */
export function useNeedsModel(): boolean {
  const connected = useChatStore((state) => state.connection.state === 'connected');
  const status = useChatStore((state) => state.status?.kind);
  const view = useSettingsStore((state) => state.view);
  const models = useSettingsStore((state) => state.models);
  const refreshModels = useSettingsStore((state) => state.refreshModels);
  const local = view?.settings.backend.kind === 'local';
  const waiting = status === 'no-model' || status === 'downloading';
  useEffect(() => {
    if (connected && local && waiting) void refreshModels();
  }, [connected, local, waiting, refreshModels]);
  return connected && local && waiting && models.length > 0 && models.every((model) => model.installed.length === 0);
}

export function FirstRun({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const models = useSettingsStore((state) => state.models);
  const hotkey = useSettingsStore((state) => state.view?.settings.hotkey);
  const platform = useChatStore((state) =>
    state.connection.state === 'connected' ? state.connection.info.platform : 'linux',
  );
  const unavailable = useLocalModelsUnavailable();
  const recommended = models.find((model) => model.recommended) ?? models[0];
  if (!recommended) return null;
  const others = models.filter((model) => model !== recommended);
  return (
    <section className={`first-run${compact ? ' first-run-compact' : ''}`} aria-labelledby="first-run-title">
      <h2 id="first-run-title">{t(compact ? 'firstRun.compactTitle' : 'firstRun.title')}</h2>
      {!compact && (
        <p>
          {/* A browser page (the web host) has no capture shortcut. */}
          {hotkey && chatBridge().kind === 'electron'
            ? t(unavailable ? 'localModels.firstRunBody' : 'firstRun.body', {
                shortcut: describeAccelerator(hotkey, platform, i18n.language),
              })
            : t(unavailable ? 'localModels.firstRunBodyNoShortcut' : 'firstRun.bodyNoShortcut')}
        </p>
      )}
      {/* An Intel Mac: no download offered that could not run, the way to a model server instead. */}
      {unavailable && <LocalModelsUnavailable />}
      {!compact && !unavailable && <p>{t('firstRun.needModel')}</p>}
      {!unavailable && (
        <ul className="settings-models" aria-label={t('firstRun.recommended')}>
          <ModelRow model={recommended} />
        </ul>
      )}
      {!unavailable && others.length > 0 && (
        <details className="first-run-more">
          <summary>{t('firstRun.more')}</summary>
          <ul className="settings-models" aria-label={t('firstRun.more')}>
            {others.map((model) => (
              <ModelRow key={model.id} model={model} />
            ))}
          </ul>
        </details>
      )}
      {!compact && <OpenImage />}
    </section>
  );
}
