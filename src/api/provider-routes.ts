import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Scheme } from '../verify/internal.ts';
import { SCHEMES } from '../verify/internal.ts';
import { schemeCredential } from './auth-body-schema.ts';
import { errorSchema, listOf } from './schemas.ts';
import { SENDER_TEMPLATES, templateSchema } from './sender-templates.ts';

const optionSchema = z.object({ value: z.string(), label: z.string() });

const fieldSchema = z.object({
  name: z.string(),
  type: z.string(),
  required: z.boolean(),
  description: z.string(),
  label: z.string().nullable().describe('Form label; null: derived from the name'),
  default: z.string().nullable().describe('What the gateway uses when the field is left out, as form text'),
  placeholder: z
    .string()
    .nullable()
    .describe('Example for a text field; for an optional choice, the label of "none"'),
  options: z.array(optionSchema).nullable().describe('The choices of an enum field, with their labels'),
  ask: z.boolean().describe('The form asks for it like a required field (the default rarely fits)'),
  advanced: z.boolean().describe('Left out of the dashboard create form (set it through the API)'),
});

const providerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.string(),
    description: z.string().nullable(),
    fields: z.array(fieldSchema),
    tolerance: z.number().nullable(),
    docsUrl: z.string().nullable(),
  })
  .meta({ id: 'Provider' });

type Field = z.infer<typeof fieldSchema>;

/** The `x-form` meta a scheme config field may carry: how the dashboard's create form shows it. */
interface FormMeta {
  label?: string;
  default?: string;
  placeholder?: string;
  optionLabels?: Record<string, string>;
  ask?: boolean;
  advanced?: boolean;
}

interface JsonSchemaProperty {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  default?: unknown;
  'x-form'?: FormMeta;
}

interface JsonSchemaObject {
  properties?: Record<string, JsonSchemaProperty>;
  required?: string[];
}

function configField(name: string, property: JsonSchemaProperty, required: boolean): Field {
  const form = property['x-form'] ?? {};
  const fallback = property.default === undefined ? null : String(property.default);
  const options = property.enum
    ? property.enum.map(String).map((value) => ({ value, label: form.optionLabels?.[value] ?? value }))
    : null;
  return {
    name,
    type: property.enum ? `enum:${property.enum.join('|')}` : String(property.type ?? 'string'),
    required,
    description: property.description ?? '',
    label: form.label ?? null,
    default: form.default ?? fallback,
    placeholder: form.placeholder ?? null,
    options,
    ask: form.ask === true,
    advanced: form.advanced === true,
  };
}

/**
 * The fields a person fills in for a scheme, derived from its zod config schema (defaults, `.meta` with
 * `x-form`) plus its credential: first when required, last when hookgate can generate it.
 */
export function schemeFields(scheme: Scheme): Field[] {
  const json = z.toJSONSchema(scheme.config, { io: 'input', unrepresentable: 'any' }) as JsonSchemaObject;
  const required = new Set(json.required ?? []);
  const fields = Object.entries(json.properties ?? {})
    .filter(([name]) => name !== 'mode')
    .map(([name, property]) => configField(name, property, required.has(name)));
  const credential = schemeCredential(scheme);
  const secret: Field = {
    name: credential.name,
    description: credential.description,
    type: 'string',
    required: credential.required,
    label: credential.label,
    default: null,
    placeholder: null,
    options: null,
    ask: false,
    advanced: false,
  };
  return credential.required ? [secret, ...fields] : [...fields, secret];
}

/** Every registered auth mode as `GET /api/v1/providers` lists it (web/test/providers.json copies it). */
export const PROVIDER_ITEMS = Object.values(SCHEMES as Readonly<Record<string, Scheme>>).map((scheme) => ({
  id: scheme.id,
  name: scheme.name,
  category: scheme.category,
  description: scheme.description ?? null,
  fields: schemeFields(scheme),
  tolerance: scheme.tolerance ?? null,
  docsUrl: scheme.docsUrl ?? null,
}));

/** `GET /api/v1/providers`: every auth mode with the fields its form needs; `GET /api/v1/templates`. */
export async function providerRoutes(app: FastifyInstance): Promise<void> {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get(
      '/api/v1/providers',
      {
        schema: {
          operationId: 'listProviders',
          summary: 'List the auth modes with the fields each needs',
          tags: ['providers'],
          response: { 200: listOf(providerSchema), 401: errorSchema },
        },
      },
      async () => ({ items: PROVIDER_ITEMS, nextCursor: null }),
    )
    .get(
      '/api/v1/templates',
      {
        schema: {
          operationId: 'listTemplates',
          summary: 'Ready-made connections for known senders',
          tags: ['providers'],
          response: { 200: listOf(templateSchema), 401: errorSchema },
        },
      },
      async () => ({ items: [...SENDER_TEMPLATES], nextCursor: null }),
    );
}
