/**
 * The events a brand can subscribe an endpoint to. Each carries ids the brand's systems already
 * know (member ids, the brand's own customer and order ids) and what happened — never a name,
 * email or other personal field (see WebhooksConsumer).
 */
export const WEBHOOK_EVENTS = ['contact.linked', 'badge.awarded', 'rank.changed', 'order.placed', 'member.joined', 'perk.redeemed', 'segment.entered'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
