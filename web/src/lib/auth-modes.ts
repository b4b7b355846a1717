import type { Provider, ProviderField } from '../api/types.ts';
import { humanize } from './format.ts';

/** One input of a create form, described once and rendered by <AuthFields>. */
export interface ModeField {
  readonly name: string;
  readonly label: string;
  readonly kind: 'text' | 'secret' | 'number' | 'checkbox' | 'select';
  readonly required: boolean;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  readonly defaultValue?: string;
  readonly placeholder?: string;
  readonly help?: string;
}

export interface AuthMode {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly description?: string;
  readonly docsUrl?: string;
  readonly fields: readonly ModeField[];
}

function kindOf(field: ProviderField): ModeField['kind'] {
  const type = field.type.toLowerCase();
  if (type.startsWith('enum:')) return 'select';
  if (field.name === 'secret' || type === 'secret' || type === 'password') return 'secret';
  if (type.startsWith('number') || type.startsWith('integer')) return 'number';
  if (type.startsWith('boolean')) return 'checkbox';
  return 'text';
}

/**
 * An enum's choices as the API labels them. A choice is left open (a first "none" option, labelled by the
 * field's placeholder) only when the gateway has no default to show and the field is truly optional.
 */
function selectOptions(field: ProviderField, required: boolean): ModeField['options'] {
  const fromType = field.type
    .slice('enum:'.length)
    .split('|')
    .filter(Boolean)
    .map((value) => ({ value, label: value }));
  const options = field.options ?? fromType;
  if (required || field.default !== null) return options;
  return [{ value: '', label: field.placeholder ?? 'Default' }, ...options];
}

/** One provider field as a form input: label, default, placeholder and choices all come from the API. */
function modeField(field: ProviderField): ModeField {
  const kind = kindOf(field);
  // `ask`: the gateway has a default, but the sender's value rarely matches it, so the form asks.
  const required = field.required || field.ask;
  const options = kind === 'select' ? selectOptions(field, required) : undefined;
  const defaultValue = field.default ?? (required ? options?.[0]?.value : undefined);
  return {
    name: field.name,
    label: field.label ?? humanize(field.name),
    kind,
    required,
    ...(options && { options }),
    ...(defaultValue && { defaultValue }),
    ...(kind !== 'select' && field.placeholder && { placeholder: field.placeholder }),
    ...(field.description && { help: field.description }),
  };
}

/** A provider from `GET /api/v1/providers` as a create-form mode (its advanced fields left to the API). */
export function modeFromProvider(provider: Provider): AuthMode {
  const fields = provider.fields.filter((field) => field.name !== 'mode' && !field.advanced).map(modeField);
  const tolerance = provider.tolerance ? `Timestamps older than ${provider.tolerance} s are rejected.` : null;
  const description = [provider.description, tolerance].filter(Boolean).join(' ');
  return {
    id: provider.id,
    name: provider.name,
    category: humanize(provider.category),
    fields,
    ...(provider.docsUrl && { docsUrl: provider.docsUrl }),
    ...(description && { description }),
  };
}

/** Every mode of `GET /api/v1/providers`, the gateway's generic ones (the seeds) first. */
export function allModes(providers: readonly Provider[]): readonly AuthMode[] {
  const seeds = providers.filter((p) => p.category === 'generic');
  const rest = providers.filter((p) => p.category !== 'generic');
  return [...seeds, ...rest].map(modeFromProvider);
}

export type FieldValues = Record<string, string | boolean>;

export function initialValues(mode: AuthMode): FieldValues {
  const values: FieldValues = {};
  for (const field of mode.fields)
    values[field.name] = field.kind === 'checkbox' ? false : (field.defaultValue ?? '');
  return values;
}

/** The `auth` object for the API: empty optional fields are left out so the gateway applies its defaults. */
export function buildAuth(mode: AuthMode, values: FieldValues): { mode: string; [field: string]: unknown } {
  const auth: { mode: string; [field: string]: unknown } = { mode: mode.id };
  for (const field of mode.fields) {
    const value = values[field.name];
    if (field.kind === 'checkbox') auth[field.name] = value === true;
    else if (typeof value === 'string' && value.trim() !== '') {
      auth[field.name] = field.kind === 'number' ? Number(value) : value.trim();
    }
  }
  return auth;
}
