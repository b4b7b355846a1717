import type { Clock } from '../core/index.ts';
import { newId } from '../core/index.ts';
import { failure, type Result } from '../errors/index.ts';
import type { ForwardInput, ForwardService } from '../forward/index.ts';
import { maskSecret } from '../secrets/index.ts';
import {
  type ConnectionRecord,
  type ConnectionRepository,
  type ConnectionSecretRepository,
  connectionAuth,
  type ForwardStore,
  type SecretVersionRecord,
} from '../store/index.ts';
import type { CredentialStorage } from '../verify/internal.ts';
import { prepareAuth } from '../verify/internal.ts';

/** What the connection operations need; injected. */
export interface ConnectionServiceDeps {
  /** Connections and their credential versions; deleting one also deletes its forwarding secrets. */
  readonly store: Pick<
    ConnectionRepository,
    'createConnection' | 'getConnection' | 'updateConnection' | 'deleteConnection'
  > &
    Pick<ConnectionSecretRepository, 'activeSecrets' | 'rotateSecret'> & {
      readonly forward: Pick<ForwardStore, 'deleteSecrets'>;
    };
  readonly clock: Clock;
  readonly secretBox: { seal(plaintext: string): string };
  readonly hasher: { hash(secret: string): Promise<string>; forget(hash: string): void };
  /** The inbound path's cache, told about every change so it never serves a stale credential here. */
  readonly connectionCache: { invalidate(connectionId: string): void };
  /** Forwarding settings and their secret. */
  readonly forwarding: Pick<ForwardService, 'prepare' | 'commitSecret'>;
}

/**
 * A connection plus the secrets hookgate generated for it, each present only when generated and shown
 * once: the inbound credential, and the forwarding secret when forwarding was just turned on.
 */
export interface WithSecret {
  readonly connection: ConnectionRecord;
  readonly secret?: string;
  readonly forwardSecret?: string;
}

/** Creates, updates and rotates connections; secrets are hashed or encrypted before they reach the store. */
export function createConnectionService(deps: ConnectionServiceDeps) {
  const { store, clock } = deps;

  async function secretVersion(connectionId: string, value: string, storage: CredentialStorage, now: number) {
    const kind: SecretVersionRecord['kind'] =
      storage === 'hash' ? 'bcrypt' : storage === 'encrypted' ? 'encrypted' : 'public_key';
    const material =
      kind === 'bcrypt'
        ? await deps.hasher.hash(value)
        : kind === 'encrypted'
          ? deps.secretBox.seal(value)
          : value;
    const record: SecretVersionRecord = {
      id: newId('sec'),
      connectionId,
      kind,
      material,
      createdAt: now,
      expiresAt: null,
    };
    return record;
  }

  return {
    /** Validates the auth object, generates a secret when the mode allows and none was given, stores it. */
    async create(input: {
      name: string;
      auth: Record<string, unknown>;
      maxBodyBytes?: number | undefined;
      rotationReminderDays?: number | undefined;
      forward?: ForwardInput | null | undefined;
    }): Promise<Result<WithSecret>> {
      const prepared = prepareAuth(input.auth);
      if (!prepared.ok) return failure('VALIDATION_ERROR', prepared.message);
      const now = clock.now();
      const id = newId('con');
      const forward = await deps.forwarding.prepare(id, input.forward ?? null, null);
      if (!forward.ok) return forward;
      const credential = prepared.credential;
      const secret = credential ? await secretVersion(id, credential.value, credential.storage, now) : null;
      const connection: ConnectionRecord = {
        id,
        name: input.name,
        mode: prepared.mode,
        authConfig: connectionAuth(prepared.mode, prepared.config),
        secretPreview: credential ? maskSecret(credential.value) : null,
        maxBodyBytes: input.maxBodyBytes ?? null,
        enabled: true,
        forward: forward.value.settings,
        createdAt: now,
        updatedAt: now,
        rotationReminderDays: input.rotationReminderDays ?? null,
      };
      await store.createConnection(connection, secret);
      await deps.forwarding.commitSecret(id, forward.value);
      const forwardSecret = forward.value.secret?.plaintext;
      return {
        ok: true,
        value: {
          connection,
          ...(credential?.generated && { secret: credential.value }),
          ...(forwardSecret !== undefined && { forwardSecret }),
        },
      };
    },

    /**
     * Changes name, limits, enabled flag, forwarding or the mode's settings; the credential changes only by
     * rotation. Turning forwarding on generates its secret (returned once as `forwardSecret`).
     */
    async update(
      id: string,
      patch: {
        name?: string | undefined;
        auth?: Record<string, unknown> | undefined;
        maxBodyBytes?: number | null | undefined;
        enabled?: boolean | undefined;
        rotationReminderDays?: number | null | undefined;
        forward?: ForwardInput | null | undefined;
      },
    ): Promise<Result<Omit<WithSecret, 'secret'>>> {
      const existing = await store.getConnection(id);
      if (!existing) return failure('NOT_FOUND', `No connection ${id}`);
      const forward =
        patch.forward === undefined
          ? undefined
          : await deps.forwarding.prepare(id, patch.forward, existing.forward);
      if (forward !== undefined && !forward.ok) return forward;
      let authConfig: Record<string, unknown> | undefined;
      if (patch.auth) {
        if (patch.auth.mode !== existing.mode) {
          return failure('VALIDATION_ERROR', 'auth.mode cannot change; create a new connection instead');
        }
        if ('secret' in patch.auth || 'publicKey' in patch.auth) {
          return failure(
            'VALIDATION_ERROR',
            'the credential changes only through POST /api/v1/connections/{id}/rotate',
          );
        }
        const prepared = prepareAuth(patch.auth, { generate: false });
        if (!prepared.ok) return failure('VALIDATION_ERROR', prepared.message);
        authConfig = { ...prepared.config };
      }
      const updated = await store.updateConnection(id, {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.maxBodyBytes !== undefined && { maxBodyBytes: patch.maxBodyBytes }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled }),
        ...(patch.rotationReminderDays !== undefined && { rotationReminderDays: patch.rotationReminderDays }),
        ...(authConfig !== undefined && { authConfig }),
        ...(forward !== undefined && { forward: forward.value.settings }),
        updatedAt: clock.now(),
      });
      // After the write: another instance told now re-reads the new row, not the old one.
      deps.connectionCache.invalidate(id);
      if (!updated) return failure('NOT_FOUND', `No connection ${id}`);
      if (forward === undefined) return { ok: true, value: { connection: updated } };
      await deps.forwarding.commitSecret(id, forward.value);
      const forwardSecret = forward.value.secret?.plaintext;
      return {
        ok: true,
        value: { connection: updated, ...(forwardSecret !== undefined && { forwardSecret }) },
      };
    },

    /** Deletes a connection with its history and events; false when it does not exist. */
    async remove(id: string): Promise<boolean> {
      const deleted = await store.deleteConnection(id);
      if (deleted) await store.forward.deleteSecrets(id);
      deps.connectionCache.invalidate(id);
      return deleted;
    },

    /** Replaces the credential: the old one stops verifying now, or after `graceSeconds`. */
    async rotate(
      id: string,
      input: { secret?: string | undefined; graceSeconds?: number | undefined },
    ): Promise<Result<WithSecret>> {
      const existing = await store.getConnection(id);
      if (!existing) return failure('NOT_FOUND', `No connection ${id}`);
      const field = existing.authConfig.scheme?.storage === 'public_key' ? 'publicKey' : 'secret';
      const prepared = prepareAuth({
        ...existing.authConfig.config,
        mode: existing.mode,
        ...(input.secret !== undefined && { [field]: input.secret }),
      });
      if (!prepared.ok) return failure('VALIDATION_ERROR', prepared.message);
      if (!prepared.credential)
        return failure('VALIDATION_ERROR', `auth.${field} is required to rotate this mode`);
      const now = clock.now();
      const previous = await store.activeSecrets(id, now);
      const next = await secretVersion(id, prepared.credential.value, prepared.credential.storage, now);
      await store.rotateSecret(id, next, now, now + (input.graceSeconds ?? 0) * 1000);
      deps.connectionCache.invalidate(id);
      if (!input.graceSeconds)
        for (const old of previous) if (old.kind === 'bcrypt') deps.hasher.forget(old.material);
      const connection = await store.updateConnection(id, {
        secretPreview: maskSecret(prepared.credential.value),
        updatedAt: now,
      });
      if (!connection) return failure('NOT_FOUND', `No connection ${id}`);
      return {
        ok: true,
        value: prepared.credential.generated
          ? { connection, secret: prepared.credential.value }
          : { connection },
      };
    },
  };
}

/** The connection service's type. */
export type ConnectionService = ReturnType<typeof createConnectionService>;
