/**
 * Page sizes of the accounts lists (connections, ADR 015): `first` defaults to the first number and may be at most
 * the second; a larger `first` is BAD_USER_INPUT, never a silent cap.
 */
export const ACCOUNT_PAGE = { default: 20, max: 100 } as const;
export const AGENT_PAGE = { default: 100, max: 500 } as const;
