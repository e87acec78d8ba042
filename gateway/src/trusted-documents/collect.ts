import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Kind, parse, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { documentId, normalizeDocument } from './manifest.js';

const GRAPHQL_FILES = new Set(['.graphql', '.gql']);
const SOURCE_FILES = new Set(['.ts', '.tsx', '.js', '.jsx']);
/** `graphql(`…`)` (codegen's client preset) and `gql`…`` tagged templates. */
const TEMPLATE = /\b(?:graphql\(\s*|gql\s*)`([^`]*)`/g;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'gql']);

/** One operation of the manifest: its id, its name (for people), and the normalized document. */
export interface RegisteredOperation {
  readonly id: string;
  readonly name: string;
  readonly document: string;
}

/**
 * Every operation found under `paths` (files or folders: `.graphql`/`.gql` files, and `graphql(`…`)` / gql
 * templates in `.ts`/`.tsx`/`.js` sources), each with the fragments it uses, ready for the manifest.
 * Throws on interpolated templates (their text is not known before run time) and on duplicate fragment names.
 */
export function collectOperations(paths: readonly string[]): RegisteredOperation[] {
  const definitions: DefinitionNode[] = [];
  for (const file of paths.flatMap(filesUnder)) {
    for (const text of documentsIn(file)) definitions.push(...parse(text, { noLocation: true }).definitions);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (fragments.has(definition.name.value)) throw new Error(`Fragment ${definition.name.value} is defined twice.`);
    fragments.set(definition.name.value, definition);
  }
  return definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const document = normalizeDocument({
        kind: Kind.DOCUMENT,
        definitions: [operation, ...usedFragments(operation, fragments)],
      });
      return { id: documentId(document), name: operation.name?.value ?? '(anonymous)', document };
    });
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !(entry.isDirectory() && SKIPPED_DIRS.has(entry.name)))
    .flatMap((entry) => filesUnder(join(path, entry.name)))
    .sort();
}

function documentsIn(file: string): string[] {
  const extension = extname(file);
  const text = readFileSync(file, 'utf8');
  if (GRAPHQL_FILES.has(extension)) return [text];
  if (!SOURCE_FILES.has(extension)) return [];
  return [...text.matchAll(TEMPLATE)].map((match) => {
    const body = match[1] ?? '';
    if (body.includes('${')) throw new Error(`${file}: a GraphQL template with \${…} cannot be registered; use fragments.`);
    return body;
  });
}

/** The fragments an operation spreads, transitively. */
function usedFragments(
  root: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [root];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`Operation ${root.name?.value ?? '(anonymous)'} uses unknown fragment ${name}.`);
        if (!used.has(name)) {
          used.set(name, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...used.values()];
}
