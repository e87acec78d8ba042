import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, parse, print, type DefinitionNode, type DocumentNode } from 'graphql';
import { documentOutOfBounds } from '../plugins/document-bounds.js';

/** A document id: the lowercase hex SHA-256 of the normalized document, optionally prefixed `sha256:`. */
const ID = /^(?:sha256:)?([0-9a-f]{64})$/;
/** Raw text larger than this is never hashed (the gateway's body cap is 1 MiB anyway). */
const MAX_DOCUMENT_CHARS = 256 * 1024;

/**
 * The normal form that is hashed: operations in their order, then fragments sorted by name, each printed by
 * graphql-js (no comments, canonical whitespace). A client may send a registered operation formatted any way,
 * with its fragments in any order, and it still hashes to the registered id.
 */
export function normalizeDocument(document: DocumentNode): string {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = document.definitions
    .filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
    .sort((a, b) => a.name.value.localeCompare(b.name.value));
  return [...operations, ...fragments].map((definition: DefinitionNode) => print(definition)).join('\n\n');
}

export function documentId(normalized: string): string {
  return createHash('sha256').update(normalized).digest('hex');
}

/** The id of raw document text, or undefined when it does not parse (or is too large to be a registered one). */
export function idOfText(text: string): string | undefined {
  // Out of bounds (too deep for the recursive parser, too many tokens): never registered, so never parsed.
  if (text.length > MAX_DOCUMENT_CHARS || documentOutOfBounds(text) !== undefined) return undefined;
  try {
    return documentId(normalizeDocument(parse(text, { noLocation: true })));
  } catch {
    return undefined;
  }
}

/** The registered documents: id → normalized text. Built from a manifest file, every entry checked. */
export class TrustedDocuments {
  private constructor(private readonly byId: ReadonlyMap<string, string>) {}

  /** Reads `{ "<sha256 hex>": "<document>" }`; throws naming the entry whose text does not hash to its id. */
  static fromFile(path: string): TrustedDocuments {
    let entries: unknown;
    try {
      entries = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`Trusted documents manifest ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return TrustedDocuments.fromEntries(entries, path);
  }

  static fromEntries(entries: unknown, source = 'manifest'): TrustedDocuments {
    if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
      throw new Error(`Trusted documents ${source}: expected a JSON object of "<sha256>": "<document>".`);
    }
    const byId = new Map<string, string>();
    for (const [key, text] of Object.entries(entries)) {
      const id = ID.exec(key)?.[1];
      const actual = typeof text === 'string' ? idOfText(text) : undefined;
      // A tampered or hand-edited entry would run something other than what was reviewed: refuse to start.
      if (!id || actual !== id)
        throw new Error(`Trusted documents ${source}: entry ${key.slice(0, 80)} does not hash to its id.`);
      byId.set(id, normalizeDocument(parse(text as string, { noLocation: true })));
    }
    return new TrustedDocuments(byId);
  }

  get size(): number {
    return this.byId.size;
  }

  /** The document registered under `id` (`sha256:` prefix accepted), or undefined. */
  get(id: string): string | undefined {
    const hex = ID.exec(id)?.[1];
    return hex === undefined ? undefined : this.byId.get(hex);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}
