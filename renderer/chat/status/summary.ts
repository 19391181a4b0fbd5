// What the status line says about the local engine, in the page's language:
// a chip (the model, and where it runs) once a model is ready, words for the
// other states, the tone, a progress bar while a model downloads, and the
// engine's own words to show on demand. A warning only when the device the
// user chose could not be used; the automatic choice falling back to the CPU
// is no warning (its reasons are in the details).
import type { TFunction } from 'i18next';
import type { ChatStatus } from '../../../common/chat-contract.js';
import { choiceHonoured } from '../../../common/device-choice.js';
import { wordError } from '../i18n/engine-errors.js';
import { formatBytes, formatDuration } from './units.js';

export type StatusTone = 'normal' | 'busy' | 'warning' | 'error';

export interface StatusSummary {
  /** "SmolVLM 256M · CPU": the model ready to answer, and where it runs. */
  chip?: string;
  text?: string;
  tone: StatusTone;
  progress?: { value: number; max: number };
  /** The engine's own words (English), shown on demand. */
  detail?: string;
}

export function summarizeStatus(status: ChatStatus, t: TFunction, language: string): StatusSummary {
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
    case 'ready': {
      const chip = t('status.chip', { model: status.modelName, device: t(`status.device.${status.provider}`) });
      if (!choiceHonoured(status.fallback, status.provider))
        return { chip, text: t('status.notHonoured'), tone: 'warning' };
      // A capture that just opened is being read for its first question: asking now waits less than it seems.
      return status.readingCapture
        ? { chip, text: t('status.readingCapture'), tone: 'busy' }
        : { chip, tone: 'normal' };
    }
    case 'resting':
      return { text: t('status.resting', { model: status.modelName }), tone: 'normal' };
    case 'restarting':
      return status.reason === 'stop'
        ? { text: t('status.restartingStop'), tone: 'busy' }
        : { text: t('status.restartingCrash', { attempt: status.attempt }), tone: 'error' };
    case 'error': {
      // The whole of it on demand: the line may cut it short.
      const { text, detail } = wordError(status.message, status.code, language);
      return { text, detail: detail ?? status.message, tone: 'error' };
    }
  }
}
