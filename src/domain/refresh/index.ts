export * from './approval.js';
export * from './transition.js';
