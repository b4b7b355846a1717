import { useEffect, useId, useState } from 'react';
import type { SenderTemplate } from '../api/types.ts';
import { useApi } from '../hooks/api-context.tsx';

/**
 * The sender templates of this gateway (`GET /api/v1/templates`); empty while loading and on a gateway
 * without them (then the form starts blank, as before).
 */
export function useTemplates(): readonly SenderTemplate[] {
  const api = useApi();
  const [templates, setTemplates] = useState<readonly SenderTemplate[]>([]);
  useEffect(() => {
    let cancelled = false;
    api
      .listTemplates()
      .then((items) => !cancelled && setTemplates(items))
      .catch(() => {
        // Templates are a shortcut: without them the user picks a mode by hand.
      });
    return () => {
      cancelled = true;
    };
  }, [api]);
  return templates;
}

interface TemplatePickerProps {
  readonly templates: readonly SenderTemplate[];
  /** The chosen template id, or '' for a blank connection. */
  readonly value: string;
  readonly onChange: (id: string) => void;
}

/** "Start from": a blank connection or one of the known senders, each with what it sets up. */
export function TemplatePicker({ templates, value, onChange }: TemplatePickerProps) {
  const name = useId();
  const options = [
    { id: '', name: 'Blank', description: 'Choose the auth mode and its settings yourself.' },
    ...templates,
  ];
  return (
    <fieldset className="template-picker">
      <legend>Start from</legend>
      {options.map((option) => (
        <label key={option.id || 'blank'} className="template-option">
          <input
            type="radio"
            name={name}
            value={option.id}
            checked={value === option.id}
            onChange={() => onChange(option.id)}
          />
          <span>
            <strong>{option.name}</strong>
            <span className="help">{option.description}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
