/** Requests allowed per window, per client IP, per subject (`sub`) and per tenant. */
export interface RateLimits {
  readonly perIp: number;
  readonly perSubject: number;
  readonly perTenant: number;
  /** Window length. Default 60 s. */
  readonly windowMs?: number;
}
