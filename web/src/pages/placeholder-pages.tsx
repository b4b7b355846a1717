import { Link } from '../components/layout.tsx';

function ComingSoon({ title, children }: { readonly title: string; readonly children: string }) {
  return (
    <section aria-labelledby="placeholder-heading">
      <div className="page-header">
        <h1 id="placeholder-heading">{title}</h1>
      </div>
      <div className="empty">
        <p className="empty-title">Coming soon.</p>
        <p className="empty-body">{children}</p>
      </div>
    </section>
  );
}

export function OutboundPage() {
  return (
    <ComingSoon title="Outbound">
      Applications, endpoints, delivery attempts and replay will appear here once the outbound API ships.
    </ComingSoon>
  );
}

export function FlowsPage() {
  return (
    <ComingSoon title="Flows">
      Schema capture and identifier mapping will appear here once the processing API ships.
    </ComingSoon>
  );
}

export function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link to="/connections">Go to connections</Link>
      </p>
    </section>
  );
}
