/** Risk scores live in 0–100; anything computed outside is clamped, never rejected. */
export function clampRiskScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(100, Math.max(0, Math.round(score)));
}
