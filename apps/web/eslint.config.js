import { tasklaneConfig } from '@tasklane/eslint-config';
import reactHooks from 'eslint-plugin-react-hooks';

export default [
  ...tasklaneConfig(import.meta.dirname, { layer: 'web' }),
  {
    files: ['**/*.tsx', '**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
];
