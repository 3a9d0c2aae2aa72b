import { tasklaneConfig } from '@tasklane/eslint-config';

export default tasklaneConfig(import.meta.dirname);
