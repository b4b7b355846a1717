import type { Endpoint } from '../api/delivery-types.ts';

export type EndpointDialogKind = 'edit' | 'rotate' | 'disable' | 'delete' | 'replay';

interface EndpointActionsProps {
  readonly endpoint: Endpoint;
  readonly onOpen: (kind: EndpointDialogKind) => void;
  readonly onRecover: () => void;
  readonly onEnable: () => void;
}

/**
 * The endpoint's buttons: an enabled endpoint can replay its failures or be disabled; a disabled one
 * (by hand, or after 410 Gone) is recovered or enabled. Only an endpoint with its own credential rotates it.
 */
export function EndpointActions({ endpoint, onOpen, onRecover, onEnable }: EndpointActionsProps) {
  return (
    <div className="actions">
      <button type="button" className="secondary" onClick={() => onOpen('edit')}>
        Edit
      </button>
      {endpoint.enabled ? (
        <>
          <button type="button" className="secondary" onClick={() => onOpen('replay')}>
            Replay failed
          </button>
          <button type="button" className="secondary" onClick={() => onOpen('disable')}>
            Disable
          </button>
        </>
      ) : (
        <>
          <button type="button" onClick={onRecover}>
            Recover
          </button>
          <button type="button" className="secondary" onClick={onEnable}>
            Enable
          </button>
        </>
      )}
      {endpoint.secretPreview !== null && (
        <button type="button" className="secondary" onClick={() => onOpen('rotate')}>
          Rotate credential
        </button>
      )}
      <button type="button" className="danger" onClick={() => onOpen('delete')}>
        Delete
      </button>
    </div>
  );
}
