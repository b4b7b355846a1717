/**
 * Storage of the outbound side (issue 5): applications, endpoints, messages, the durable delivery queue
 * and attempts. Implemented in this folder on the shared Kysely instance; reached as `store.delivery`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the outbound delivery work
export interface DeliveryStore {}
