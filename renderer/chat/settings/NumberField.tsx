// A short number with its unit ("15 min", "30 days"): checked against the
// setting's own schema when it is committed (Enter or leaving the field), so
// a value out of range is said beside the field at once, in the page's words,
// and never sent.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as z from 'zod/mini';
import { refusalsOfIssues, type SettingsField } from '../../../common/settings-refusal.js';
import { describedBy, FieldNotes, fieldIds, useFieldRefusal } from './FieldMessage.js';
import { fieldUnits } from './refusal-words.js';
import { useSettingsStore, type Section } from './store.js';

export function NumberField(props: {
  field: SettingsField;
  section: Section;
  label: string;
  hint?: string;
  /** The setting's value (milliseconds for a timeout: the field shows it in its unit). */
  value: number;
  /** The setting's schema: what it accepts is what the field accepts. */
  schema: z.ZodMiniType;
  onCommit(value: number): void;
}) {
  const { t } = useTranslation();
  const ids = fieldIds(props.field);
  const unit = fieldUnits[props.field] ?? { unit: 'plain', scale: 1 };
  const shown = String(props.value / unit.scale);
  const [draft, setDraft] = useState(shown);
  const refused = useFieldRefusal(props.field) !== undefined;
  const refuse = useSettingsStore((state) => state.refuse);
  const clearRefusal = useSettingsStore((state) => state.clearRefusal);
  useEffect(() => setDraft(shown), [shown]);

  const commit = () => {
    if (draft.trim() === '') return refuse(props.section, [{ code: 'required', field: props.field }]);
    const value = Number(draft) * unit.scale;
    const parsed = props.schema.safeParse(value);
    if (!parsed.success) return refuse(props.section, refusalsOfIssues(parsed.error, props.field.split('.')));
    if (value !== props.value) props.onCommit(value);
  };

  return (
    <div className="settings-item">
      <div className="settings-item-row">
        <label className="settings-item-label" htmlFor={ids.control}>
          {props.label}
        </label>
        <span className="settings-number">
          <input
            id={ids.control}
            type="number"
            inputMode="numeric"
            value={draft}
            aria-invalid={refused || undefined}
            aria-describedby={[
              unit.unit !== 'plain' ? `${ids.control}-unit` : undefined,
              describedBy(props.field, props.hint !== undefined, refused),
            ]
              .filter(Boolean)
              .join(' ')}
            onChange={(event) => {
              setDraft(event.target.value);
              clearRefusal(props.field);
            }}
            onBlur={commit}
            onKeyDown={(event) => event.key === 'Enter' && commit()}
          />
          {unit.unit !== 'plain' && (
            <span id={`${ids.control}-unit`} className="settings-unit">
              {t(`settings.units.${unit.unit}Short`)}
            </span>
          )}
        </span>
      </div>
      <FieldNotes field={props.field} hint={props.hint} />
    </div>
  );
}
