import { tasklaneConfig } from '@tasklane/eslint-config';

export default [
  ...tasklaneConfig(import.meta.dirname, { layer: 'api' }),
  // An outside consumer with its own package.json and tsconfig: it resolves @tasklane/api only
  // once installed from the packed tarball (apps/cli/src/e2e/packed-api-consumer.test.ts).
  { ignores: ['test/consumer/**'] },
];
