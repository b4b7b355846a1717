import type { Clock } from '../core/index.ts';
import type { DestinationGuard } from '../delivery/index.ts';
import { generateEndpointCredential, sealedVersion } from '../delivery/index.ts';
import { failure, type Result, success } from '../errors/index.ts';
import type { SecretBox } from '../secrets/index.ts';
import { maskSecret } from '../secrets/index.ts';
import type {
  ConnectionRecord,
  ConnectionRepository,
  DeliverySecretRecord,
  DeliverySecretRepository,
  ForwardSettings,
  InboundLogRepository,
  RedeliverFilter,
  Store,
} from '../store/index.ts';
import { type ForwardInput, forwardSettingsOf } from './forward-settings.ts';

/** What the forwarding operations need; injected. */
export interface ForwardServiceDeps {
  readonly store: Pick<Store, 'forward'> &
    Pick<ConnectionRepository, 'getConnection' | 'updateConnection'> &
    Pick<InboundLogRepository, 'getEvent'> & {
      /** Forwarding secrets are versioned with the outbound credentials (owner = the connection). */
      readonly delivery: Pick<DeliverySecretRepository, 'rotateSecret'>;
    };
  readonly clock: Clock;
  readonly secretBox: Pick<SecretBox, 'seal'>;
  /** The SSRF guard on `forward.url` (`HOOKGATE_ALLOW_PRIVATE_DESTINATIONS` decides what it allows). */
  readonly guard: DestinationGuard;
  /** Tells the inbound path's cache (the hot path reads the forwarding settings from it). */
  readonly invalidate: (connectionId: string) => void;
  /** Wakes the forward worker after a redelivery was queued. */
  readonly onQueued?: () => void;
}

/** New settings, and the secret to store with them when forwarding was just turned on. */
export interface PreparedForward {
  readonly settings: ForwardSettings | null;
  /** Sealed first version and its plaintext (returned once as `forwardSecret`). */
  readonly secret?: { readonly version: DeliverySecretRecord; readonly plaintext: string };
}

/** `forwardSecret`: `whsec_` and the base64 of 32 random bytes (a Standard Webhooks key). */
export function generateForwardSecret(): string {
  return generateEndpointCredential('standard_webhooks');
}

/**
 * Forwarding of a connection: settings (URL checked by the SSRF guard; a secret generated when
 * forwarding is first turned on, shown once), secret rotation with a grace period, and redelivery.
 */
export function createForwardService(deps: ForwardServiceDeps) {
  const { store, clock } = deps;

  /** The connection, if it exists and forwards; otherwise the failure to answer. */
  async function forwarding(
    connectionId: string,
  ): Promise<Result<ConnectionRecord & { forward: ForwardSettings }>> {
    const connection = await store.getConnection(connectionId);
    if (!connection) return failure('NOT_FOUND', `No connection ${connectionId}`);
    const forward = connection.forward;
    if (!forward?.enabled) {
      return failure('FORWARDING_DISABLED', `Connection ${connectionId} does not forward its events`);
    }
    return success({ ...connection, forward });
  }

  return {
    /**
     * The settings `input` asks for, given the current ones: null turns forwarding off; a first `forward`
     * gets a new secret; later changes keep it. 422 DESTINATION_NOT_ALLOWED for a refused URL.
     */
    async prepare(
      connectionId: string,
      input: ForwardInput | null,
      current: ForwardSettings | null | undefined,
    ): Promise<Result<PreparedForward>> {
      if (input === null) return success({ settings: null });
      const verdict = await deps.guard.checkUrl(input.url);
      if (!verdict.ok) return failure('DESTINATION_NOT_ALLOWED', `forward.url: ${verdict.message}`);
      if (current) return success({ settings: forwardSettingsOf(input, current.secretPreview) });
      const plaintext = generateForwardSecret();
      const version = sealedVersion(deps.secretBox, connectionId, plaintext, clock.now());
      return success({
        settings: forwardSettingsOf(input, maskSecret(plaintext)),
        secret: { version, plaintext },
      });
    },

    /** Stores what `prepare` decided for an existing connection's secrets (new, or none when turned off). */
    async commitSecret(connectionId: string, prepared: PreparedForward): Promise<void> {
      if (prepared.settings === null) await store.forward.deleteSecrets(connectionId);
      else if (prepared.secret !== undefined) {
        const now = clock.now();
        await store.delivery.rotateSecret(connectionId, prepared.secret.version, now, now);
      }
    },

    /** A new forwarding secret; the old ones keep signing (both signatures sent) for `graceSeconds`. */
    async rotate(
      connectionId: string,
      graceSeconds: number,
    ): Promise<Result<{ connection: ConnectionRecord; forwardSecret: string }>> {
      const found = await forwarding(connectionId);
      if (!found.ok) return found;
      const now = clock.now();
      const plaintext = generateForwardSecret();
      const version = sealedVersion(deps.secretBox, connectionId, plaintext, now);
      await store.delivery.rotateSecret(connectionId, version, now, now + graceSeconds * 1000);
      const connection = await store.updateConnection(connectionId, {
        forward: { ...found.value.forward, secretPreview: maskSecret(plaintext) },
        updatedAt: now,
      });
      deps.invalidate(connectionId);
      if (!connection) return failure('NOT_FOUND', `No connection ${connectionId}`);
      return success({ connection, forwardSecret: plaintext });
    },

    /** Queues one event's forward again now (same `webhook-id`). */
    async redeliver(eventId: string): Promise<Result<{ queued: number }>> {
      const event = await store.getEvent(eventId);
      if (!event) return failure('NOT_FOUND', `No event ${eventId}`);
      const found = await forwarding(event.connectionId);
      if (!found.ok) return found;
      // An event accepted before forwarding was on has no stored inbound headers: it goes with hookgate's.
      const queued = await store.forward.redeliver(eventId, event.connectionId, {}, clock.now());
      if (!queued) return failure('NOT_FOUND', `No event ${eventId}`);
      deps.onQueued?.();
      return success({ queued: 1 });
    },

    /** Queues again the connection's finished forwards that match (default: those that failed or died). */
    async redeliverMany(filter: RedeliverFilter): Promise<Result<{ queued: number }>> {
      const found = await forwarding(filter.connectionId);
      if (!found.ok) return found;
      const queued = await store.forward.redeliverMany(filter, clock.now());
      if (queued > 0) deps.onQueued?.();
      return success({ queued });
    },
  };
}

/** The forwarding service's type. */
export type ForwardService = ReturnType<typeof createForwardService>;
