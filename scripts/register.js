// Runs the TypeScript sources directly: swc strips types (with decorator metadata, which NestJS and
// TypeORM need) and tsconfig-paths resolves the @po-sync/* libraries. Type checking is `npm run typecheck`.
process.env.TS_NODE_PROJECT =
  process.env.TS_NODE_PROJECT || require('node:path').join(__dirname, '..', 'tsconfig.json');
process.env.TS_NODE_TRANSPILE_ONLY = 'true';
process.env.TS_NODE_SWC = 'true';
require('ts-node').register({ swc: true, transpileOnly: true });
require('tsconfig-paths/register');
