// Where captures go, in the UI's language: common/backend-privacy.ts says
// it in English (the words shown in English), the French UI words the same
// facts itself.
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BackendSettings } from '../../../common/backend-settings.js';
import type { Privacy } from '../../../common/settings-contract.js';

export function privacySentence(privacy: Privacy, backend: BackendSettings, t: TFunction, language: string): string {
  if (language === 'en' || backend.kind === 'local') {
    return backend.kind === 'local' && language !== 'en' ? t('privacy.local') : privacy.sentence;
  }
  const server = t(`privacy.server.${backend.kind}`);
  const host = privacy.host ?? backend.baseUrl;
  if (!privacy.sendsOffMachine) return t('privacy.loopback', { server, host });
  const http = backend.baseUrl.startsWith('http:');
  return t(http ? 'privacy.remoteHttp' : 'privacy.remote', { server, host });
}

export function PrivacyNote({
  privacy,
  backend,
  prominent = false,
  prefix,
}: {
  privacy: Privacy;
  backend: BackendSettings;
  prominent?: boolean;
  prefix?: string;
}) {
  const { t, i18n } = useTranslation();
  const sentence = privacySentence(privacy, backend, t, i18n.language);
  const tone = privacy.sendsOffMachine ? 'settings-privacy-off' : 'settings-privacy-local';
  return (
    <p className={`settings-privacy ${tone}${prominent ? ' settings-privacy-prominent' : ''}`} data-testid="privacy">
      {prefix ? `${prefix} ${sentence.charAt(0).toLocaleLowerCase(i18n.language)}${sentence.slice(1)}` : sentence}
    </p>
  );
}
