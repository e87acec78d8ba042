/**
 * Verifying an alert's evidence against the activity chain: each evidence event was cited with its chain
 * sequence and hash when the alert was raised; an auditor later asks whether the chain still holds exactly
 * those events. Pure: the chain's answers come in, a verdict per event goes out.
 */

/** What the alert cited. */
export interface CitedEvidence {
  readonly eventId: string;
  readonly sequence?: number;
  readonly hash?: string;
}

/** What the activity chain holds now for one cited event. */
export interface ChainObservation {
  readonly eventId: string;
  /** The stored event, or null when it is gone (deleted, or reduced to a tombstone by retention). */
  readonly stored: { readonly sequence: number; readonly hash: string } | null;
  /**
   * The chain recomputed over the cited sequence: null when intact, else why not (ALTERED, PII_ALTERED,
   * LINK_MISMATCH, MISSING, …) and the detail activity-logs gave.
   */
  readonly chainBreak: { readonly reason: string; readonly detail: string } | null;
}

export const EVIDENCE_STATUSES = ['INTACT', 'CHANGED', 'MISSING', 'UNVERIFIABLE'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

export interface EvidenceVerdict {
  readonly eventId: string;
  readonly status: EvidenceStatus;
  readonly citedSequence?: number;
  readonly citedHash?: string;
  readonly currentSequence?: number;
  readonly currentHash?: string;
  /** One sentence an auditor can act on. */
  readonly detail: string;
}

export function judgeEvidence(cited: CitedEvidence, observed: ChainObservation | undefined): EvidenceVerdict {
  const base = { eventId: cited.eventId, citedSequence: cited.sequence, citedHash: cited.hash };
  if (cited.sequence === undefined || cited.hash === undefined) {
    return {
      ...base,
      status: 'UNVERIFIABLE',
      detail: 'The alert cited this event without a chain position (recorded before citations existed).',
    };
  }
  const stored = observed?.stored ?? null;
  if (stored === null) {
    return {
      ...base,
      status: 'MISSING',
      detail: `Event ${cited.eventId} (sequence ${cited.sequence}) is no longer in the activity chain: deleted, erased or purged by retention.`,
    };
  }
  const current = { ...base, currentSequence: stored.sequence, currentHash: stored.hash };
  if (observed?.chainBreak) {
    return { ...current, status: 'CHANGED', detail: `${observed.chainBreak.reason}: ${observed.chainBreak.detail}` };
  }
  if (stored.sequence !== cited.sequence) {
    return { ...current, status: 'CHANGED', detail: `The event moved from sequence ${cited.sequence} to ${stored.sequence}.` };
  }
  if (stored.hash !== cited.hash) {
    return {
      ...current,
      status: 'CHANGED',
      detail: 'The event was rewritten: its chain hash differs from the one the alert cited.',
    };
  }
  return { ...current, status: 'INTACT', detail: 'The event is in the chain as cited and its hash recomputes.' };
}

export interface EvidenceReport {
  readonly intact: boolean;
  readonly verdicts: readonly EvidenceVerdict[];
}

/** Intact only when every cited event is: an unverifiable citation is not proof. */
export function evidenceReport(cited: readonly CitedEvidence[], observations: readonly ChainObservation[]): EvidenceReport {
  const byId = new Map(observations.map((observation) => [observation.eventId, observation]));
  const verdicts = cited.map((entry) => judgeEvidence(entry, byId.get(entry.eventId)));
  return { intact: verdicts.length > 0 && verdicts.every((verdict) => verdict.status === 'INTACT'), verdicts };
}
