export * from './org';
export * from './users';
export * from './content';
export * from './learning';
