import { strToU8, zipSync } from 'fflate';

// Small real files for tests: a minimal Word document and forgeries of one.

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal .docx whose body is the given paragraphs (the first one styled as a heading). */
export function makeDocx(paragraphs: string[], extra: Record<string, Uint8Array> = {}): Uint8Array {
	const body = paragraphs
		.map((p, i) => (i === 0 ? `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${escapeXml(p)}</w:t></w:r></w:p>` : `<w:p><w:r><w:t>${escapeXml(p)}</w:t></w:r></w:p>`))
		.join('');
	const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
	return zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES), '_rels/.rels': strToU8(RELS), 'word/document.xml': strToU8(document), ...extra });
}

/** A Windows executable's first bytes, as a file renamed to .docx would carry them. */
export function fakeExecutable(size = 4096): Uint8Array {
	const bytes = new Uint8Array(size);
	bytes.set([0x4d, 0x5a, 0x90, 0x00, 0x03]);
	bytes.set(strToU8('This program cannot be run in DOS mode.'), 0x4e);
	return bytes;
}

/** A ZIP that is a .docx in name only: right entries, but one entry inflates to far more than it declares. */
export function zipBombDocx(inflatedBytes: number): Uint8Array {
	return makeDocx(['炸弹'], { 'word/media/filler.bin': new Uint8Array(inflatedBytes) });
}
