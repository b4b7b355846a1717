import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { failure } from '../errors/index.ts';
import type { ApplicationRecord, DeliverySecretRecord } from '../store/index.ts';
import { type DeliveryRouteContext, deliveryErrors as errors } from './delivery-route-deps.ts';
import {
  applicationSchema,
  applicationWithSecretSchema,
  createApplicationBody,
  patchApplicationBody,
  rotateDeliverySecretBody,
} from './delivery-schemas.ts';
import { applicationView } from './delivery-views.ts';
import { sendError } from './http-errors.ts';
import { idParams, listOf, pageQuery } from './schemas.ts';
import { secretAgeView } from './secret-age.ts';

const tags = ['applications'];
const DAY_MS = 86_400_000;
const listQuery = pageQuery.extend({
  rotationDue: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only applications whose signing secret rotation is due now'),
});

/** `/api/v1/applications`: create (secret shown once), list, show, rename, delete, rotate the secret. */
export async function deliveryApplicationRoutes(
  app: FastifyInstance,
  context: DeliveryRouteContext,
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const { store, applications } = context;
  /** An application view with the age of its current signing secret. */
  const withAge = (
    record: ApplicationRecord,
    secrets: ReadonlyMap<string, readonly DeliverySecretRecord[]>,
  ) => ({
    ...applicationView(record),
    ...secretAgeView(secrets.get(record.id) ?? [], context.rotationReminderDays),
  });
  const secretsOf = (records: readonly ApplicationRecord[]) =>
    store.delivery.activeSecrets(
      records.map((r) => r.id),
      context.clock.now(),
    );
  const view = async (record: ApplicationRecord) => withAge(record, await secretsOf([record]));
  /** A page of views: one secrets query for the whole page. */
  const views = async (records: readonly ApplicationRecord[]) => {
    const secrets = await secretsOf(records);
    return records.map((record) => withAge(record, secrets));
  };

  api.post(
    '/api/v1/applications',
    {
      schema: {
        operationId: 'createApplication',
        summary: 'Create an application (its signing secret is shown once)',
        tags,
        body: createApplicationBody,
        response: { 201: applicationWithSecretSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await applications.create(request.body);
      if (!created.ok) return sendError(reply, created);
      return reply
        .status(201)
        .send({ application: await view(created.value.record), secret: created.value.secret });
    },
  );

  api.get(
    '/api/v1/applications',
    {
      schema: {
        operationId: 'listApplications',
        summary: 'List applications',
        tags,
        querystring: listQuery,
        response: { 200: listOf(applicationSchema), ...errors },
      },
    },
    async (request) => {
      const { rotationDue, ...paging } = request.query;
      const periodMs = context.rotationReminderDays * DAY_MS;
      const page = await store.delivery.applications.listApplications(
        rotationDue === 'true' ? { ...paging, rotationDue: { now: context.clock.now(), periodMs } } : paging,
      );
      return { items: await views(page.items), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/api/v1/applications/:id',
    {
      schema: {
        operationId: 'getApplication',
        summary: 'Show an application',
        tags,
        params: idParams,
        response: { 200: applicationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await store.delivery.applications.getApplication(request.params.id);
      if (found === null)
        return sendError(reply, failure('NOT_FOUND', `No application ${request.params.id}`));
      return view(found);
    },
  );

  api.patch(
    '/api/v1/applications/:id',
    {
      schema: {
        operationId: 'updateApplication',
        summary: 'Change an application',
        tags,
        params: idParams,
        body: patchApplicationBody,
        response: { 200: applicationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const updated = await applications.update(request.params.id, request.body);
      if (!updated.ok) return sendError(reply, updated);
      return view(updated.value);
    },
  );

  api.delete(
    '/api/v1/applications/:id',
    {
      schema: {
        operationId: 'deleteApplication',
        summary: 'Delete an application with its endpoints and messages',
        tags,
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      if (!(await applications.remove(request.params.id))) {
        return sendError(reply, failure('NOT_FOUND', `No application ${request.params.id}`));
      }
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/api/v1/applications/:id/rotate',
    {
      schema: {
        operationId: 'rotateApplicationSecret',
        summary: 'Rotate the signing secret of an application',
        tags,
        params: idParams,
        body: rotateDeliverySecretBody,
        response: { 200: applicationWithSecretSchema, ...errors },
      },
    },
    async (request, reply) => {
      const rotated = await applications.rotate(request.params.id, request.body ?? {});
      if (!rotated.ok) return sendError(reply, rotated);
      return { application: await view(rotated.value.record), secret: rotated.value.secret };
    },
  );
}
