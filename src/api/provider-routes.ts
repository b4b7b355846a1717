import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Scheme } from '../verify/internal.ts';
import { SCHEMES } from '../verify/internal.ts';
import { schemeCredential } from './auth-body-schema.ts';
import { errorSchema, listOf } from './schemas.ts';
import { SENDER_TEMPLATES, templateSchema } from './sender-templates.ts';

const fieldSchema = z.object({
  name: z.string(),
  type: z.string(),
  required: z.boolean(),
  description: z.string(),
});

const providerSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    category: z.string(),
    fields: z.array(fieldSchema),
    tolerance: z.number().nullable(),
    docsUrl: z.string().nullable(),
  })
  .meta({ id: 'Provider' });

type Field = z.infer<typeof fieldSchema>;

interface JsonSchemaObject {
  properties?: Record<string, { type?: string | string[]; description?: string; enum?: unknown[] }>;
  required?: string[];
}

/** The fields a person fills in for a scheme, derived from its zod config schema plus its credential. */
export function schemeFields(scheme: Scheme): Field[] {
  const json = z.toJSONSchema(scheme.config, { io: 'input', unrepresentable: 'any' }) as JsonSchemaObject;
  const required = new Set(json.required ?? []);
  const fields: Field[] = Object.entries(json.properties ?? {})
    .filter(([name]) => name !== 'mode')
    .map(([name, property]) => ({
      name,
      type: property.enum ? `enum:${property.enum.join('|')}` : String(property.type ?? 'string'),
      required: required.has(name),
      description: property.description ?? '',
    }));
  const credential = schemeCredential(scheme);
  const { name, description } = credential;
  return [{ name, description, type: 'string', required: credential.required }, ...fields];
}

/** `GET /api/v1/providers`: every auth mode with the fields its form needs; `GET /api/v1/templates`. */
export async function providerRoutes(app: FastifyInstance): Promise<void> {
  const items = Object.values(SCHEMES as Readonly<Record<string, Scheme>>).map((scheme) => ({
    id: scheme.id,
    name: scheme.name,
    category: scheme.category,
    fields: schemeFields(scheme),
    tolerance: scheme.tolerance ?? null,
    docsUrl: scheme.docsUrl ?? null,
  }));
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
      async () => ({ items, nextCursor: null }),
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
