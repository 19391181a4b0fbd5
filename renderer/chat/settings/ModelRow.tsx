// One model: what it is good for, its size, what is installed, its download
// with progress, pause (cancel) and resume, and either "In use" (the model
// the chat runs) or "Use this model". Also the first run's download row.
import { useTranslation } from 'react-i18next';
import type { DownloadEvent, ModelItem } from '../../../common/settings-contract.js';
import { pickLanguage } from '../../../common/ui-language.js';
import { formatBytes, formatDuration } from '../StatusBar.js';
import { useChatStore } from '../store.js';
import { useSettingsStore } from './store.js';
import './models.css';

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
  const removable = (installed || model.partialBytes !== undefined) && !model.inUse && !running;

  return (
    <li
      className={`settings-model${model.inUse ? ' settings-model-in-use' : ''}`}
      aria-labelledby={titleId}
      data-model={model.id}
    >
      <div className="settings-model-head">
        <div className="settings-model-title">
          <span id={titleId} className="settings-model-name">
            {model.displayName}
          </span>
          {model.inUse && <span className="settings-badge">{t('settings.model.inUse')}</span>}
        </div>
        <div className="settings-model-actions">
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
          {removable && (
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
      </div>
      <p className="settings-hint">{model.goodFor[pickLanguage([language])]}</p>
      <p className="settings-model-state">
        {installed
          ? t('settings.model.installed', { dtype: installed.dtype, size: formatBytes(installed.bytes, language) })
          : t('settings.model.notInstalled', { dtype: model.dtype, size: formatBytes(model.bytes, language) })}
        {!installed && model.partialBytes !== undefined && !running && (
          <> {t('settings.model.partial', { size: formatBytes(model.partialBytes, language) })}</>
        )}
      </p>
      {download && <DownloadLine event={download} name={model.displayName} />}
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
