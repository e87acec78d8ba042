/**
 * Page sizes of the recovery lists (connections): `first` defaults to DEFAULT, and a `first` above MAX is refused
 * with BAD_USER_INPUT, never silently capped.
 */
export const CASE_PAGE = { defaultFirst: 50, maxFirst: 200 } as const;
export const BREACH_PAGE = { defaultFirst: 50, maxFirst: 200 } as const;
