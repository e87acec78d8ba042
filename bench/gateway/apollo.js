// Process: @apollo/gateway + @apollo/server (standalone, defaults) over the bench subgraphs' unsigned ports.
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const base = Number(process.env.PLAIN_PORT_BASE);
const names = ['accounts', 'inventory', 'products', 'reviews'];
const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({
    subgraphs: names.map((name, i) => ({ name, url: `http://127.0.0.1:${base + i}/graphql` })),
  }),
});
const server = new ApolloServer({ gateway });
await startStandaloneServer(server, { listen: { port: Number(process.env.PORT), host: '127.0.0.1' } });
console.log('ready');
