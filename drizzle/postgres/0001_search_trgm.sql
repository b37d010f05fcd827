-- Hand-written: the full-text index of search_documents on PostgreSQL. pg_trgm (a trusted extension
-- that the database owner may create) indexes every run of three characters, so LIKE '%…%' over
-- Chinese text is served by the GIN index; shorter patterns fall back to a scan, as on SQLite.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_documents_body_trgm" ON "search_documents" USING gin ("body" gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "search_documents_title_trgm" ON "search_documents" USING gin ("title" gin_trgm_ops);
