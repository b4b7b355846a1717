import { z } from 'zod';

/** The secret-age fields of a connection or application view. */
export const secretAgeFields = {
  secretCreatedAt: z.string().nullable().describe('When the current secret was created'),
  rotationDueAt: z
    .string()
    .nullable()
    .describe('When rotating the secret is due (created + the reminder period); nothing rotates by itself'),
  previousSecretExpiresAt: z
    .string()
    .nullable()
    .describe('During a rotation grace period: until when the previous secret is still accepted'),
};

/** A credential version as far as its age matters: when it was made, and when it stops verifying. */
interface Version {
  readonly createdAt: number;
  readonly expiresAt: number | null;
}

const DAY_MS = 86_400_000;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The secret-age view from the versions still active: the current secret is the one without an expiry
 * (the newest when every one expires), the previous one's end is the latest expiry among the others.
 */
export function secretAgeView(active: readonly Version[], reminderDays: number) {
  const current =
    active.find((v) => v.expiresAt === null) ??
    active.reduce<Version | null>(
      (newest, v) => (newest === null || v.createdAt > newest.createdAt ? v : newest),
      null,
    );
  const previousEnd = active
    .filter((v) => v !== current && v.expiresAt !== null)
    .reduce<number | null>((latest, v) => Math.max(latest ?? 0, v.expiresAt ?? 0), null);
  return {
    secretCreatedAt: iso(current?.createdAt ?? null),
    rotationDueAt: iso(current ? current.createdAt + reminderDays * DAY_MS : null),
    previousSecretExpiresAt: iso(previousEnd),
  };
}
