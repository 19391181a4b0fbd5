// The models: the catalog with what is installed, downloads with live
// progress and a cancel, and the model in use.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { DownloadEvent, ModelItem } from '../../../common/settings-contract.js';
import { formatBytes, formatDuration } from '../StatusBar.js';
import { SectionMessage } from './SectionMessage.js';
import { useChatStore } from '../store.js';
import { useSettingsStore } from './store.js';

export function ModelSection() {
  const { t } = useTranslation();
  const models = useSettingsStore((state) => state.models);
  const refreshModels = useSettingsStore((state) => state.refreshModels);
  useEffect(() => {
    void refreshModels();
  }, [refreshModels]);

  return (
    <fieldset className="settings-section">
      <legend>{t('settings.model.title')}</legend>
      <ul className="settings-models" aria-label={t('settings.model.list')}>
        {models.map((model) => (
          <ModelRow key={model.id} model={model} />
        ))}
      </ul>
      <SectionMessage section="model" />
    </fieldset>
  );
}

/** One model: its size, what is installed, and its download with progress, pause (cancel) and resume. */
export function ModelRow({ model }: { model: ModelItem }) {
  const { t, i18n } = useTranslation();
  const download = useSettingsStore((state) => state.downloads[model.id]);
  const start = useSettingsStore((state) => state.download);
  const cancel = useSettingsStore((state) => state.cancelDownload);
  const openDialog = useChatStore((state) => state.openDialog);
  const use = useSettingsStore((state) => state.useModel);
  const language = i18n.language;
  const running = download?.state === 'progress';
  const installed = model.installed[0];
  const titleId = `model-${model.id}`;

  return (
    <li className="settings-model" aria-labelledby={titleId} data-model={model.id}>
      <div className="settings-model-head">
        <span id={titleId} className="settings-model-name">
          {model.displayName}
        </span>
        {model.inUse && <span className="settings-badge">{t('settings.model.inUse')}</span>}
      </div>
      <p className="settings-hint">{model.goodFor}</p>
      <p className="settings-model-state">
        {installed
          ? t('settings.model.installed', { dtype: installed.dtype, size: formatBytes(installed.bytes, language) })
          : t('settings.model.notInstalled', { dtype: model.dtype, size: formatBytes(model.bytes, language) })}
        {!installed && model.partialBytes !== undefined && !running && (
          <> {t('settings.model.partial', { size: formatBytes(model.partialBytes, language) })}</>
        )}
      </p>
      {download && <DownloadLine event={download} name={model.displayName} />}
      <div className="settings-row">
        {running ? (
          <button type="button" onClick={() => void cancel(model.id)}>
            {t('settings.model.cancel')}
          </button>
        ) : (
          !installed && (
            <button type="button" className="primary" onClick={() => void start(model.id)}>
              {model.partialBytes !== undefined ? t('settings.model.resume') : t('settings.model.download')}
            </button>
          )
        )}
        {installed && !model.inUse && (
          <button type="button" className="primary" onClick={() => void use(model.id)}>
            {t('settings.model.use')}
          </button>
        )}
        {(installed || model.partialBytes !== undefined) && !model.inUse && !running && (
          <button
            type="button"
            onClick={() =>
              // Gigabytes that take a while to download again: asked first.
              openDialog({
                kind: 'remove-model',
                id: model.id,
                name: model.displayName,
                bytes: installed?.bytes ?? model.partialBytes ?? 0,
                partial: !installed,
              })
            }
            aria-label={t('settings.model.removeLabel', { name: model.displayName })}
          >
            {t('settings.model.remove')}
          </button>
        )}
      </div>
    </li>
  );
}

function DownloadLine({ event, name }: { event: DownloadEvent; name: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  switch (event.state) {
    case 'progress': {
      if (event.phase !== 'downloading') {
        return <p className="settings-progress">{t(`settings.model.phase.${event.phase}`)}</p>;
      }
      const values = {
        done: formatBytes(event.bytesDone, language),
        total: formatBytes(event.bytesTotal, language),
        rate: formatBytes(event.bytesPerSecond, language),
      };
      return (
        <div className="settings-progress">
          <progress
            value={event.bytesDone}
            max={Math.max(1, event.bytesTotal)}
            aria-label={t('settings.model.progressLabel', { name })}
          />
          <span>
            {event.etaSeconds !== undefined
              ? t('settings.model.progressEta', { ...values, eta: formatDuration(event.etaSeconds, language) })
              : t('settings.model.progress', values)}
          </span>
        </div>
      );
    }
    case 'done':
      return (
        <p className="settings-progress" role="status">
          {t('settings.model.done')}
        </p>
      );
    case 'cancelled':
      return (
        <p className="settings-progress" role="status">
          {t('settings.model.cancelled')}
        </p>
      );
    case 'failed':
      return (
        <p className="settings-message settings-message-error" role="alert">
          {t('settings.model.failed', { reason: event.reason })}
        </p>
      );
  }
}
