import { useEffect, useState } from 'react';
import { useApi } from './api-context.tsx';

export interface EndpointOption {
  readonly id: string;
  readonly label: string;
}

/** `unavailable`: this gateway has no outbound API (404) or it could not be read; ids are typed by hand. */
export type EndpointOptions =
  | { readonly status: 'loading' }
  | { readonly status: 'unavailable' }
  | { readonly status: 'ready'; readonly options: readonly EndpointOption[] };

const MAX_APPLICATIONS = 50;

/** Every outbound endpoint as "Application: description or URL", for the deliver actions of a flow. */
export function useEndpointOptions(): EndpointOptions {
  const api = useApi();
  const [state, setState] = useState<EndpointOptions>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    async function load(): Promise<EndpointOption[]> {
      const applications = await api.delivery.listApplications({ limit: MAX_APPLICATIONS });
      const lists = await Promise.all(
        applications.items.map(async (application) => {
          const endpoints = await api.delivery.listEndpoints(application.id, { limit: 200 });
          return endpoints.items.map((endpoint) => ({
            id: endpoint.id,
            label: `${application.name}: ${endpoint.description || endpoint.url}`,
          }));
        }),
      );
      return lists.flat();
    }
    load()
      .then((options) => !cancelled && setState({ status: 'ready', options }))
      .catch(() => !cancelled && setState({ status: 'unavailable' }));
    return () => {
      cancelled = true;
    };
  }, [api]);

  return state;
}

/** An endpoint's "Application: description" label, or its id when the outbound API did not list it. */
export function endpointLabel(endpoints: EndpointOptions, id: string): string {
  return (endpoints.status === 'ready' && endpoints.options.find((o) => o.id === id)?.label) || id;
}
