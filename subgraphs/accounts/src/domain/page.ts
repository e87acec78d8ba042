/** `accounts(first)`: the default page size and the largest `first` accepted (a larger one is BAD_USER_INPUT). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
