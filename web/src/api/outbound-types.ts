/**
 * Shapes of the outbound delivery API (docs/delivery.md): names for the types generated from
 * /api/v1/openapi.json (src/api/contract.ts), and the option lists the forms show, checked complete.
 */
import {
  type AttemptStatus,
  type DeliveryState,
  everyValue,
  type SigningStyle,
} from '../../../src/api/contract.ts';

export type {
  Application,
  ApplicationWithSecret,
  Attempt,
  AttemptStatus,
  CreateEndpointInput,
  Delivery,
  DeliveryState,
  Endpoint,
  EndpointPatch,
  EndpointSigning,
  EndpointWithSecret,
  OutboundRotateInput,
  Recovered,
  Requeued,
  SigningInput,
  SigningStyle,
} from '../../../src/api/contract.ts';

export const SIGNING_STYLES = everyValue<SigningStyle>()([
  'hookgate',
  'standard_webhooks',
  'hmac_header',
  'body_hash',
  'api_key',
  'bearer',
  'basic',
  'none',
]);

export const DELIVERY_STATES = everyValue<DeliveryState>()(['PENDING', 'SUCCESS', 'FAILED', 'DEAD_LETTER']);

export const ATTEMPT_STATUSES = everyValue<AttemptStatus>()(['SUCCESS', 'FAILED']);
