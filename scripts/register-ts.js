// `node -r ./scripts/register-ts.js <file>.ts`: runs project TypeScript (scripts/demo.ts,
// the src/schema-check.ts entry of `npm run schema:check`) through swc with the project's
// .swcrc, as jest does, without touching dist/. The loader itself is the bench's.
require('../bench/backup/register-ts.js');
