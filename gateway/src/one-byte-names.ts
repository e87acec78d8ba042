import { visit, type DocumentNode } from 'graphql';

/**
 * Every name of the subgraphs' SDL (types, fields, arguments, enum values), as a property key for the gateway's
 * life: V8 then holds each name in its string table as the one-byte string the SDL text is made of.
 *
 * Why (ADR 158): V8 keeps one copy of each property-key string, and whichever representation is met first stays
 * while anything refers to it. In the bench's gateway process some names' copies were two-byte (UTF-16) although
 * ASCII — which library makes them so was not found; it runs after this, as holding the names here fixed it — and
 * then every object key and `__typename` of that name (subgraph answers, the plan executor's tree, the client's
 * answer) is two-byte, and a single two-byte key makes `JSON.stringify` write the whole answer two-byte. The bench's
 * 88 KB answer became a 175 KB string in V8's large-object space, whose first read (the flattening of the string
 * JSON.stringify builds in parts) cost about 1–2 ms of CPU per request, and its UTF-8 encoding three times more than
 * for one-byte text. Met first here, the names stay one-byte.
 */
const names: Record<string, true> = Object.create(null) as Record<string, true>;

/** Call before composing: holds the one-byte copies of every name of these parsed SDL documents. */
export function holdOneByteNames(documents: readonly DocumentNode[]): void {
  for (const document of documents) {
    visit(document, {
      Name(node) {
        names[node.value] = true;
      },
    });
  }
}
