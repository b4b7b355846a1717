import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OUTBOUND_STYLES, SIGNING_STYLES, type SigningStyle } from '../delivery/index.ts';
import { errorSchema, listOf } from './schemas.ts';

const signingStyleSchema = z
  .object({
    id: z.enum(SIGNING_STYLES as [SigningStyle, ...SigningStyle[]]),
    label: z.string().describe('What forms and help call the style'),
    scopes: z
      .array(z.enum(['application', 'endpoint', 'none']))
      .describe(
        'Whose secret signs: both application and endpoint (chosen with secretScope), endpoint only, or none',
      ),
    field: z
      .object({
        name: z.enum(['header', 'field', 'username']),
        label: z.string(),
        default: z.string().nullable().describe('The value used when the field is left out; null: required'),
      })
      .nullable()
      .describe('The one extra field the style takes'),
  })
  .meta({ id: 'SigningStyleInfo' });

/** The styles as the API lists them, from the registry (src/delivery/signing/signing-styles.ts). */
export const SIGNING_STYLE_ITEMS = OUTBOUND_STYLES.map((style) => ({
  id: style.id as SigningStyle,
  label: style.label,
  scopes: [...style.scopes],
  field:
    style.field === null
      ? null
      : { name: style.field.name, label: style.field.label, default: style.field.default ?? null },
}));

/** `GET /api/v1/signing-styles`: the outbound signing styles, for the dashboard's form and the CLI. */
export async function signingStyleRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/signing-styles',
    {
      schema: {
        operationId: 'listSigningStyles',
        summary: 'List the outbound signing styles with the fields each takes',
        tags: ['endpoints'],
        response: { 200: listOf(signingStyleSchema), 401: errorSchema },
      },
    },
    async () => ({ items: SIGNING_STYLE_ITEMS, nextCursor: null }),
  );
}
