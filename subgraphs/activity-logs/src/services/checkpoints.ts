import type { Logger } from 'pino';
import { signCheckpoint, verifyCheckpoint, type SignedCheckpoint } from '../domain/checkpoint.js';
import type { ChainLink } from '../domain/hash-chain.js';
import type { ActivityLogsConfig } from '../config.js';
import type { ActivityModels, CheckpointDocument } from '../models/index.js';

/** Signs and reads chain checkpoints. */
export class CheckpointService {
  constructor(
    private readonly models: ActivityModels,
    private readonly config: ActivityLogsConfig,
    private readonly logger: Logger,
  ) {}

  /** After an append: sign the new head when the chain crossed a multiple of ACTIVITY_CHECKPOINT_EVERY_EVENTS. */
  async afterAppend(tenantId: string, previousSequence: number, head: ChainLink): Promise<void> {
    const every = this.config.checkpointEveryEvents;
    if (Math.floor(previousSequence / every) === Math.floor(head.sequence / every)) return;
    await this.sign(tenantId, head);
  }

  /** Signs the tenant's current head unless it is already checkpointed. Returns the newest checkpoint. */
  async checkpointHead(tenantId: string): Promise<SignedCheckpoint | null> {
    const head = await this.models.events.findOne({ tenantId }, { sequence: 1, hash: 1 }).sort({ sequence: -1 }).lean().exec();
    if (!head) return null;
    return this.sign(tenantId, { sequence: head.sequence, prevHash: '', hash: head.hash });
  }

  /** The periodic job: every tenant whose head moved since its last checkpoint gets a new one. */
  async checkpointAllTenants(): Promise<number> {
    const tenants = await this.models.events.distinct('tenantId').exec();
    let signed = 0;
    for (const tenantId of tenants) {
      const latest = await this.latest(tenantId);
      const head = await this.models.events.findOne({ tenantId }, { sequence: 1, hash: 1 }).sort({ sequence: -1 }).lean().exec();
      if (head && (!latest || latest.sequence < head.sequence)) {
        await this.sign(tenantId, { sequence: head.sequence, prevHash: '', hash: head.hash });
        signed += 1;
      }
    }
    return signed;
  }

  async latest(tenantId: string): Promise<CheckpointDocument | null> {
    return this.models.checkpoints.findOne({ tenantId }).sort({ sequence: -1 }).lean<CheckpointDocument>().exec();
  }

  /** Checkpoints in [from, to] whose signatures verify, and the ones that do not (a forged checkpoint is a finding). */
  async inRange(
    tenantId: string,
    from: number,
    to: number,
  ): Promise<{ valid: CheckpointDocument[]; forged: CheckpointDocument[] }> {
    const all = await this.models.checkpoints
      .find({ tenantId, sequence: { $gte: from, $lte: to } })
      .sort({ sequence: 1 })
      .lean<CheckpointDocument[]>()
      .exec();
    const valid: CheckpointDocument[] = [];
    const forged: CheckpointDocument[] = [];
    for (const checkpoint of all) (verifyCheckpoint(checkpoint, this.config.verificationKeys) ? valid : forged).push(checkpoint);
    return { valid, forged };
  }

  /** The newest valid checkpoint at or below `sequence`: the anchor when older events were purged. */
  async anchorAtOrBelow(tenantId: string, sequence: number): Promise<CheckpointDocument | null> {
    const candidates = await this.models.checkpoints
      .find({ tenantId, sequence: { $lte: sequence } })
      .sort({ sequence: -1 })
      .limit(5)
      .lean<CheckpointDocument[]>()
      .exec();
    return candidates.find((checkpoint) => verifyCheckpoint(checkpoint, this.config.verificationKeys)) ?? null;
  }

  private async sign(tenantId: string, head: ChainLink): Promise<SignedCheckpoint> {
    const checkpoint = signCheckpoint(
      { tenantId, sequence: head.sequence, hash: head.hash, createdAt: new Date(), keyId: this.config.signingKey.id },
      this.config.signingKey,
    );
    try {
      await this.models.checkpoints.create(checkpoint);
      this.logger.info({ tenantId, sequence: head.sequence }, 'signed activity chain checkpoint');
    } catch (err) {
      // Another process checkpointed the same head first: theirs is equally valid.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    return checkpoint;
  }
}
