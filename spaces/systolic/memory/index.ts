export * from './calc.js';
