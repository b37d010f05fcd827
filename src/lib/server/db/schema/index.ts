export * from './org.ts';
export * from './users.ts';
export * from './content.ts';
export * from './learning.ts';
export * from './activities.ts';
export * from './competitions.ts';
export * from './limits.ts';
