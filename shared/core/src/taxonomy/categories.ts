import { isOneOf } from '../domain/word-lists.js';

/** Review categories: how reviewers filter a timeline. Every event type maps to exactly one. */
export const ACTIVITY_CATEGORIES = [
  'AUTHENTICATION',
  'FAILURE',
  'AGENT_ACTIVITY',
  'CUSTOMER_INTERACTION',
  'SYSTEM',
  'INTEGRATION',
  'TRANSACTION',
  'ACCOUNT_UPDATE',
  'SECURITY',
  'COMPLAINT',
  'USAGE',
] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

export function isActivityCategory(value: unknown): value is ActivityCategory {
  return isOneOf(ACTIVITY_CATEGORIES, value);
}
