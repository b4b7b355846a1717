import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { deliveryRoutes } from '../../../src/api/delivery-routes.ts';
import { installErrorHandlers } from '../../../src/api/http-errors.ts';
import { createDeliveryServices } from '../../../src/delivery/delivery-services.ts';
import { createDestinationGuard, type Resolver } from '../../../src/delivery/ssrf/destination-guard.ts';
import type { Store } from '../../../src/store/types.ts';
import { type Cleanup, deliveryHarness } from './harness.ts';

/** A response of the test app. */
export interface ApiResponse {
  readonly status: number;
  readonly body: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * A Fastify app with only the delivery routes (zod compilers, error handlers and OpenAPI as in
 * build-app), over the delivery harness; every response body is kept for leak checks.
 */
export async function deliveryApiApp(
  store: Store,
  t: Cleanup,
  options: { allowPrivateDestinations?: boolean; resolver?: Resolver; start?: number } = {},
) {
  const h = deliveryHarness(store, t, {
    ...(options.resolver && { resolver: options.resolver }),
    ...(options.start !== undefined && { start: options.start }),
  });
  const app: FastifyInstance = Fastify({ loggerInstance: h.logger as FastifyBaseLogger });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app, h.logger);
  await app.register(fastifySwagger, {
    openapi: { openapi: '3.1.0', info: { title: 'test', version: '1' } },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  let queued = 0;
  const onQueued = (): void => {
    queued += 1;
  };
  const guard = createDestinationGuard({
    allowPrivate: options.allowPrivateDestinations ?? true,
    ...(options.resolver && { resolver: options.resolver }),
  });
  await deliveryRoutes(app, {
    store,
    clock: h.clock,
    services: createDeliveryServices({ store, clock: h.clock, secretBox: h.secretBox, guard, onQueued }),
    rotationReminderDays: 90,
    onQueued,
  });
  await app.ready();
  t.after(() => app.close());
  const bodies: string[] = [];

  async function call(method: string, url: string, body?: unknown): Promise<ApiResponse> {
    const response = await app.inject({
      method: method as 'GET',
      url,
      ...(body !== undefined && { payload: body as object }),
    });
    bodies.push(response.body);
    return { status: response.statusCode, body: response.body, json: <T>() => response.json() as T };
  }

  return { ...h, app, call, bodies, queuedCount: () => queued };
}
