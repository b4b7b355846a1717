/**
 * Shapes of the inbound admin API: names for the types generated from /api/v1/openapi.json
 * (src/api/contract.ts), so the dashboard fails to compile when the server's shapes change.
 */
export type {
  BodyOf,
  Connection,
  ConnectionAuth,
  ConnectionPatch,
  ConnectionStats,
  ConnectionWithForwardSecret,
  ConnectionWithSecret,
  CreateConnectionInput,
  DeliveryStats,
  ErrorBody,
  Forward,
  ForwardAttempt,
  ForwardChange,
  ForwardInput,
  ForwardSummary,
  HistoryQuery,
  HistoryRow,
  InboundStats,
  InboundStatsQuery,
  Page,
  Provider,
  ProviderField,
  QueryOf,
  ResponseOf,
  RotateInput,
  SenderTemplate,
  StatsBucket,
  StoredEvent,
} from '../../../src/api/contract.ts';
// One list of outcomes for the gateway and the dashboard.
export { HISTORY_OUTCOMES, type HistoryOutcome } from '../../../src/errors/outcomes.ts';
