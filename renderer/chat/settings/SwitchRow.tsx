// An on/off setting: its label, a switch (role="switch") at the end of the
// row, a line that explains it, and why a change was refused, if it was.
import type { SettingsField } from '../../../common/settings-refusal.js';
import { describedBy, FieldMessage, fieldIds, useFieldRefusal } from './FieldMessage.js';

export function SwitchRow(props: {
  /** The setting it changes (its refusals show here); or an `id` where another control shows them. */
  field: SettingsField | { id: string };
  label: string;
  hint?: string;
  checked: boolean;
  disabled?: boolean;
  onChange(checked: boolean): void;
}) {
  const field = typeof props.field === 'string' ? props.field : undefined;
  const control = field ? fieldIds(field).control : (props.field as { id: string }).id;
  const hintId = `${control}-hint`;
  const refused = useFieldRefusal(field) !== undefined;
  const described = field
    ? describedBy(field, props.hint !== undefined, refused)
    : props.hint !== undefined
      ? hintId
      : undefined;
  return (
    <div className="settings-item">
      <div className="settings-item-row">
        <label className="settings-item-label" htmlFor={control}>
          {props.label}
        </label>
        <input
          id={control}
          type="checkbox"
          role="switch"
          className="settings-switch"
          checked={props.checked}
          disabled={props.disabled}
          aria-invalid={refused || undefined}
          aria-describedby={described}
          onChange={(event) => props.onChange(event.target.checked)}
        />
      </div>
      {props.hint && (
        <p id={hintId} className="settings-hint">
          {props.hint}
        </p>
      )}
      {field && <FieldMessage field={field} />}
    </div>
  );
}
