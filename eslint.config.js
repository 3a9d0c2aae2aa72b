// Root files only; each package lints itself with the shared config.
export default [{ ignores: ['**'] }];
