import type { SubgraphContext } from '@vigil/core';
import type { RecoveryLoaders } from './loaders.js';

export type RecoveryContext = SubgraphContext<RecoveryLoaders>;
