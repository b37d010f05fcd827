import { error, fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { consoleFolderOf, saveCourseFile } from '$lib/server/content/courses/console';
import { previewMarkdownFile } from '$lib/server/content/courses/preview';
import type { Actions, PageServerLoad } from './$types';

type Problem = { file: string; line?: number; message: string };

const FILE = /^(course|quiz|\d+-[A-Za-z0-9][A-Za-z0-9_-]*)\.md$/;

async function folderAndFile(event: { params: { slug: string; file: string } }) {
	const folder = await consoleFolderOf(db, event.params.slug);
	if (!folder || !FILE.test(event.params.file)) error(404, '没有找到这个文件');
	return { folder, text: folder.entries.find((e) => e.name === event.params.file)?.text ?? null };
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const { text } = await folderAndFile(event);
	if (text === null && event.params.file !== 'quiz.md') error(404, '没有找到这个文件');
	const source = text ?? '---\ntitle: 课程测验\n---\n\n## 单选题 {#q1}\n题干\n\n- [ ] 选项一\n- [x] 选项二\n\n> 解析：\n> 依据：\n';
	return { slug: event.params.slug, file: event.params.file, text: source, isNew: text === null, previewHtml: previewMarkdownFile(source) };
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireAdmin(event);
		await folderAndFile(event);
		const text = String((await event.request.formData()).get('text') ?? '');
		if (text.length > 200_000) return fail(400, { text, problems: [{ file: event.params.file, message: '文件不能超过 20 万字' }] as Problem[] });
		const saved = await saveCourseFile(db, { slug: event.params.slug, file: event.params.file, text: text.replace(/\r\n?/g, '\n'), userId: user.id });
		if (!saved.ok) return fail(400, { text, problems: saved.errors as Problem[] });
		return { saved: true, text };
	},
	preview: async (event) => {
		requireAdmin(event);
		await folderAndFile(event);
		const text = String((await event.request.formData()).get('text') ?? '');
		return { text, previewHtml: previewMarkdownFile(text) };
	}
};
