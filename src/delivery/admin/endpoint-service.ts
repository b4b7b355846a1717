import type { Clock } from '../../core/index.ts';
import { newId } from '../../core/index.ts';
import { failure, type Result, success } from '../../errors/index.ts';
import type { SecretBox } from '../../secrets/index.ts';
import type {
  ApplicationRepository,
  DeliverySecretRepository,
  EndpointPatch,
  EndpointRecord,
  EndpointRepository,
} from '../../store/index.ts';
import { inputSecret, signingInputSchema, toStoredSigning } from '../signing/signing-config.ts';
import type { DestinationGuard } from '../ssrf/destination-guard.ts';
import type { RotateInput, WithSecret } from './admin-result.ts';
import { credentialChange, endpointCredential } from './endpoint-credential.ts';
import { type EndpointInput, type EndpointPatchInput, reservedHeaderIn } from './endpoint-input.ts';
import { patchEndpoint } from './endpoint-patch.ts';

/** What the endpoint operations need; injected. */
export interface EndpointServiceDeps {
  /** Endpoints, their application, and their own credential versions. */
  readonly store: {
    readonly delivery: Pick<DeliverySecretRepository, 'rotateSecret'> & {
      readonly endpoints: Pick<
        EndpointRepository,
        'createEndpoint' | 'getEndpoint' | 'updateEndpoint' | 'deleteEndpoint'
      >;
      readonly applications: Pick<ApplicationRepository, 'getApplication'>;
    };
  };
  readonly clock: Clock;
  readonly secretBox: Pick<SecretBox, 'seal'>;
  /** The SSRF guard (`HOOKGATE_ALLOW_PRIVATE_DESTINATIONS` decides what it allows). */
  readonly guard: DestinationGuard;
}

/** Checks a destination; a refusal is 422 DESTINATION_NOT_ALLOWED with the reason. */
export async function checkDestination(guard: DestinationGuard, url: string): Promise<Result<true>> {
  const verdict = await guard.checkUrl(url);
  return verdict.ok ? success(true) : failure('DESTINATION_NOT_ALLOWED', `url: ${verdict.message}`);
}

/**
 * Endpoints of an application: URL checked by the SSRF guard, custom headers checked against the ones
 * hookgate sets, and an own credential (generated unless given, returned once) for the styles that need
 * one. Every operation checks that the endpoint belongs to the application in the path.
 */
export function createEndpointService(deps: EndpointServiceDeps) {
  const { store, clock, secretBox, guard } = deps;

  async function owned(applicationId: string, endpointId: string): Promise<Result<EndpointRecord>> {
    const endpoint = await store.delivery.endpoints.getEndpoint(endpointId);
    if (endpoint === null || endpoint.applicationId !== applicationId) {
      return failure('NOT_FOUND', `No endpoint ${endpointId} in application ${applicationId}`);
    }
    return success(endpoint);
  }

  return {
    owned,

    /** Creates an endpoint. */
    async create(applicationId: string, input: EndpointInput): Promise<Result<WithSecret<EndpointRecord>>> {
      if ((await store.delivery.applications.getApplication(applicationId)) === null) {
        return failure('NOT_FOUND', `No application ${applicationId}`);
      }
      const destination = await checkDestination(guard, input.url);
      if (!destination.ok) return destination;
      const signingInput = input.signing ?? signingInputSchema.parse({ style: 'hookgate' });
      const signing = toStoredSigning(signingInput);
      const reserved = reservedHeaderIn(input.headers ?? {}, signing);
      if (reserved !== null) return failure('VALIDATION_ERROR', `headers: ${reserved} is set by hookgate`);
      const id = newId('ep');
      const now = clock.now();
      const given = inputSecret(signingInput);
      let credential = null;
      if (signing.secretScope === 'endpoint') {
        const made = endpointCredential(secretBox, id, signing.style, given, now);
        if (!made.ok) return made;
        credential = made.value;
      } else if (given !== undefined) {
        return failure('VALIDATION_ERROR', 'signing.secret applies only with secretScope "endpoint"');
      }
      const endpoint: EndpointRecord = {
        id,
        applicationId,
        url: input.url,
        description: input.description ?? null,
        eventTypes: input.eventTypes ?? null,
        enabled: input.enabled ?? true,
        disabledReason: null,
        rateLimit: input.rateLimit ?? null,
        maxConcurrency: input.maxConcurrency ?? null,
        signing,
        secretPreview: credential?.preview ?? null,
        headers: input.headers ?? {},
        retrySchedule: input.retrySchedule ?? null,
        createdAt: now,
        updatedAt: now,
      };
      await store.delivery.endpoints.createEndpoint(endpoint, credential?.version ?? null);
      return success({
        record: endpoint,
        ...(credential?.generated !== undefined && { secret: credential.generated }),
      });
    },

    /** Changes an endpoint; a new signing style that needs its own credential gets one (returned once). */
    async update(
      applicationId: string,
      endpointId: string,
      patch: EndpointPatchInput,
    ): Promise<Result<WithSecret<EndpointRecord>>> {
      const existing = await owned(applicationId, endpointId);
      if (!existing.ok) return existing;
      if (patch.url !== undefined) {
        const destination = await checkDestination(guard, patch.url);
        if (!destination.ok) return destination;
      }
      const now = clock.now();
      const planned = patchEndpoint(existing.value, patch, now);
      if (!planned.ok) return planned;
      let columns: EndpointPatch = planned.value;
      let generated: string | undefined;
      if (patch.signing !== undefined) {
        const next = toStoredSigning(patch.signing);
        const change = credentialChange(existing.value, next, inputSecret(patch.signing));
        if (!change.ok) return change;
        if (change.value === 'replace') {
          const made = endpointCredential(secretBox, endpointId, next.style, inputSecret(patch.signing), now);
          if (!made.ok) return made;
          await store.delivery.rotateSecret(endpointId, made.value.version, now, now);
          columns = { ...columns, secretPreview: made.value.preview };
          generated = made.value.generated;
        } else if (change.value === 'none') columns = { ...columns, secretPreview: null };
      }
      const updated = await store.delivery.endpoints.updateEndpoint(endpointId, columns);
      if (updated === null) return failure('NOT_FOUND', `No endpoint ${endpointId}`);
      return success({ record: updated, ...(generated !== undefined && { secret: generated }) });
    },

    /** Replaces the endpoint's own credential; the old one keeps signing for `graceSeconds` (multi-signature styles). */
    async rotate(
      applicationId: string,
      endpointId: string,
      input: RotateInput,
    ): Promise<Result<WithSecret<EndpointRecord>>> {
      const existing = await owned(applicationId, endpointId);
      if (!existing.ok) return existing;
      const { signing } = existing.value;
      if (signing?.secretScope !== 'endpoint') {
        return failure('VALIDATION_ERROR', 'this endpoint has no own secret; rotate its application instead');
      }
      const now = clock.now();
      const made = endpointCredential(secretBox, endpointId, signing.style, input.secret, now);
      if (!made.ok) return made;
      await store.delivery.rotateSecret(
        endpointId,
        made.value.version,
        now,
        now + (input.graceSeconds ?? 0) * 1000,
      );
      const updated = await store.delivery.endpoints.updateEndpoint(endpointId, {
        secretPreview: made.value.preview,
        updatedAt: now,
      });
      if (updated === null) return failure('NOT_FOUND', `No endpoint ${endpointId}`);
      return success({
        record: updated,
        ...(made.value.generated !== undefined && { secret: made.value.generated }),
      });
    },

    /** Deletes an endpoint with its deliveries and attempts. */
    async remove(applicationId: string, endpointId: string): Promise<Result<true>> {
      const existing = await owned(applicationId, endpointId);
      if (!existing.ok) return existing;
      await store.delivery.endpoints.deleteEndpoint(endpointId);
      return success(true);
    },
  };
}

/** The endpoint service's type. */
export type EndpointService = ReturnType<typeof createEndpointService>;
