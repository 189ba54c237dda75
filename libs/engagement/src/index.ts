export * from './badge-rules';
export * from './roles';
