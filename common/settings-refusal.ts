// Why the settings refused a value, as a code and the field it concerns, so
// the settings page says it in its own language beside that field instead of
// showing schema text ("model: Too small: expected string…"). The host
// refuses with these (host/settings/settings-values.ts); the page checks its
// own drafts with the same mapping before it sends them. An English wording
// goes along as the reply's `reason`, for logs and for callers without words
// of their own.
import * as z from 'zod/mini';
import type { core } from 'zod/mini';
import './schema.js';
import { describeAcceleratorIssue, type AcceleratorIssue } from './accelerator.js';

/** The fields a refusal can point at: a setting, a model server's field, or the API key. */
export const SettingsField = z.enum([
  'hotkey',
  'repeatHotkey',
  'repeatInto',
  'modelId',
  'device',
  'answerLanguage',
  'uiLanguage',
  'historyDays',
  'theme',
  'startAtLogin',
  'idleUnloadMinutes',
  'hideFromScreenShare',
  'captureTextToModel',
  'hideSecretsFromServers',
  'backend',
  'backend.kind',
  'backend.baseUrl',
  'backend.model',
  'backend.timeoutMs',
  'backend.firstByteTimeoutMs',
  'backend.maxImageSide',
  'backend.allowJpeg',
  'apiKey',
]);
export type SettingsField = z.infer<typeof SettingsField>;

export const RefusalCode = z.enum([
  /** An empty text or number field. */
  'required',
  /** A number under `limit`. */
  'too-small',
  /** A number over `limit`. */
  'too-big',
  /** A text longer than `limit` characters. */
  'too-long',
  'not-whole-number',
  'not-a-number',
  /** A value none of the choices (a hand-made request). */
  'not-a-choice',
  /** A model server's address that is not http(s), or has a user name, query or fragment. */
  'invalid-address',
  /** Anything else the schema refuses. */
  'invalid',
  'shortcut-incomplete',
  /** `detail`: the key. */
  'shortcut-unknown-key',
  /** `detail`: the modifier. */
  'shortcut-unknown-modifier',
  'shortcut-repeated-modifier',
  'shortcut-needs-modifier',
  'shortcut-shift-alone',
  /** `detail`: the shortcut another app (or the system) holds. */
  'shortcut-taken',
  /** The repeat shortcut would be the capture shortcut (or the other way round): one key, two jobs. */
  'shortcut-is-capture',
  'shortcut-is-repeat',
  'screen-share-unsupported',
  'start-at-login-unsupported',
  /** `detail`: what the system said. */
  'start-at-login-failed',
  /** `detail`: why the file could not be written. */
  'not-saved',
  /** `detail`: the model's name. */
  'model-not-installed',
]);
export type RefusalCode = z.infer<typeof RefusalCode>;

export const SettingsRefusal = z.object({
  code: RefusalCode,
  /** Where the page shows it; absent: said for the whole section. */
  field: z.optional(SettingsField),
  /** The bound a number or a length broke, in the setting's own unit (milliseconds for timeouts). */
  limit: z.optional(z.number()),
  detail: z.optional(z.string().check(z.maxLength(2000))),
});
export type SettingsRefusal = z.infer<typeof SettingsRefusal>;

const fieldNames = new Set<string>(SettingsField.options);

/** The field a schema path points at: the deepest known one along it, if any. */
export function fieldOf(path: readonly PropertyKey[]): SettingsField | undefined {
  for (let length = path.length; length > 0; length--) {
    const name = path.slice(0, length).map(String).join('.');
    if (fieldNames.has(name)) return name as SettingsField;
  }
  return undefined;
}

function refusalOfIssue(issue: core.$ZodIssue, prefix: readonly string[]): SettingsRefusal {
  const field = fieldOf([...prefix, ...issue.path]);
  const at = field ? { field } : {};
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { code: 'required', ...at };
      return { code: 'too-small', ...at, limit: Number(issue.minimum) };
    case 'too_big':
      return issue.origin === 'string'
        ? { code: 'too-long', ...at, limit: Number(issue.maximum) }
        : { code: 'too-big', ...at, limit: Number(issue.maximum) };
    case 'invalid_type':
      if (issue.expected === 'int') return { code: 'not-whole-number', ...at };
      if (issue.expected === 'number') return { code: 'not-a-number', ...at };
      return { code: 'invalid', ...at };
    case 'invalid_value':
    case 'invalid_union':
      return { code: 'not-a-choice', ...at };
    case 'custom':
      return { code: field === 'backend.baseUrl' ? 'invalid-address' : 'invalid', ...at };
    default:
      return { code: 'invalid', ...at };
  }
}

/**
 * A schema's refusal, one per field (the first issue of each): `prefix` is
 * where the schema sits in the settings (['backend'] for a server's draft).
 */
export function refusalsOfIssues(error: core.$ZodError, prefix: readonly string[] = []): SettingsRefusal[] {
  const refusals: SettingsRefusal[] = [];
  for (const issue of error.issues) {
    const refusal = refusalOfIssue(issue, prefix);
    if (!refusals.some((seen) => seen.field === refusal.field)) refusals.push(refusal);
  }
  return refusals;
}

/** A shortcut's issue as a refusal of its field (the capture shortcut unless told). */
export function refusalOfAccelerator(
  issue: AcceleratorIssue,
  field: 'hotkey' | 'repeatHotkey' = 'hotkey',
): SettingsRefusal {
  const code = `shortcut-${issue.code}` as const;
  return 'part' in issue ? { code, field, detail: issue.part } : { code, field };
}

/** A refusal in English: the reply's `reason`. */
export function describeRefusal(refusal: SettingsRefusal): string {
  const where = refusal.field ? `${refusal.field}: ` : '';
  const detail = refusal.detail ?? '';
  switch (refusal.code) {
    case 'required':
      return `${where}this cannot be empty.`;
    case 'too-small':
      return `${where}${refusal.limit} or more.`;
    case 'too-big':
      return `${where}${refusal.limit} or less.`;
    case 'too-long':
      return `${where}${refusal.limit} characters at most.`;
    case 'not-whole-number':
      return `${where}a whole number.`;
    case 'not-a-number':
      return `${where}a number.`;
    case 'not-a-choice':
      return `${where}not one of the choices.`;
    case 'invalid-address':
      return `${where}an http:// or https:// address, without a user name, password, query or #fragment.`;
    case 'invalid':
      return `${where}this value cannot be used.`;
    case 'shortcut-incomplete':
      return describeAcceleratorIssue({ code: 'incomplete' });
    case 'shortcut-unknown-key':
      return describeAcceleratorIssue({ code: 'unknown-key', part: detail });
    case 'shortcut-unknown-modifier':
      return describeAcceleratorIssue({ code: 'unknown-modifier', part: detail });
    case 'shortcut-repeated-modifier':
      return describeAcceleratorIssue({ code: 'repeated-modifier' });
    case 'shortcut-needs-modifier':
      return describeAcceleratorIssue({ code: 'needs-modifier' });
    case 'shortcut-shift-alone':
      return describeAcceleratorIssue({ code: 'shift-alone' });
    case 'shortcut-taken':
      return `${detail} is already used by the system or another app.`;
    case 'shortcut-is-capture':
      return `${detail} is already the capture shortcut: choose another key to capture the same region again.`;
    case 'shortcut-is-repeat':
      return `${detail} already captures the same region again: choose another capture shortcut.`;
    case 'screen-share-unsupported':
      return 'This system cannot keep windows out of screen sharing (Linux captures every window).';
    case 'start-at-login-unsupported':
      return 'Starting at login is not available on this system.';
    case 'start-at-login-failed':
      return `Starting at login could not be changed: ${detail}`;
    case 'not-saved':
      return `The settings could not be saved: ${detail}`;
    case 'model-not-installed':
      return `${detail} is not installed: download it first.`;
  }
}
