export * from './calc.js';
export * from './reference.js';
export * from './user.js';
