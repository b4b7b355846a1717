import type { Clock } from '../core/index.ts';
import type { IdentifierType, ProcessingSettingsRepository, UnknownContactPolicy } from '../store/index.ts';

/** What the connection's identifier fields use of the store: its processing settings. */
export interface IdentifierStore {
  readonly processing: Pick<ProcessingSettingsRepository, 'getSettings' | 'putSettings'>;
}

/** The identifier fields a connection create or PATCH may carry (absent = unchanged). */
export interface ConnectionIdentifierInput {
  readonly identifier?:
    | { readonly type: IdentifierType; readonly path: string; readonly defaultCountry?: string | undefined }
    | null
    | undefined;
  readonly onUnknownContact?: UnknownContactPolicy | undefined;
}

/**
 * Saves `identifier` / `onUnknownContact` given on the connection itself into its processing settings (the
 * same record `PUT /api/v1/connections/{id}/processing` writes). Nothing is written when neither is given,
 * so a plain gateway connection stays out of processing.
 */
export async function saveConnectionIdentifier(
  deps: { store: IdentifierStore; clock: Clock },
  connectionId: string,
  input: ConnectionIdentifierInput,
): Promise<void> {
  if (input.identifier === undefined && input.onUnknownContact === undefined) return;
  const current = await deps.store.processing.getSettings(connectionId);
  const given = input.identifier;
  const identifier =
    given === undefined
      ? (current?.identifier ?? null)
      : given === null
        ? null
        : { ...given, defaultCountry: given.defaultCountry ?? null };
  await deps.store.processing.putSettings({
    connectionId,
    identifier,
    onUnknownContact: input.onUnknownContact ?? current?.onUnknownContact ?? 'skip',
    updatedAt: deps.clock.now(),
  });
}

/** The identifier fields of a connection as the API shows them. */
export async function identifierView(store: IdentifierStore, connectionId: string) {
  const settings = await store.processing.getSettings(connectionId);
  return {
    identifier: settings?.identifier ? { ...settings.identifier } : null,
    onUnknownContact: settings?.onUnknownContact ?? 'skip',
  };
}
