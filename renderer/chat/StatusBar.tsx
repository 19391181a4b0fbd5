// The status line: the model and the device it runs on, loading, download
// progress, an engine restart, an error with a retry — in words.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ChatStatus } from '../../common/chat-contract.js';
import { ErrorFixButton } from './ErrorFix.js';
import { wordError } from './i18n/engine-errors.js';
import { privacySentence } from './settings/PrivacyNote.js';
import { useSettingsStore } from './settings/store.js';
import { useChatStore } from './store.js';

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const connection = useChatStore((state) => state.connection);
  const status = useChatStore((state) => state.status);
  const retryModel = useChatStore((state) => state.retryModel);
  const settingsView = useSettingsStore((state) => state.view);
  const backend = settingsView?.settings.backend;

  let text: string;
  let detail: string | undefined;
  let action: { label: string; run: () => void } | undefined;
  let progress: { value: number; max: number } | undefined;
  let tone: 'normal' | 'busy' | 'error';

  if (connection.state === 'connecting') {
    text = t('status.connecting');
    tone = 'busy';
  } else if (connection.state === 'offline') {
    text = connection.reason;
    tone = 'error';
    action = { label: t('status.reconnect'), run: () => location.reload() };
  } else if (!status) {
    text = t('status.connecting');
    tone = 'busy';
  } else if (settingsView && backend && backend.kind !== 'local') {
    // A model server answers: the local engine's state does not matter, where captures go does.
    text = t('status.remote', { server: t(`privacy.server.${backend.kind}`), model: backend.model });
    detail = privacySentence(settingsView.privacy, backend, t, i18n.language);
    tone = 'normal';
  } else {
    ({ text, detail, progress, tone } = describe(status, t, i18n.language));
    if (status.kind === 'error' && status.canRetry) action = { label: t('status.retry'), run: retryModel };
  }
  const offMachine = settingsView?.privacy.sendsOffMachine === true && backend?.kind !== 'local';

  return (
    <footer className={`chat-status chat-status-${tone}${offMachine ? ' chat-status-off-machine' : ''}`} role="status">
      <span className="chat-status-text">{text}</span>
      {progress && <progress value={progress.value} max={progress.max} aria-hidden="true" />}
      {detail && <span className="chat-status-detail">{detail}</span>}
      {action && (
        <button type="button" className="link-button" onClick={action.run}>
          {action.label}
        </button>
      )}
      {status?.kind === 'error' && (!backend || backend.kind === 'local') && <ErrorFixButton code={status.code} />}
    </footer>
  );
}

function describe(
  status: ChatStatus,
  t: TFunction,
  language: string,
): {
  text: string;
  detail?: string;
  progress?: { value: number; max: number };
  tone: 'normal' | 'busy' | 'error';
} {
  switch (status.kind) {
    case 'starting':
      return { text: t('status.starting'), tone: 'busy' };
    case 'no-model':
      // Not an error: a first run, whose card offers the download.
      return { text: t('status.noModel'), ...(status.message ? { detail: status.message } : {}), tone: 'normal' };
    case 'downloading': {
      const model = status.modelName;
      if (status.phase === 'listing') return { text: t('status.listing', { model }), tone: 'busy' };
      if (status.phase === 'installing') return { text: t('status.installing', { model }), tone: 'busy' };
      const percent = status.bytesTotal > 0 ? Math.floor((status.bytesDone / status.bytesTotal) * 100) : 0;
      const values = {
        model,
        done: formatBytes(status.bytesDone, language),
        total: formatBytes(status.bytesTotal, language),
        percent,
      };
      return {
        text:
          status.etaSeconds !== undefined
            ? t('status.downloadingEta', { ...values, eta: formatDuration(status.etaSeconds, language) })
            : t('status.downloading', values),
        progress: { value: status.bytesDone, max: Math.max(1, status.bytesTotal) },
        tone: 'busy',
      };
    }
    case 'loading':
      return { text: t('status.loading', { model: status.modelName }), tone: 'busy' };
    case 'ready':
      return {
        text: t('status.ready', { model: status.modelName, device: t(`status.device.${status.provider}`) }),
        ...(status.fallbackReason ? { detail: t('status.fallback', { reason: status.fallbackReason }) } : {}),
        tone: 'normal',
      };
    case 'resting':
      return { text: t('status.resting', { model: status.modelName }), tone: 'normal' };
    case 'restarting':
      return status.reason === 'stop'
        ? { text: t('status.restartingStop'), tone: 'busy' }
        : { text: t('status.restartingCrash', { attempt: status.attempt }), tone: 'error' };
    case 'error':
      return { ...wordError(status.message, status.code, language), tone: 'error' };
  }
}

export function formatBytes(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit >= 2 ? 1 : 0,
  }).format(value);
}

export function formatDuration(seconds: number, language: string): string {
  const [value, unit] =
    seconds < 90
      ? [Math.max(1, Math.round(seconds)), 'second']
      : seconds < 90 * 60
        ? [Math.round(seconds / 60), 'minute']
        : [Math.round(seconds / 3600), 'hour'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}
