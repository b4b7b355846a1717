import { z } from 'zod';
import { failure, type Result, success } from '../errors/index.ts';
import { inferSchema, schemaPaths } from '../processing/index.ts';
import type { IdentifierType } from '../store/index.ts';

/**
 * Ready-made connections for known senders: the auth mode and fields each one uses, the sample payload its
 * documentation shows, and where a contact identifier usually sits. One row per sender; the inferred schema
 * is computed once from the sample. Served by `GET /api/v1/templates`, used by
 * `POST /api/v1/connections { name, template }` and the CLI's `connections create --template`.
 */
interface TemplateRow {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The connection's `auth` without the credential. */
  readonly auth: Readonly<Record<string, unknown>> & { readonly mode: string };
  /**
   * `generated`: hookgate generates the secret and you paste it into the sender's settings;
   * `sender`: the sender issues it and you paste it here (creating without one is refused).
   */
  readonly secret: { readonly source: 'generated' | 'sender'; readonly hint: string };
  /** The sample payload of the sender's documentation (placeholders filled with plausible values). */
  readonly sample: unknown;
  readonly identifier: { readonly type: IdentifierType; readonly path: string } | null;
}

/** A no-code tool that sends whatever headers you configure: a shared secret in `x-webhook-secret`. */
function noCodeTool(id: string, name: string, where: string): TemplateRow {
  return {
    id,
    name,
    description: `${name} HTTP request step sending the secret in the x-webhook-secret header.`,
    auth: { mode: 'shared_secret', header: 'x-webhook-secret' },
    secret: {
      source: 'generated',
      hint: `Add a header x-webhook-secret with the generated secret to the ${where}.`,
    },
    sample: { event: 'form.submitted', email: 'jane@example.com', phone: '+14155550123', name: 'Jane Doe' },
    identifier: { type: 'email', path: '$.email' },
  };
}

const ROWS: readonly TemplateRow[] = [
  {
    id: 'xoxo',
    name: 'Xoxo order status',
    description:
      'Xoxo order-status webhook authenticated by a static x-api-key header (alphanumeric, 13–60).',
    auth: { mode: 'api_key', header: 'x-api-key', format: 'xoxo' },
    secret: {
      source: 'generated',
      hint: 'In Xoxo: Settings > API > Configure Webhook, enable "Add Custom Header" and paste the key into x-API-key.',
    },
    sample: {
      id: 1234567890123456,
      data: {
        orderId: 12345678901,
        poNumber: 'PO-2024-0001',
        orderDate: '2024-05-01 10:15:00',
        deliveryStatus: 'Delivered',
      },
      createdAt: '2024-05-01 10:20:00',
    },
    identifier: null,
  },
  {
    id: 'welink',
    name: 'We-Link',
    description: 'We-Link webhook carrying an HMAC-SHA256 of the JSON body in its "hash" field.',
    auth: { mode: 'body_hash', field: 'hash' },
    secret: {
      source: 'generated',
      hint: "In We-Link's dashboard, set the webhook's Secret Code to the generated secret.",
    },
    sample: {
      status: 'SUCCESS',
      request_id: 'req-11111-22222-33333',
      result: { first_name: 'Jane', last_name: 'Doe', profile_id: 'jane-doe-123', premium: true },
      hash: 'a1b2c3d4e5f67890123456789abcdef123456789',
    },
    identifier: { type: 'channel_user_id', path: '$.result.profile_id' },
  },
  {
    id: 'flintn',
    name: 'Flintn',
    description: 'Flintn signed webhooks: HMAC-SHA256 hex of the body in X-Signature-Primary.',
    auth: { mode: 'hmac', preset: 'flintn' },
    secret: {
      source: 'sender',
      hint: "Paste the 64-character secret from Flintn's Webhooks > Webhook Secret page (shown once there).",
    },
    // Flintn's documentation shows no payload; this is the shape of a typical merchant event.
    sample: {
      id: 'evt_01HZX3K8Q2',
      type: 'payment.succeeded',
      created_at: '2024-05-01T10:20:00Z',
      data: { payment_id: 'pay_123', amount: 4200, currency: 'EUR', customer: { email: 'jane@example.com' } },
    },
    identifier: { type: 'email', path: '$.data.customer.email' },
  },
  noCodeTool('make', 'Make', 'HTTP module of your scenario'),
  noCodeTool('zapier', 'Zapier', 'Webhooks by Zapier POST action'),
  noCodeTool('n8n', 'n8n', 'HTTP Request node'),
  noCodeTool('pipedream', 'Pipedream', 'HTTP request step of your workflow'),
];

/** The ids of every template, for the request schemas. */
export const TEMPLATE_IDS = ROWS.map((row) => row.id) as [string, ...string[]];

/** One template as the API shows it. */
export const templateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    auth: z
      .looseObject({ mode: z.string() })
      .describe('The auth settings the connection gets (no credential)'),
    secret: z.object({ source: z.enum(['generated', 'sender']), hint: z.string() }),
    sample: z.unknown().describe("The sender's documented payload"),
    schema: z.record(z.string(), z.unknown()).describe('JSON Schema inferred from the sample'),
    paths: z.array(z.string()).describe('JSONPaths of the sample, for choosing an identifier'),
    identifier: z.object({ type: z.string(), path: z.string() }).nullable().describe('Suggested identifier'),
  })
  .meta({ id: 'SenderTemplate' });

/** A template as served: its row plus the schema and paths inferred from the sample. */
export type SenderTemplate = z.infer<typeof templateSchema>;

/** Every template, schemas inferred once at start-up. */
export const SENDER_TEMPLATES: readonly SenderTemplate[] = ROWS.map((row) => {
  const schema = inferSchema(row.sample);
  return { ...row, auth: { ...row.auth }, schema, paths: schemaPaths(schema) };
});

/** The parts of a connection create body a template fills in. */
interface TemplateInput {
  readonly template?: string | undefined;
  readonly auth?: Readonly<Record<string, unknown>> | undefined;
  readonly identifier?: unknown;
}

/**
 * Resolves `{ template, auth? }` into a full `auth` (the template's, with the caller's fields such as
 * `secret` on top; the mode cannot change) and the suggested identifier unless one was given.
 * Without a template the body is returned as it is.
 */
export function applyTemplate<T extends TemplateInput>(
  body: T,
): Result<T & { auth: Readonly<Record<string, unknown>> }> {
  if (body.template === undefined) {
    if (body.auth === undefined) return failure('VALIDATION_ERROR', 'auth: is required (or give a template)');
    return success({ ...body, auth: body.auth });
  }
  const template = ROWS.find((row) => row.id === body.template);
  if (template === undefined)
    return failure('VALIDATION_ERROR', `template: unknown template "${body.template}"`);
  const given = body.auth ?? {};
  if (given.mode !== undefined && given.mode !== template.auth.mode) {
    return failure(
      'VALIDATION_ERROR',
      `auth.mode: the ${template.name} template uses ${template.auth.mode}, not ${String(given.mode)}`,
    );
  }
  if (template.secret.source === 'sender' && given.secret === undefined) {
    return failure(
      'VALIDATION_ERROR',
      `auth.secret: is required for ${template.name}. ${template.secret.hint}`,
    );
  }
  return success({
    ...body,
    auth: { ...template.auth, ...given },
    ...(body.identifier === undefined &&
      template.identifier !== null && { identifier: { ...template.identifier } }),
  });
}
