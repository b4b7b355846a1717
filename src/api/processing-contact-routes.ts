import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../core/index.ts';
import { failure } from '../errors/index.ts';
import { type ContactServiceStore, createContactService } from '../processing/index.ts';
import type { ContactRepository } from '../store/index.ts';

/** What the contact routes use of the store: the contact service's needs, and reading and deleting contacts. */
export type ContactRouteStore = ContactServiceStore & {
  readonly processing: {
    readonly contacts: Pick<ContactRepository, 'listContacts' | 'getContact' | 'deleteContact'>;
  };
};

import { sendError } from './http-errors.ts';
import {
  contactBody,
  contactQuery,
  contactSchema,
  importBody,
  importResultSchema,
} from './processing-schemas.ts';
import { contactView } from './processing-views.ts';
import { errorSchema, idParams, listOf } from './schemas.ts';

const tags = ['contacts'];
const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema, 409: errorSchema };

/** `/api/v1/contacts`: create, list (with exact identifier filters), show, patch, delete, bulk import. */
export async function processingContactRoutes(
  app: FastifyInstance,
  deps: { store: ContactRouteStore; clock: Clock },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const contacts = createContactService(deps);
  const store = deps.store.processing.contacts;

  api.post(
    '/api/v1/contacts',
    {
      schema: {
        operationId: 'createContact',
        summary: 'Create a contact',
        tags,
        body: contactBody,
        response: { 201: contactSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { defaultCountry, ...input } = request.body;
      const created = await contacts.create(input, defaultCountry ?? null);
      if (!created.ok) return sendError(reply, created);
      return reply.status(201).send(contactView(created.value));
    },
  );

  api.get(
    '/api/v1/contacts',
    {
      schema: {
        operationId: 'listContacts',
        summary: 'List contacts',
        tags,
        querystring: contactQuery,
        response: { 200: listOf(contactSchema), ...errors },
      },
    },
    async (request, reply) => {
      const { cursor, limit, defaultCountry, ...identifiers } = request.query;
      const filter = contacts.normalizeFilter(identifiers, defaultCountry ?? null);
      if (!filter.ok) return sendError(reply, filter);
      const page = await store.listContacts({ cursor, limit, ...filter.value });
      return { items: page.items.map(contactView), nextCursor: page.nextCursor };
    },
  );

  api.get(
    '/api/v1/contacts/:id',
    {
      schema: {
        operationId: 'getContact',
        summary: 'Show a contact',
        tags,
        params: idParams,
        response: { 200: contactSchema, ...errors },
      },
    },
    async (request, reply) => {
      const contact = await store.getContact(request.params.id);
      if (!contact) return sendError(reply, failure('NOT_FOUND', `No contact ${request.params.id}`));
      return contactView(contact);
    },
  );

  api.patch(
    '/api/v1/contacts/:id',
    {
      schema: {
        operationId: 'updateContact',
        summary: 'Change a contact',
        tags,
        params: idParams,
        body: contactBody,
        response: { 200: contactSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { defaultCountry, ...input } = request.body;
      const updated = await contacts.update(request.params.id, input, defaultCountry ?? null);
      if (!updated.ok) return sendError(reply, updated);
      return contactView(updated.value);
    },
  );

  api.delete(
    '/api/v1/contacts/:id',
    {
      schema: {
        operationId: 'deleteContact',
        summary: 'Delete a contact',
        tags,
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const deleted = await store.deleteContact(request.params.id);
      if (!deleted) return sendError(reply, failure('NOT_FOUND', `No contact ${request.params.id}`));
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/api/v1/contacts/import',
    {
      schema: {
        operationId: 'importContacts',
        summary: 'Import contacts in bulk',
        tags,
        body: importBody,
        response: { 200: importResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const imported = await contacts.import(request.body.contacts, request.body.defaultCountry ?? null);
      if (!imported.ok) return sendError(reply, imported);
      return { ...imported.value, results: [...imported.value.results] };
    },
  );
}
