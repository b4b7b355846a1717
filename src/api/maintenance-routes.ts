import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Result } from '../errors/index.ts';
import { sendError } from './http-errors.ts';
import { errorSchema } from './schemas.ts';

/** What the maintenance routes need: the reseal step, already bound to store, keys and lock. */
export interface MaintenanceRouteDeps {
  readonly reseal: () => Promise<Result<{ resealed: number }>>;
}

const resealedSchema = z
  .object({
    resealed: z.number().int().min(0).describe('Secret versions re-encrypted under the current key'),
  })
  .meta({ id: 'Resealed' });

/**
 * `POST /api/v1/maintenance/reseal`: the last step of a master-key rotation, run once every instance holds
 * the new key. Re-encrypts every stored secret sealed under a previous key; one instance at a time.
 */
export async function maintenanceRoutes(app: FastifyInstance, deps: MaintenanceRouteDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/api/v1/maintenance/reseal',
    {
      schema: {
        operationId: 'resealSecrets',
        summary: 'Re-encrypt stored secrets under the current master key',
        tags: ['maintenance'],
        response: { 200: resealedSchema, 409: errorSchema },
      },
    },
    async (_request, reply) => {
      const result = await deps.reseal();
      if (!result.ok) return sendError(reply, result);
      return result.value;
    },
  );
}
