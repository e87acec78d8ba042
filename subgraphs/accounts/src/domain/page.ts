/**
 * Page sizes of the accounts lists (connections, ADR 015): `first` defaults to the first number and may be at most
 * the second; a larger `first` is BAD_USER_INPUT, never a silent cap.
 */
export const ACCOUNT_PAGE = { defaultFirst: 20, maxFirst: 100 } as const;
export const AGENT_PAGE = { defaultFirst: 100, maxFirst: 500 } as const;
