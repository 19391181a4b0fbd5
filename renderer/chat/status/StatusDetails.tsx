// What the status line's details show on demand: for a model ready to
// answer, the device it runs on, its weights, the user's choice and — when it
// is not on the GPU it tried first — why, each reason in the page's language
// with the engine's own words as a technical detail; for a model server,
// where answers come from and where captures go; otherwise the engine's own
// words. A link to Settings, where the choice is made.
import { useTranslation } from 'react-i18next';
import type { ChatStatus } from '../../../common/chat-contract.js';
import { providerName } from '../../../common/device-choice.js';
import type { DeviceSetting, PassedOverProvider } from '../../../common/engine-protocol.js';
import { useChatStore } from '../store.js';

type Ready = Extract<ChatStatus, { kind: 'ready' }>;

/** Codes whose detail is the engine's own words (the others carry a value: an architecture, a dtype). */
const wordedByEngine = (skipped: PassedOverProvider) =>
  skipped.code !== 'cuda-not-x64' && skipped.code !== 'dtype-missing';

export function DeviceDetails({ status, chosen }: { status: Ready; chosen: DeviceSetting | undefined }) {
  const { t } = useTranslation();
  const fallback = status.fallback;
  // What the model was loaded for; the settings' choice when nothing fell back.
  const requested = fallback?.requested ?? chosen;
  const choice = fallback?.requestedProvider
    ? providerName(fallback.requestedProvider)
    : requested && t(`status.choice.${requested}`);
  const technical = fallback?.passedOver.filter((skipped) => skipped.detail && wordedByEngine(skipped)) ?? [];
  return (
    <>
      <dl className="status-facts">
        <dt>{t('status.field.model')}</dt>
        <dd>{status.modelName}</dd>
        <dt>{t('status.field.device')}</dt>
        <dd>{t(`status.device.${status.provider}`)}</dd>
        <dt>{t('status.field.weights')}</dt>
        <dd>{t(`status.dtype.${status.dtype}`)}</dd>
        {choice && (
          <>
            <dt>{t('status.field.choice')}</dt>
            <dd>{choice}</dd>
          </>
        )}
      </dl>
      {fallback && fallback.passedOver.length > 0 && (
        <section className="status-why" aria-labelledby="status-why-title">
          <h3 id="status-why-title">{t('status.field.whyNotGpu')}</h3>
          <ul>
            {fallback.passedOver.map((skipped, i) => (
              <li key={i}>
                {t('status.skipLine', {
                  provider: providerName(skipped.provider),
                  reason: t(`status.skip.${skipped.code}`, { detail: skipped.detail ?? '' }),
                })}
              </li>
            ))}
          </ul>
          {technical.length > 0 && (
            <details className="status-technical">
              <summary>{t('status.field.technical')}</summary>
              <ul lang="en">
                {technical.map((skipped, i) => (
                  <li key={i}>
                    <code>
                      {providerName(skipped.provider)}: {skipped.detail}
                    </code>
                  </li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}
      <SettingsLink />
    </>
  );
}

export function RemoteDetails({ server, sentence }: { server: string; sentence: string }) {
  const { t } = useTranslation();
  return (
    <>
      <dl className="status-facts">
        <dt>{t('status.field.server')}</dt>
        <dd>{server}</dd>
        <dt>{t('status.field.privacy')}</dt>
        <dd>{sentence}</dd>
      </dl>
      <SettingsLink />
    </>
  );
}

/** The line's words in full, and the engine's own words (English) when they are not the same. */
export function MessageDetails({ headline, message }: { headline: string | undefined; message: string }) {
  return (
    <>
      {headline && headline !== message && <p className="status-message">{headline}</p>}
      <p className="status-message" lang="en">
        {message}
      </p>
    </>
  );
}

function SettingsLink() {
  const { t } = useTranslation();
  const showSettings = useChatStore((state) => state.showSettings);
  return (
    <button type="button" className="link-button status-settings" onClick={showSettings}>
      {t('status.changeInSettings')}
    </button>
  );
}
