/**
 * The Node.js version hookgate needs, checked before anything else is loaded: this file is plain
 * JavaScript that any Node.js parses, so an older one gets a sentence instead of a crash.
 */

/** The oldest Node.js that runs hookgate (node:sqlite without a flag). */
export const MINIMUM_NODE = '22.13.0';

/** The sentence to print when `version` (e.g. `20.19.2`) is too old; undefined when it is new enough. */
export function nodeVersionProblem(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [wantMajor, wantMinor] = MINIMUM_NODE.split('.').map(Number);
  if (major > wantMajor || (major === wantMajor && minor >= wantMinor)) return undefined;
  return [
    `hookgate needs Node.js ${MINIMUM_NODE} or newer (Node.js 24 LTS recommended); this is Node.js ${version}.`,
    'Install Node.js 24 (https://nodejs.org/en/download, or `nvm install 24`) and run hookgate with it.',
    'In a checkout of the repository, `npm start` and `npm test` already use the Node.js 24 that `npm install` puts',
    'in node_modules/.bin.',
  ].join('\n');
}
