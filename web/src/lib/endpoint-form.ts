import type { CreateEndpointInput, Endpoint, SigningInput, SigningStyle } from '../api/delivery-types.ts';
import { isScopedStyle, ownsCredential, type SigningStyles } from './outbound-labels.ts';

/** An endpoint as its form edits it: lists and numbers as typed. */
export interface EndpointDraft {
  readonly url: string;
  readonly description: string;
  /** Comma-separated; empty = every event type. */
  readonly eventTypes: string;
  readonly enabled: boolean;
  readonly rateLimit: string;
  readonly maxConcurrency: string;
  readonly style: SigningStyle;
  /** Sign with the endpoint's own secret instead of the application's (scoped styles). */
  readonly ownSecret: boolean;
  /** `header` of hmac_header / api_key, `field` of body_hash, `username` of basic. */
  readonly styleField: string;
  /** Write-only: a credential to use instead of a generated one. */
  readonly secret: string;
  /** One `Name: value` per line. */
  readonly headers: string;
  /** Comma-separated delays in seconds; empty = the gateway default. */
  readonly retrySchedule: string;
}

/** The names of the one extra field a style may take (`field.name` of `GET /api/v1/signing-styles`). */
const STYLE_FIELD_NAMES = ['header', 'field', 'username'] as const;

/** A new endpoint's draft (the gateway's default style) or an existing endpoint's. */
export function draftFromEndpoint(endpoint: Endpoint | null): EndpointDraft {
  const signing = endpoint?.signing;
  const style = (signing?.style ?? 'hookgate') as SigningStyle;
  // The stored signing carries its style's field (header, field or username) and nothing else of that kind.
  const stored = (signing ?? {}) as Readonly<Record<string, unknown>>;
  const fieldValue = STYLE_FIELD_NAMES.map((name) => stored[name]).find((value) => value !== undefined);
  return {
    url: endpoint?.url ?? '',
    description: endpoint?.description ?? '',
    eventTypes: endpoint?.eventTypes?.join(', ') ?? '',
    enabled: endpoint?.enabled ?? true,
    rateLimit: endpoint?.rateLimit?.toString() ?? '',
    maxConcurrency: endpoint?.maxConcurrency?.toString() ?? '',
    style,
    ownSecret: signing?.secretScope === 'endpoint',
    styleField: typeof fieldValue === 'string' ? fieldValue : '',
    secret: '',
    headers: Object.entries(endpoint?.headers ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
    retrySchedule: endpoint?.retrySchedule?.join(', ') ?? '',
  };
}

function signingOf(draft: EndpointDraft, styles: SigningStyles): SigningInput {
  const info = styles?.find((style) => style.id === draft.style);
  const field = info?.field ?? null;
  const scoped = isScopedStyle(info);
  const takesSecret = ownsCredential(info) || (scoped && draft.ownSecret);
  // One object for every style: the listed style names the field it takes, which the union of per-style
  // shapes cannot see through.
  return {
    style: draft.style,
    ...(scoped ? { secretScope: draft.ownSecret ? 'endpoint' : 'application' } : {}),
    ...(field && draft.styleField.trim() ? { [field.name]: draft.styleField.trim() } : {}),
    ...(takesSecret && draft.secret.trim() ? { secret: draft.secret.trim() } : {}),
  } as SigningInput;
}

function numberOrNull(text: string, label: string): number | null | string {
  if (!text.trim()) return null;
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : `${label} must be a whole number above 0.`;
}

function parseHeaders(text: string): Record<string, string> | string {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `Header line "${line.trim()}" must look like Name: value.`;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * The API body (only what changed from `initial` when editing), or the first thing to fix. `styles` (from
 * `GET /api/v1/signing-styles`) says which fields the chosen style takes.
 */
export function inputFromDraft(
  draft: EndpointDraft,
  initial: EndpointDraft | null,
  styles: SigningStyles,
): { input: CreateEndpointInput } | { error: string } {
  const rateLimit = numberOrNull(draft.rateLimit, 'Rate limit');
  const maxConcurrency = numberOrNull(draft.maxConcurrency, 'Max concurrency');
  const headers = parseHeaders(draft.headers);
  const schedule = draft.retrySchedule
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  for (const problem of [rateLimit, maxConcurrency, headers])
    if (typeof problem === 'string') return { error: problem };
  if (schedule.some((delay) => !Number.isInteger(delay) || delay < 0))
    return { error: 'Retry schedule must be delays in whole seconds, e.g. 0, 5, 300.' };
  const types = draft.eventTypes
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const signingChanged =
    !initial ||
    (['style', 'ownSecret', 'styleField', 'secret'] as const).some((key) => draft[key] !== initial[key]);
  const input: CreateEndpointInput = {
    url: draft.url.trim(),
    description: draft.description.trim() || null,
    eventTypes: types.length > 0 ? types : null,
    enabled: draft.enabled,
    rateLimit: rateLimit as number | null,
    maxConcurrency: maxConcurrency as number | null,
    headers: headers as Record<string, string>,
    retrySchedule: schedule.length > 0 ? schedule : null,
    ...(signingChanged ? { signing: signingOf(draft, styles) } : {}),
  };
  // A new endpoint leaves empty settings out, so the gateway's defaults apply.
  return {
    input: initial
      ? input
      : (Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null)) as CreateEndpointInput),
  };
}
