/**
 * The GraphQL endpoint: same origin as the page (`/graphql`) unless the build sets VITE_VIGIL_GRAPHQL_URL
 * (a wall hosted on a CDN in front of a gateway elsewhere; the gateway must then allow that origin).
 */
export function graphqlHttpUrl(): string {
  const configured = import.meta.env.VITE_VIGIL_GRAPHQL_URL as string | undefined;
  return new URL(configured || '/graphql', window.location.href).href;
}

export function graphqlWsUrl(): string {
  return graphqlHttpUrl().replace(/^http/, 'ws');
}
