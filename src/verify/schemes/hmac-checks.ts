/**
 * Cross-field rules of the generic `hmac` config, checked on the preset's fields overlaid with the given ones:
 * a timestamp needs one source, `{timestamp}` needs a timestamp, a body-embedded signature cannot sign the
 * body, `publicUrl` only serves `{url}`, and the template only uses tokens the generic mode can fill.
 */
import { parseTemplate, type TemplatePart, templateUses } from '../engine/template.ts';
import { findPreset } from '../providers/presets.ts';
import { mergePreset } from './hmac-config.ts';

/** One problem with a config field; `field` becomes the path in the error (`auth.content: …`). */
export interface HmacConfigProblem {
  readonly field: string;
  readonly message: string;
}

const TOKENS = '{body}, {timestamp}, {method}, {url}, {form}, {header:<name>}, {json:<path>}';
const GENERIC_KINDS: ReadonlySet<TemplatePart['kind']> = new Set([
  'text',
  'body',
  'timestamp',
  'method',
  'url',
  'form',
  'header',
  'json',
]);

function templateParts(content: string): readonly TemplatePart[] | string {
  try {
    const parts = parseTemplate(content);
    return parts.every((part) => GENERIC_KINDS.has(part.kind)) ? parts : `may only use ${TOKENS}`;
  } catch {
    return `has an unknown token; use ${TOKENS}`;
  }
}

function delegateProblems(input: Readonly<Record<string, unknown>>): HmacConfigProblem[] {
  const preset = findPreset(input.preset);
  if (preset?.delegate !== true) return [];
  const generic = new Map<string, unknown>(Object.entries(preset.generic));
  return Object.keys(input)
    .filter((field) => field !== 'mode' && field !== 'preset' && input[field] !== generic.get(field))
    .map((field) => ({ field, message: `does not apply to the ${String(input.preset)} preset (a JWS)` }));
}

/** Every rule the given `hmac` fields break (empty when the config is consistent). */
export function hmacConfigProblems(input: Readonly<Record<string, unknown>>): HmacConfigProblem[] {
  const problems = delegateProblems(input);
  const merged = mergePreset(input);
  const timed = merged.timestampHeader !== undefined || merged.timestampField !== undefined;
  const add = (field: string, message: string) => problems.push({ field, message });
  if (merged.timestampHeader !== undefined && merged.timestampField !== undefined) {
    add('timestampField', 'set timestampHeader or timestampField, not both');
  }
  if (!timed && merged.tolerance !== undefined) add('tolerance', 'needs timestampHeader or timestampField');
  if (!timed && merged.timestampUnit !== undefined) {
    add('timestampUnit', 'needs timestampHeader or timestampField');
  }
  const parts = templateParts(typeof merged.content === 'string' ? merged.content : '{body}');
  if (typeof parts === 'string') return [...problems, { field: 'content', message: parts }];
  if (templateUses(parts, 'timestamp') && !timed) {
    add('content', '{timestamp} needs timestampHeader or timestampField');
  }
  if (merged.signatureField !== undefined) {
    if (merged.header !== undefined) add('header', 'does not apply when signatureField is set');
    if (merged.prefix !== undefined) add('prefix', 'does not apply when signatureField is set');
    if (templateUses(parts, 'body')) {
      add('content', 'cannot include {body} when the signature is in the body, e.g. {json:timestamp}');
    }
  }
  if (merged.publicUrl !== undefined && !templateUses(parts, 'url')) {
    add('publicUrl', 'applies only when content uses {url}');
  }
  return problems;
}
