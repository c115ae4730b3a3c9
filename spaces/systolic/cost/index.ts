export * from './preset.js';
export * from './model.js';
