import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { parseForm } from '$lib/server/forms';
import { createRegulationDraft, previewRegulationDraft, previewToc, publishRegulationDraft } from '$lib/server/content/regulations/console';
import { renderRegulationText } from '$lib/server/content/regulations/load';
import { REGULATION_STATUSES } from '$lib/vocabulary';
import type { Actions, PageServerLoad } from './$types';

const PublishForm = z.object({
	draft: z.string().regex(/^[a-z0-9]{20}$/, { error: '草稿无效，请重新上传' }),
	title: z.string({ error: '请填写标题' }).trim().min(1, '请填写标题').max(200, '标题不能超过 200 个字'),
	edition: z.string().trim().max(100, '版本不能超过 100 个字').default(''),
	issuer: z.string().trim().max(100, '发布机关不能超过 100 个字').default(''),
	effectiveDate: z.string().trim().regex(/^(\d{4}-\d{2}-\d{2})?$/, { error: '施行日期应为 2024-01-01 这样的日期' }).default(''),
	status: z.enum(REGULATION_STATUSES, { error: '请选择状态' }),
	slug: z.string({ error: '请填写标识' }).trim().min(1, '请填写标识').max(80, '标识不能超过 80 个字符')
});

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	const hints = { slug: event.url.searchParams.get('slug') ?? '', title: event.url.searchParams.get('title') ?? '' };
	const token = event.url.searchParams.get('draft');
	if (!token) return { hints, preview: null };
	const preview = await previewRegulationDraft(db, token);
	if (!preview) return { hints, preview: null, expired: true };
	const { parsed } = preview;
	const article = (a: (typeof parsed.articles)[number] | undefined) => a && { label: a.label, html: renderRegulationText(a.body, preview.format === 'Markdown') };
	return {
		hints,
		preview: {
			token,
			title: parsed.meta.title,
			originalName: preview.originalName,
			format: preview.format,
			counts: preview.counts,
			numbering: parsed.numbering,
			toc: previewToc(parsed),
			first: article(parsed.articles[0]),
			last: article(parsed.articles.at(-1)),
			appendices: parsed.appendices.map((a) => a.title),
			warnings: parsed.warnings,
			errors: parsed.errors,
			suggested: { ...preview.suggested, slug: preview.suggested.slug || hints.slug, title: preview.suggested.title || hints.title }
		}
	};
};

export const actions: Actions = {
	upload: async (event) => {
		const user = requireAdmin(event);
		const form = await event.request.formData();
		const file = form.get('file');
		const text = String(form.get('text') ?? '');
		const hasFile = file instanceof File && file.size > 0;
		const draft = await createRegulationDraft(db, hasFile ? { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, userId: user.id } : { text, userId: user.id });
		if (!draft.ok) return fail(400, { uploadError: draft.message });
		const next = new URLSearchParams({ draft: draft.token });
		for (const k of ['slug', 'title']) if (form.get(k)) next.set(k, String(form.get(k)));
		redirect(303, `/admin/content/regulations/new?${next}`);
	},
	publish: async (event) => {
		const user = requireAdmin(event);
		const submitted = await event.request.formData();
		const form = parseForm(PublishForm, submitted);
		if (!form.ok) return fail(400, { errors: form.errors, values: form.values });
		const { draft, ...meta } = form.data;
		const result = await publishRegulationDraft(db, draft, meta, user.id);
		if (!result.ok) {
			const values = Object.fromEntries([...submitted].map(([k, v]) => [k, String(v)]));
			if (result.field) return fail(400, { errors: { [result.field]: result.errors[0].message }, values });
			return fail(400, { errors: {}, values, problems: result.errors });
		}
		redirect(303, `/regulations/${encodeURIComponent(result.slug)}`);
	}
};
