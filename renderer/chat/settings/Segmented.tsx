// A small choice (theme, device, a language) as segments side by side: native
// radio buttons in a radio group, so arrow keys move between them and a
// screen reader reads "1 of 3", styled as one control.
import type { SettingsField } from '../../../common/settings-refusal.js';
import { describedBy, FieldNotes, fieldIds, useFieldRefusal } from './FieldMessage.js';

export interface Segment<T extends string> {
  value: T;
  label: string;
  /** The label's own language, where it differs from the page's ("Français" in an English page). */
  lang?: string;
}

export function Segmented<T extends string>(props: {
  field: SettingsField;
  label: string;
  hint?: string;
  value: T;
  segments: readonly Segment<T>[];
  onChange(value: T): void;
}) {
  const ids = fieldIds(props.field);
  const refused = useFieldRefusal(props.field) !== undefined;
  return (
    <div className="settings-item">
      <div className="settings-item-row settings-item-row-wrap">
        <span id={ids.label} className="settings-item-label">
          {props.label}
        </span>
        <div
          role="radiogroup"
          className="settings-segmented"
          aria-labelledby={ids.label}
          aria-describedby={describedBy(props.field, props.hint !== undefined, refused)}
        >
          {props.segments.map((segment) => (
            <label key={segment.value} className="settings-segment" lang={segment.lang}>
              <input
                type="radio"
                name={ids.control}
                value={segment.value}
                checked={props.value === segment.value}
                onChange={() => props.onChange(segment.value)}
              />
              <span>{segment.label}</span>
            </label>
          ))}
        </div>
      </div>
      <FieldNotes field={props.field} hint={props.hint} />
    </div>
  );
}
