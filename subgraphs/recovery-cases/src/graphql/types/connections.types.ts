import { connectionType, pageInfoType, type Connection } from '@vigil/core';
import { RecoveryCaseType } from './case.types.js';
import { SlaBreachType } from './report.types.js';

/** Relay page info of the recovery lists (named for this subgraph: each subgraph owns its connection types). */
const RecoveryPageInfoType = pageInfoType('RecoveryPageInfo', { endCursorDescription: 'Pass as `after` for the next page.' });

export const RecoveryCaseConnectionType = connectionType(RecoveryCaseType, {
  name: 'RecoveryCase',
  pageInfo: RecoveryPageInfoType,
});
export type RecoveryCaseConnectionType = Connection<RecoveryCaseType>;

export const SlaBreachConnectionType = connectionType(SlaBreachType, { name: 'SlaBreach', pageInfo: RecoveryPageInfoType });
export type SlaBreachConnectionType = Connection<SlaBreachType>;
