/**
 * Offline verification of a verifiable export (see domain/chain-export-format.ts), line by line in
 * constant memory: every event line is re-hashed and linked to the one before, every signed head is
 * checked against the published public keys and against the event it signs. The export is proven
 * complete and unaltered between its first and last signed heads (or the genesis); every break names
 * the line it was found on.
 *
 * Personal-data fields are committed in the chain under per-account keys only Vigil holds (so erasure can
 * shred them): offline they are checked only for erased events, which must carry none.
 */
import { parseExportLine } from './chain-export-format.js';
import { BreakList, ChainVerifier, GENESIS_HASH, type ChainBreak } from './hash-chain.js';
import { verifyHead, type HeadVerificationKey, type SignedHead } from './signed-head.js';

export interface ExportVerification {
  readonly ok: boolean;
  readonly eventCount: number;
  readonly signedHeadCount: number;
  /** The sequences proven complete and unaltered: from the anchor (exclusive) to the last matching signed head. */
  readonly provenFrom?: number;
  readonly provenTo?: number;
  readonly breaks: readonly ChainBreak[];
  readonly breakCount: number;
}

interface LastEvent {
  readonly sequence: number;
  readonly hash: string;
  readonly line: number;
}

export class ExportVerifier {
  private readonly found = new BreakList();
  private readonly fileHeads = new Map<number, SignedHead>();
  private chain: ChainVerifier | null = null;
  private anchor: { sequence: number; hash: string; line?: number } | null = null;
  private last: LastEvent | null = null;
  private lastSigned: { sequence: number; line: number } | null = null;
  private eventCount = 0;
  private headCount = 0;
  private tenantId: string | null = null;

  /** `heads`: signed heads from a separate file (already parsed; checked here like inline ones). */
  constructor(
    private readonly keys: readonly HeadVerificationKey[],
    heads: readonly { head: SignedHead; where: string }[] = [],
  ) {
    for (const { head, where } of heads) {
      if (verifyHead(head, keys)) this.fileHeads.set(head.sequence, head);
      else
        this.fail({
          sequence: head.sequence,
          reason: 'FORGED_CHECKPOINT',
          detail: `${where}: the signed head at ${head.sequence} has no valid signature from the given keys.`,
        });
    }
  }

  /** Feeds one line of the export (1-based `line`). */
  acceptLine(text: string, line: number): void {
    if (text.trim().length === 0) return;
    let parsed;
    try {
      parsed = parseExportLine(text);
    } catch (err) {
      this.fail({
        sequence: (this.last?.sequence ?? 0) + 1,
        reason: 'ALTERED',
        line,
        detail: `Line ${line} is unreadable: ${(err as Error).message}.`,
      });
      return;
    }
    if (parsed.kind === 'signedHead') this.acceptHead(parsed.head, line);
    else {
      this.eventCount += 1;
      const chain = this.chainFor(parsed.sequence, parsed.prevHash, line);
      if (parsed.erasedWithPii) {
        this.fail({
          sequence: parsed.sequence,
          reason: 'PII_AFTER_ERASURE',
          line,
          detail: `Line ${line}: event ${parsed.sequence} is erased but carries personal data.`,
        });
      }
      const before = this.found.count;
      chain.accept({ sequence: parsed.sequence, prevHash: parsed.prevHash, hash: parsed.hash, content: parsed.content, line });
      this.explainLast(before, line);
      const fileHead = this.fileHeads.get(parsed.sequence);
      if (fileHead && fileHead.hash === parsed.hash) this.signedUpTo(parsed.sequence, line);
      this.last = { sequence: parsed.sequence, hash: parsed.hash, line };
    }
  }

  finish(): ExportVerification {
    const fileHeadSequences = [...this.fileHeads.keys()];
    const lastFileHead = fileHeadSequences.length > 0 ? Math.max(...fileHeadSequences) : undefined;
    this.chain?.finish(lastFileHead);
    if (!this.last) {
      this.fail({ sequence: 0, reason: 'MISSING', detail: 'The export holds no event lines.' });
    } else if (!this.lastSigned || this.lastSigned.sequence < this.last.sequence) {
      const from = (this.lastSigned?.sequence ?? this.anchor?.sequence ?? 0) + 1;
      this.fail({
        sequence: from,
        reason: 'UNSIGNED',
        detail: `Events ${from}..${this.last.sequence} (up to line ${this.last.line}) are not covered by a signed head: they cannot be proven.`,
      });
    }
    const breaks = this.found.sorted();
    return {
      ok: this.found.count === 0,
      eventCount: this.eventCount,
      signedHeadCount: this.headCount,
      ...(this.anchor && this.lastSigned ? { provenFrom: this.anchor.sequence + 1, provenTo: this.lastSigned.sequence } : {}),
      breaks,
      breakCount: this.found.count,
    };
  }

  private acceptHead(head: SignedHead, line: number): void {
    this.headCount += 1;
    if (!verifyHead(head, this.keys)) {
      this.fail({
        sequence: head.sequence,
        reason: 'FORGED_CHECKPOINT',
        line,
        detail: `Line ${line}: the signed head at ${head.sequence} has no valid signature from the given keys.`,
      });
      return;
    }
    if (this.tenantId !== null && head.tenantId !== this.tenantId) {
      this.fail({
        sequence: head.sequence,
        reason: 'FORGED_CHECKPOINT',
        line,
        detail: `Line ${line}: the signed head is for tenant "${head.tenantId}", not "${this.tenantId}".`,
      });
      return;
    }
    this.tenantId = head.tenantId;
    if (!this.last) {
      // Before any event: the anchor the first event must link to.
      this.anchor = { sequence: head.sequence, hash: head.hash, line };
      return;
    }
    if (head.sequence > this.last.sequence) {
      this.fail({
        sequence: this.last.sequence + 1,
        reason: 'MISSING',
        line,
        detail: `Events ${this.last.sequence + 1}..${head.sequence} are missing between line ${this.last.line} and the signed head on line ${line}.`,
      });
      return;
    }
    if (head.sequence < this.last.sequence) {
      this.fail({
        sequence: head.sequence,
        reason: 'LINK_MISMATCH',
        line,
        detail: `Line ${line}: the signed head at ${head.sequence} is out of place (it follows event ${this.last.sequence}).`,
      });
      return;
    }
    if (head.hash !== this.last.hash) {
      const from = (this.lastSigned?.sequence ?? this.anchor?.sequence ?? 0) + 1;
      const fromLine = (this.lastSigned?.line ?? this.anchor?.line ?? 0) + 1;
      this.fail({
        sequence: head.sequence,
        reason: 'CHECKPOINT_MISMATCH',
        line,
        detail: `Line ${line}: event ${head.sequence} (line ${this.last.line}) differs from its signed head: events ${from}..${head.sequence} on lines ${fromLine}..${this.last.line} were rewritten.`,
      });
      return;
    }
    this.signedUpTo(head.sequence, line);
  }

  /** The chain verifier, created at the first event from the anchor head (or genesis). */
  private chainFor(sequence: number, prevHash: string, line: number): ChainVerifier {
    if (this.chain) return this.chain;
    const fileAnchor = this.fileHeads.get(sequence - 1);
    if (!this.anchor && fileAnchor) this.anchor = { sequence: fileAnchor.sequence, hash: fileAnchor.hash };
    if (!this.anchor && sequence === 1) this.anchor = { sequence: 0, hash: GENESIS_HASH };
    if (!this.anchor) {
      this.fail({
        sequence,
        reason: 'UNSIGNED',
        line,
        detail: `Line ${line}: the export does not start at a signed head or at the genesis, so its first event cannot be proven.`,
      });
      this.anchor = { sequence: sequence - 1, hash: prevHash };
    }
    const fileHashes = new Map([...this.fileHeads].map(([at, head]) => [at, head.hash]));
    this.chain = new ChainVerifier(this.anchor, fileHashes, this.found);
    return this.chain;
  }

  private signedUpTo(sequence: number, line: number): void {
    if (!this.lastSigned || sequence > this.lastSigned.sequence) this.lastSigned = { sequence, line };
  }

  /** Adds "line N" to the messages of breaks the chain verifier just found. */
  private explainLast(before: number, line: number): void {
    for (let index = before; index < this.found.breaks.length; index += 1) {
      const found = this.found.breaks[index]!;
      if (!found.detail.startsWith('Line ')) this.found.breaks[index] = { ...found, detail: `Line ${line}: ${found.detail}` };
    }
  }

  private fail(found: ChainBreak): void {
    this.found.add(found);
  }
}
