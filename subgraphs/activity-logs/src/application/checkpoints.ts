/**
 * Signs and reads signed chain heads ("checkpoints"). The recorder signs the head after every appended
 * batch, before the batch is acknowledged, so no acknowledged event sits outside a signed head; the
 * periodic job only repairs a head left unsigned by a crash between the append and the signature.
 */
import type { Logger } from 'pino';
import { publicJwkOf, signHead, verifyHead, type SigningJwk } from '../domain/signed-head.js';
import type { ChainLink } from '../domain/hash-chain.js';
import type { ActivityLogsConfig } from '../config.js';
import type { ActivityModels, CheckpointDocument } from './ports.js';

/** At most this many signed heads in one read (exports stream them in pages). */
const MAX_HEADS_PER_READ = 1000;

export class CheckpointService {
  constructor(
    private readonly models: ActivityModels,
    private readonly config: ActivityLogsConfig,
    private readonly logger: Logger,
  ) {}

  /** After an append (under the tenant lock): sign the new head. */
  async afterAppend(tenantId: string, head: ChainLink): Promise<CheckpointDocument> {
    return this.sign(tenantId, head);
  }

  /** Signs the tenant's current head unless it is already signed. Returns the newest signed head. */
  async checkpointHead(tenantId: string): Promise<CheckpointDocument | null> {
    const head = await this.models.events.findOne({ tenantId }, { sequence: 1, hash: 1 }).sort({ sequence: -1 }).lean().exec();
    if (!head) return null;
    const existing = await this.models.checkpoints
      .findOne({ tenantId, sequence: head.sequence })
      .lean<CheckpointDocument>()
      .exec();
    if (existing && existing.hash === head.hash && verifyHead(existing, this.config.verificationKeys)) return existing;
    return this.sign(tenantId, { sequence: head.sequence, prevHash: '', hash: head.hash });
  }

  /** The periodic job: every tenant whose head moved past its last signed head gets it signed. */
  async checkpointAllTenants(): Promise<number> {
    const tenants = await this.models.events.distinct('tenantId').exec();
    let signed = 0;
    for (const tenantId of tenants) {
      const latest = await this.latest(tenantId);
      const head = await this.models.events.findOne({ tenantId }, { sequence: 1, hash: 1 }).sort({ sequence: -1 }).lean().exec();
      if (head && (!latest || latest.sequence < head.sequence)) {
        // Normally only after a crash between an append and its signature; visible, since a database writer
        // could also have removed heads to get a rewrite signed (heads kept outside the database catch that).
        this.logger.warn(
          { tenantId, sequence: head.sequence, after: latest?.sequence ?? 0 },
          'signing a chain head left unsigned',
        );
        await this.sign(tenantId, { sequence: head.sequence, prevHash: '', hash: head.hash });
        signed += 1;
      }
    }
    return signed;
  }

  async latest(tenantId: string): Promise<CheckpointDocument | null> {
    return this.models.checkpoints.findOne({ tenantId }).sort({ sequence: -1 }).lean<CheckpointDocument>().exec();
  }

  /** Every stored head in [from, to], ascending, as a cursor (verification streams them; check each with `verifies`). */
  cursor(tenantId: string, from: number, to: number) {
    return this.models.checkpoints
      .find({ tenantId, sequence: { $gte: from, $lte: to } })
      .sort({ sequence: 1 })
      .lean<CheckpointDocument[]>()
      .cursor({ batchSize: 500 });
  }

  /** True when a published key signed exactly this head. */
  verifies(head: CheckpointDocument): boolean {
    return verifyHead(head, this.config.verificationKeys);
  }

  /** Up to `limit` stored heads with sequence ≥ `from`, ascending (for exports; the reader verifies them). */
  async page(tenantId: string, from: number, to: number, limit = MAX_HEADS_PER_READ): Promise<CheckpointDocument[]> {
    return this.models.checkpoints
      .find({ tenantId, sequence: { $gte: from, $lte: to } })
      .sort({ sequence: 1 })
      .limit(Math.min(limit, MAX_HEADS_PER_READ))
      .lean<CheckpointDocument[]>()
      .exec();
  }

  /** The newest valid signed head at or below `sequence`: the anchor when older events were purged. */
  async anchorAtOrBelow(tenantId: string, sequence: number): Promise<CheckpointDocument | null> {
    const candidates = await this.models.checkpoints
      .find({ tenantId, sequence: { $lte: sequence } })
      .sort({ sequence: -1 })
      .limit(5)
      .lean<CheckpointDocument[]>()
      .exec();
    return candidates.find((checkpoint) => verifyHead(checkpoint, this.config.verificationKeys)) ?? null;
  }

  /** The oldest valid signed head at or above `sequence`: where an export of a range must end. */
  async closingAtOrAbove(tenantId: string, sequence: number): Promise<CheckpointDocument | null> {
    const candidates = await this.models.checkpoints
      .find({ tenantId, sequence: { $gte: sequence } })
      .sort({ sequence: 1 })
      .limit(5)
      .lean<CheckpointDocument[]>()
      .exec();
    return candidates.find((checkpoint) => verifyHead(checkpoint, this.config.verificationKeys)) ?? null;
  }

  /** The published key set: the current key and every retired one still accepted. */
  publicKeys(): { keys: SigningJwk[] } {
    return { keys: this.config.verificationKeys.map(publicJwkOf) };
  }

  get currentKeyId(): string {
    return this.config.signingKey.id;
  }

  private async sign(tenantId: string, head: ChainLink): Promise<CheckpointDocument> {
    const signed = signHead(
      { tenantId, sequence: head.sequence, hash: head.hash, createdAt: new Date(), keyId: this.config.signingKey.id },
      this.config.signingKey,
    );
    try {
      // Straight to the driver (a copy: it adds the `_id`), the fields already of their stored types: a mongoose
      // document built and validated first was CPU on the way to every announcement (ADR 156).
      await this.models.checkpoints.collection.insertOne({ ...signed });
      // Every head leaves the database in the log (no personal data): a witness the database cannot rewrite.
      this.logger.info({ tenantId, sequence: head.sequence, hash: head.hash, keyId: signed.keyId }, 'signed activity chain head');
    } catch (err) {
      // Another process signed the same head first: theirs is equally valid.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    return signed;
  }
}
