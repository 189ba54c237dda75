import type { OpenAPIObject } from '@nestjs/swagger';
import { resolve, type Schema } from './payloads';

/** A generated request: a JSON value, or raw bytes with a content type. */
export type Payload = ({ label: string; json: unknown } | { label: string; raw: Buffer | string; contentType: string }) & {
  /** The error code this payload must get, where one cause is certain. */
  code?: string;
};

/** Strings that are legitimate free text (stored verbatim, rendered escaped) but must never break a query or a page. */
export const LITERAL_STRINGS = [
  `'; DROP TABLE users; --`,
  `1' OR '1'='1" OR 1=1 -- $1`,
  `<script>alert("x")</script><img src=x onerror=alert(1)>{{constructor.constructor('return 1')()}}`,
  `\u0007\u001b[31m赤\u001b[0m\u200f`,
];

/** Fields whose value is free text: a literal string above may be accepted there (2xx) — stored as sent. */
export const FREE_TEXT = new Set(['body', 'title', 'name', 'ja', 'en', 'description', 'reason', 'note', 'displayName', 'password', 'grouping', 'q', 'verifier', 'customerNumber', 'value', 'codes']);

const MB = 1024 * 1024;

/** JSON text of `depth` nested arrays or objects (built as text: JSON.stringify itself gives up that deep). */
export function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A JSON body: `valid` with `field` set to the raw JSON text `value`. */
function withRaw(label: string, valid: Record<string, unknown>, field: string, value: string): Payload {
  return { label, raw: JSON.stringify({ ...valid, [field]: '\u0000RAW' }).replace('"\\u0000RAW"', value), contentType: 'application/json' };
}

/** Values of the wrong type for a field of this schema. */
function wrongTypes(schema: Schema): unknown[] {
  switch (schema.type) {
    case 'string':
      return [12345, { x: 1 }, ['a']];
    case 'number':
    case 'integer':
      return ['12', { x: 1 }, 1.5e300];
    case 'boolean':
      return ['yes', 1];
    case 'array':
      return ['not-an-array', { 0: 'a' }];
    default:
      // Objects ($ref'd DTOs or free-form rules/maps).
      return ['not-an-object', 42];
  }
}

/**
 * Payloads that must be refused (4xx) and change nothing, derived from a valid body and its schema:
 * each required field missing, each field of a wrong type or NUL-laden or nested 5,000 deep (arrays;
 * objects once, under an unknown key), unknown fields, a 1 MB+ string, and broken bodies (not JSON,
 * invalid UTF-8, wrong content types and charsets, not an object).
 */
export function refusedBodies(doc: OpenAPIObject, schemaName: string, valid: Record<string, unknown>): Payload[] {
  const schema = resolve(doc, { $ref: `#/components/schemas/${schemaName}` });
  const props = Object.entries(schema.properties ?? {});
  const out: Payload[] = [];
  for (const field of schema.required ?? []) {
    const { [field]: _omitted, ...rest } = valid;
    out.push({ label: `${field} missing`, json: rest });
  }
  for (const [field, raw] of props) {
    const prop = resolve(doc, raw);
    wrongTypes(prop).forEach((value, i) => out.push({ label: `${field} wrong type #${i}`, json: { ...valid, [field]: value } }));
    out.push(withRaw(`${field} nested 5000 deep`, valid, field, nested(5000, 'array')));
    if (prop.type === 'string') out.push({ label: `${field} with NUL`, json: { ...valid, [field]: `a\u0000b` } });
    if (prop.type === 'array' && resolve(doc, prop.items).type === 'string') {
      out.push({ label: `${field} item with NUL`, json: { ...valid, [field]: ['a\u0000b'] } });
      out.push({ label: `${field} item wrong type`, json: { ...valid, [field]: [{ x: 1 }] } });
    }
    // Arrays of DTOs: each field of the first item missing or of a wrong type.
    const items = prop.type === 'array' ? resolve(doc, prop.items) : undefined;
    const first = Array.isArray(valid[field]) ? (valid[field] as unknown[])[0] : undefined;
    if (items?.properties && first && typeof first === 'object') {
      const rest = (valid[field] as unknown[]).slice(1);
      for (const [inner, innerRaw] of Object.entries(items.properties)) {
        const { [inner]: _gone, ...without } = first as Record<string, unknown>;
        if (items.required?.includes(inner)) out.push({ label: `${field}[0].${inner} missing`, json: { ...valid, [field]: [without, ...rest] } });
        out.push({ label: `${field}[0].${inner} wrong type`, json: { ...valid, [field]: [{ ...first, [inner]: resolve(doc, innerRaw).type === 'string' ? 42 : 'x' }, ...rest] } });
      }
    }
    // Nested DTOs: each of their fields of a wrong type.
    if (prop.properties && prop.type !== 'array') {
      for (const [inner, innerRaw] of Object.entries(prop.properties)) {
        const base = (valid[field] ?? {}) as Record<string, unknown>;
        out.push({ label: `${field}.${inner} wrong type`, json: { ...valid, [field]: { ...base, [inner]: resolve(doc, innerRaw).type === 'string' ? 42 : 'x' } } });
      }
    }
  }
  out.push({ label: 'unknown field', json: { ...valid, unexpectedField: 'x' } });
  out.push(withRaw('unknown nested 5000 deep', valid, 'unexpectedField', nested(5000, 'object')));
  out.push({ label: '__proto__ field', code: 'VALIDATION_FAILED', raw: `{"__proto__":{"isAdmin":true},${JSON.stringify(valid).slice(1)}`, contentType: 'application/json' });
  const stringField = props.find(([, p]) => resolve(doc, p).type === 'string')?.[0] ?? 'unexpectedField';
  out.push({ label: `${stringField} huge (1.5 MB)`, code: 'PAYLOAD_TOO_LARGE', json: { ...valid, [stringField]: 'あ'.repeat(MB / 2) } });
  out.push({ label: 'array body', json: [valid] });
  out.push({ label: 'null body', raw: 'null', contentType: 'application/json' });
  out.push({ label: 'string body', raw: '"text"', contentType: 'application/json' });
  out.push({ label: 'number body', raw: '42', contentType: 'application/json' });
  out.push({ label: 'not JSON', code: 'MALFORMED_BODY', raw: '{"a": 1,', contentType: 'application/json' });
  out.push({ label: 'not JSON at all', code: 'MALFORMED_BODY', raw: 'hello=world', contentType: 'application/json' });
  out.push({ label: 'JSON, text/plain', code: 'UNSUPPORTED_MEDIA_TYPE', raw: JSON.stringify(valid), contentType: 'text/plain' });
  out.push({ label: 'form-encoded', code: 'UNSUPPORTED_MEDIA_TYPE', raw: new URLSearchParams(flatStrings(valid)).toString(), contentType: 'application/x-www-form-urlencoded' });
  out.push({ label: 'JSON, application/xml', code: 'UNSUPPORTED_MEDIA_TYPE', raw: JSON.stringify(valid), contentType: 'application/xml' });
  // The valid body with invalid UTF-8 (a lone continuation byte and an overlong encoding) inside a string.
  const text = Buffer.from(JSON.stringify({ ...valid, zzInvalid: 'X' }));
  const at = text.indexOf('"X"') + 1;
  out.push({ label: 'invalid UTF-8', code: 'INVALID_ENCODING', raw: Buffer.concat([text.subarray(0, at), Buffer.from([0x80, 0xc0, 0xaf, 0xff]), text.subarray(at + 1)]), contentType: 'application/json' });
  const field = Object.keys(valid).find((f) => typeof valid[f] === 'string');
  if (field) {
    const buf = Buffer.from(JSON.stringify({ ...valid, [field]: '\u0001X' }));
    const i = buf.indexOf('X"');
    out.push({ label: `${field} invalid UTF-8`, code: 'INVALID_ENCODING', raw: Buffer.concat([buf.subarray(0, i), Buffer.from([0xed, 0xa0, 0x80]), buf.subarray(i + 1)]), contentType: 'application/json' });
  }
  out.push({ label: 'JSON, no content type', code: 'UNSUPPORTED_MEDIA_TYPE', raw: Buffer.from(JSON.stringify(valid)), contentType: '' });
  out.push({ label: 'UTF-16 body', code: 'UNSUPPORTED_MEDIA_TYPE', raw: Buffer.from(JSON.stringify(valid), 'utf16le'), contentType: 'application/json; charset=utf-16' });
  return out;
}

/** Bodies with a free-text-looking string in each string field: 4xx, or 2xx only where the field is free text. */
export function literalBodies(doc: OpenAPIObject, schemaName: string, valid: Record<string, unknown>): Array<{ label: string; field: string; value: string; json: unknown }> {
  const schema = resolve(doc, { $ref: `#/components/schemas/${schemaName}` });
  const out: Array<{ label: string; field: string; value: string; json: unknown }> = [];
  for (const [field, raw] of Object.entries(schema.properties ?? {})) {
    const prop = resolve(doc, raw);
    for (const value of LITERAL_STRINGS) {
      if (prop.type === 'string') out.push({ label: `${field} = ${JSON.stringify(value)}`, field, value, json: { ...valid, [field]: value } });
      if (prop.type === 'array' && resolve(doc, prop.items).type === 'string') out.push({ label: `${field}[] = ${JSON.stringify(value)}`, field, value, json: { ...valid, [field]: [value] } });
      if (prop.properties) {
        for (const [inner, innerRaw] of Object.entries(prop.properties)) {
          if (resolve(doc, innerRaw).type !== 'string') continue;
          out.push({ label: `${field}.${inner} = ${JSON.stringify(value)}`, field: inner, value, json: { ...valid, [field]: { ...((valid[field] ?? {}) as object), [inner]: value } } });
        }
      }
    }
  }
  return out;
}

function flatStrings(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Query strings that must be refused: each parameter of a wrong type, too long, with NUL, repeated, nested; required ones missing. */
export function refusedQueries(params: Array<{ name: string; required: boolean; schema: Schema }>, valid: Record<string, string>): Array<{ label: string; query: string }> {
  const out: Array<{ label: string; query: string }> = [];
  const qs = (values: Record<string, string>, extra = '') => [new URLSearchParams(values).toString(), extra].filter(Boolean).join('&');
  if (params.length) out.push({ label: 'unknown parameter', query: qs(valid, 'unexpectedParam=1') });
  for (const p of params) {
    const { [p.name]: _omitted, ...rest } = valid;
    if (p.required) out.push({ label: `${p.name} missing`, query: qs(rest) });
    const schema = p.schema;
    const bad: string[] = ['x'.repeat(5000), 'a\u0000b'];
    if (schema.type === 'number' || schema.type === 'integer') bad.push('abc', '-1', '1e400', '99999999999999999999', '1.5');
    if (schema.enum) bad.push('not-a-choice');
    if (schema.format === 'uuid') bad.push('not-a-uuid');
    if (schema.format === 'date' || /^(from|to|asOf)$/.test(p.name)) bad.push('2026-02-30', 'yesterday', '1e9');
    for (const value of bad) out.push({ label: `${p.name}=${JSON.stringify(value.slice(0, 20))}`, query: qs({ ...rest, [p.name]: value }) });
    out.push({ label: `${p.name} repeated`, query: qs(rest, `${p.name}=1&${p.name}=2`) });
    out.push({ label: `${p.name} nested`, query: qs(rest, `${p.name}[a][b]=1`) });
    // The query parser keeps undecodable text as it is: in free text that is a literal search, elsewhere it must not pass.
    if (!FREE_TEXT.has(p.name)) {
      out.push({ label: `${p.name} invalid percent-encoding`, query: qs(rest, `${p.name}=%E0%A4%A`) });
      out.push({ label: `${p.name} invalid UTF-8`, query: qs(rest, `${p.name}=%C0%AF%FF`) });
    }
  }
  return out;
}
