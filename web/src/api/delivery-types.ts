/**
 * Shapes of the outbound delivery API (docs/delivery.md): names for the types generated from
 * /api/v1/openapi.json (src/api/contract.ts), and the option lists the forms show, checked complete. The
 * signing styles are not listed here: the gateway serves them (`GET /api/v1/signing-styles`).
 */
import { type AttemptStatus, type DeliveryState, everyValue } from '../../../src/api/contract.ts';

export type {
  Application,
  ApplicationWithSecret,
  Attempt,
  AttemptStatus,
  CreateEndpointInput,
  Delivery,
  DeliveryRotateInput,
  DeliveryState,
  Endpoint,
  EndpointPatch,
  EndpointSigning,
  EndpointWithSecret,
  Recovered,
  Requeued,
  SigningInput,
  SigningStyle,
  SigningStyleInfo,
} from '../../../src/api/contract.ts';

export const DELIVERY_STATES = everyValue<DeliveryState>()(['PENDING', 'SUCCESS', 'FAILED', 'DEAD_LETTER']);

export const ATTEMPT_STATUSES = everyValue<AttemptStatus>()(['SUCCESS', 'FAILED']);
