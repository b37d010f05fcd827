import type { FileKind } from '../../vocabulary.ts';
import type { ZipLimits } from '../uploads/zip.ts';

// Every limit on uploaded files, in one place (README: 上传文件).

/** The most an organizer may allow per file, by kind (MB). BODY_SIZE_LIMIT (20M by default) caps a whole request. */
export const MAX_FILE_MB: Record<FileKind, number> = { docx: 20, image: 20, pdf: 20 };
/** What a new writing collection proposes (MB). */
export const DEFAULT_FILE_MB: Record<FileKind, number> = { docx: 10, image: 10, pdf: 10 };

/** A .docx is a ZIP archive: at most this many entries and this many bytes once inflated. */
export const DOCX_ZIP_LIMITS: ZipLimits = { maxEntries: 2000, maxEntryBytes: 100 * 1024 * 1024, maxTotalBytes: 100 * 1024 * 1024 };

/** Images: decoding stops above this many pixels; the stored copy fits in MAX_EDGE × MAX_EDGE. */
export const IMAGE_MAX_INPUT_PIXELS = 50_000_000;
export const IMAGE_MAX_EDGE = 2400;
export const IMAGE_JPEG_QUALITY = 85;

/** Photos of a study activity (影像资料): each upload at most this size, stored at most this many pixels on the longer edge. */
export const PHOTO_MAX_MB = 20;
export const PHOTO_MAX_EDGE = 1600;
export const MAX_PHOTOS_PER_ACTIVITY = 30;
/** Thumbnails of photos in spreadsheets, longer edge in pixels. */
export const PHOTO_THUMB_EDGE = 240;

/** Files one submission may carry. */
export const MAX_FILES_PER_SUBMISSION = 9;

export const MB = 1024 * 1024;
