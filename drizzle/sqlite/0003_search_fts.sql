-- Hand-written (drizzle-kit cannot express virtual tables): the full-text index of search_documents.
-- FTS5 with the trigram tokenizer matches any run of three or more characters, which suits Chinese
-- (no word segmentation needed); shorter queries use LIKE over the same table. The index is an
-- external-content table kept in step with search_documents by triggers.
CREATE VIRTUAL TABLE `search_fts` USING fts5(`title`, `body`, content='search_documents', content_rowid='id', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `search_documents_ai` AFTER INSERT ON `search_documents` BEGIN
	INSERT INTO `search_fts`(rowid, `title`, `body`) VALUES (new.`id`, new.`title`, new.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_ad` AFTER DELETE ON `search_documents` BEGIN
	INSERT INTO `search_fts`(`search_fts`, rowid, `title`, `body`) VALUES ('delete', old.`id`, old.`title`, old.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_documents_au` AFTER UPDATE ON `search_documents` BEGIN
	INSERT INTO `search_fts`(`search_fts`, rowid, `title`, `body`) VALUES ('delete', old.`id`, old.`title`, old.`body`);
	INSERT INTO `search_fts`(rowid, `title`, `body`) VALUES (new.`id`, new.`title`, new.`body`);
END;
