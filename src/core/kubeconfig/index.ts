export * from './paths';
export * from './parse';
export * from './merge';
