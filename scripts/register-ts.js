// `node -r ./scripts/register-ts.js scripts/<name>.ts`: runs project TypeScript through
// swc with the project's .swcrc, as jest does. The loader itself is the bench's.
require('../bench/backup/register-ts.js');
