export * from './address.js';
export * from './answers.js';
export * from './draft.js';
export * from './pages.js';
export * from './validate.js';
