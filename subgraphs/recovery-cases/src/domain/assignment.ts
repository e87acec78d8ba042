import { conflictWith } from '@vigil/core/domain';

/**
 * Round-robin among the tenant's available agents: the next agent after the one who got the previous
 * case, in a stable order (by id), skipping agents who are away. Stable order matters: the rotation
 * survives agents coming and going without restarting at the top.
 */
export interface AssignableAgent {
  readonly id: string;
  readonly available: boolean;
}

export function nextRoundRobinAgent(agents: readonly AssignableAgent[], lastAssignedId: string | undefined): string {
  const available = agents
    .filter((a) => a.available)
    .map((a) => a.id)
    .sort();
  if (available.length === 0) {
    throw conflictWith('No agent of this tenant is available; assign the case by hand or try later.');
  }
  if (lastAssignedId === undefined) return available[0]!;
  return available.find((id) => id > lastAssignedId) ?? available[0]!;
}
