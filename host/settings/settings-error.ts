// A request the settings refuse, with a message for the page. The hosts pass
// its message on as the reply and do not log it as a fault.
export class SettingsError extends Error {
  override name = 'SettingsError';
}
