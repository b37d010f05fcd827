import { sqliteTable, integer, text, uniqueIndex, index, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ORG_UNIT_KINDS } from '../../../vocabulary.ts';

export const orgUnits = sqliteTable(
	'org_units',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		parentId: integer('parent_id').references((): AnySQLiteColumn => orgUnits.id, { onDelete: 'restrict' }),
		name: text('name').notNull(),
		kind: text('kind', { enum: ORG_UNIT_KINDS }).notNull().default('其他'),
		/** Materialized path of ids such as `/1/4/9/`: a subtree is `path LIKE '/1/4/%'`. */
		path: text('path').notNull().default(''),
		sortOrder: integer('sort_order').notNull().default(0),
		createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().$defaultFn(() => new Date())
	},
	(t) => [uniqueIndex('org_units_parent_name').on(t.parentId, t.name), index('org_units_path').on(t.path)]
);

export type OrgUnit = typeof orgUnits.$inferSelect;
