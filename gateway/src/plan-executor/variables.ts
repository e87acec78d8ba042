/** The client's variables a subgraph operation uses, or undefined when it uses none that were given. */
export function selectVariables(
  variables: Readonly<Record<string, unknown>> | undefined,
  usages: readonly string[] | undefined,
): Record<string, unknown> | undefined {
  if (!variables || !usages || usages.length === 0) return undefined;
  let selected: Record<string, unknown> | undefined;
  for (const name of usages) {
    if (Object.prototype.hasOwnProperty.call(variables, name)) {
      selected ??= Object.create(null) as Record<string, unknown>;
      selected[name] = variables[name];
    }
  }
  return selected;
}
