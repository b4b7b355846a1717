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

const SECRET_HELP = 'Leave empty and hookgate generates a strong secret (recommended).';

function secretField(label = 'Secret'): ModeField {
  return { name: 'secret', label, kind: 'secret', required: false, help: SECRET_HELP };
}

/** The four seed modes every gateway has, before the provider catalogue loads. */
export const SEED_MODES: readonly AuthMode[] = [
  {
    id: 'shared_secret',
    name: 'Shared secret',
    category: 'Generic',
    description: 'The partner sends the secret itself in a header. Works with Make, Zapier, n8n and curl.',
    fields: [
      { name: 'header', label: 'Header', kind: 'text', required: false, defaultValue: 'x-webhook-secret' },
      secretField(),
    ],
  },
  {
    id: 'api_key',
    name: 'API key',
    category: 'Generic',
    description: 'A static key in a header (Xoxo style).',
    fields: [
      { name: 'header', label: 'Header', kind: 'text', required: false, defaultValue: 'x-api-key' },
      {
        name: 'format',
        label: 'Key format',
        kind: 'select',
        required: false,
        options: [
          { value: '', label: 'Any (64 characters when generated)' },
          { value: 'xoxo', label: 'Xoxo (alphanumeric, 13–60; 40 when generated)' },
        ],
      },
      secretField('Key'),
    ],
  },
  {
    id: 'hmac',
    name: 'HMAC signature',
    category: 'Generic',
    description: 'The partner signs the raw body with the secret and sends the signature in a header.',
    fields: [
      { name: 'header', label: 'Signature header', kind: 'text', required: true, placeholder: 'x-signature' },
      {
        name: 'algorithm',
        label: 'Algorithm',
        kind: 'select',
        required: true,
        defaultValue: 'sha256',
        options: ['sha256', 'sha1', 'sha512'].map((value) => ({ value, label: value.toUpperCase() })),
      },
      {
        name: 'encoding',
        label: 'Encoding',
        kind: 'select',
        required: true,
        defaultValue: 'hex',
        options: [
          { value: 'hex', label: 'hex' },
          { value: 'base64', label: 'base64' },
        ],
      },
      { name: 'prefix', label: 'Prefix', kind: 'text', required: false, placeholder: 'sha256=' },
      secretField(),
    ],
  },
  {
    id: 'body_hash',
    name: 'Hash in body',
    category: 'Generic',
    description: 'The signature sits in a JSON body field: HMAC-SHA256 hex of the body without it (We-Link).',
    fields: [
      { name: 'field', label: 'Hash field', kind: 'text', required: false, defaultValue: 'hash' },
      secretField(),
    ],
  },
];

function kindOf(field: ProviderField): ModeField['kind'] {
  const type = field.type.toLowerCase();
  if (type.startsWith('enum:')) return 'select';
  if (field.name === 'secret' || type === 'secret' || type === 'password') return 'secret';
  if (type.startsWith('number') || type.startsWith('integer')) return 'number';
  if (type.startsWith('boolean')) return 'checkbox';
  return 'text';
}

/** `enum:hex|base64` → select options; optional enums start with a "gateway default" choice. */
function enumOptions(field: ProviderField): ModeField['options'] {
  const values = field.type.slice('enum:'.length).split('|').filter(Boolean);
  const options = values.map((value) => ({ value, label: value }));
  return field.required ? options : [{ value: '', label: 'Default' }, ...options];
}

/** A provider from `GET /api/v1/providers` as a create-form mode. */
export function modeFromProvider(provider: Provider): AuthMode {
  const fields = provider.fields
    .filter((field) => field.name !== 'mode')
    .map((field): ModeField => {
      const kind = kindOf(field);
      const base: ModeField = {
        name: field.name,
        label: humanize(field.name),
        kind,
        required: field.required,
      };
      const withOptions = kind === 'select' ? { ...base, options: enumOptions(field) ?? [] } : base;
      const firstOption = withOptions.options?.[0]?.value;
      const withDefault =
        field.required && firstOption ? { ...withOptions, defaultValue: firstOption } : withOptions;
      return field.description ? { ...withDefault, help: field.description } : withDefault;
    });
  const extra = provider.docsUrl ? { docsUrl: provider.docsUrl } : {};
  const description = provider.tolerance
    ? { description: `Timestamps older than ${provider.tolerance} s are rejected.` }
    : {};
  return {
    id: provider.id,
    name: provider.name,
    category: provider.category,
    fields,
    ...extra,
    ...description,
  };
}

/** Seeds first, then every provider that is not a seed. */
export function allModes(providers: readonly Provider[] | null): readonly AuthMode[] {
  const seedIds = new Set(SEED_MODES.map((mode) => mode.id));
  const extra = (providers ?? []).filter((p) => !seedIds.has(p.id)).map(modeFromProvider);
  return [...SEED_MODES, ...extra];
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
