import { createHmac, randomBytes } from 'node:crypto';

/** A new signing secret (256 bits), prefixed so it is recognisable in a secrets store. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The `X-Kizuna-Signature` header of a delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256>` of
 * `"<t>.<raw body>"` with the endpoint's secret (the scheme Stripe uses).
 *
 * To verify a delivery, the receiver:
 * 1. takes the raw request body, as bytes, before any JSON parsing;
 * 2. splits the header on `,` into `t` and `v1` (ignoring other keys, so schemes can be added);
 * 3. computes `HMAC-SHA256(secret, t + "." + rawBody)` as hex and compares it with `v1` in
 *    constant time (Node: `crypto.timingSafeEqual`);
 * 4. refuses a `t` more than five minutes from its clock (replayed requests);
 * 5. de-duplicates on the body's `id` (deliveries are at least once; a replay keeps the `id`).
 *
 * ```ts
 * const [, t, v1] = /t=(\d+),v1=([0-9a-f]{64})/.exec(req.headers['x-kizuna-signature']) ?? [];
 * const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
 * const ok = v1 !== undefined && timingSafeEqual(Buffer.from(v1, 'hex'), expected) && Math.abs(Date.now() / 1000 - Number(t)) < 300;
 * ```
 */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}
