/**
 * What the content library accepts, per asset_type: MIME types (each with its
 * file extension) and a size ceiling. The same table serves three checks: the
 * upload request (declared type and size), the presigned POST policy (S3
 * enforces size and Content-Type in AWS) and the ingest of the stored object
 * (real size and sniffed type), because local S3 does not enforce the policy
 * and a browser can lie about Content-Type anyway.
 *
 * Only types whose first bytes identify them (magic numbers, see sniff.ts) are
 * listed: an entry we could not verify at ingest would be trust in a label.
 */

export const ASSET_TYPES = ['image', 'video', 'document', 'audio', 'pdf', '3d_tour'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

const MB = 1024 * 1024;
const GB = 1024 * MB;

export interface AllowedType {
  /** MIME type -> the extension given to the stored object's name. */
  readonly mimeTypes: Readonly<Record<string, string>>;
  readonly maxBytes: number;
}

export const ALLOW_LIST: Readonly<Record<AssetType, AllowedType>> = {
  image: {
    mimeTypes: { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/avif': 'avif' },
    maxBytes: 25 * MB,
  },
  video: { mimeTypes: { 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/webm': 'webm' }, maxBytes: 2 * GB },
  audio: {
    mimeTypes: { 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/wav': 'wav', 'audio/ogg': 'ogg', 'audio/flac': 'flac' },
    maxBytes: 200 * MB,
  },
  // Office files are ZIP containers: their magic number says "zip", which is what sniffing checks (see sniff.ts).
  document: {
    mimeTypes: {
      'application/pdf': 'pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
    },
    maxBytes: 100 * MB,
  },
  pdf: { mimeTypes: { 'application/pdf': 'pdf' }, maxBytes: 100 * MB },
  // A packaged virtual tour (zip of panoramas and a viewer manifest) or a single equirectangular panorama.
  '3d_tour': { mimeTypes: { 'application/zip': 'zip', 'image/jpeg': 'jpg' }, maxBytes: 1 * GB },
};

export interface Violation {
  /** Field path for a 422 (`body.mime_type`); for ingest only the message matters. */
  path: string;
  message: string;
}

export function allowedMimeTypes(type: AssetType): string[] {
  return Object.keys(ALLOW_LIST[type].mimeTypes);
}

export function extensionFor(type: AssetType, mime: string): string | undefined {
  return ALLOW_LIST[type].mimeTypes[mime];
}

/** The upload request: the declared MIME type is allowed for the asset type and the size fits. */
export function checkDeclared(type: AssetType, mime: string, sizeBytes: number): Violation[] {
  const errors: Violation[] = [];
  if (!extensionFor(type, mime)) {
    errors.push({ path: 'body.mime_type', message: `${type} accepts ${allowedMimeTypes(type).join(', ')}` });
  }
  const max = ALLOW_LIST[type].maxBytes;
  if (sizeBytes > max) errors.push({ path: 'body.size_bytes', message: `${type} files are at most ${max} bytes` });
  return errors;
}

export interface StoredObject {
  sizeBytes: number;
  /** From the first bytes; null when no known signature matched. */
  sniffedMime: string | null;
}

export interface Declared {
  assetType: AssetType;
  mime: string;
  sizeBytes: number;
}

/**
 * The ingest check, in the order a person would want to hear it. Returns the
 * reason the object is refused, or null when it is exactly what was declared.
 * The presigned POST bound both size and Content-Type to the declaration, so
 * any difference means the policy was not enforced (local S3) or was bypassed.
 */
export function checkStored(declared: Declared, object: StoredObject): string | null {
  const max = ALLOW_LIST[declared.assetType].maxBytes;
  if (object.sizeBytes === 0) return 'the object is empty';
  if (object.sizeBytes > max) return `the object is ${object.sizeBytes} bytes; ${declared.assetType} files are at most ${max} bytes`;
  if (object.sizeBytes !== declared.sizeBytes) {
    return `the object is ${object.sizeBytes} bytes but the upload declared ${declared.sizeBytes}`;
  }
  if (object.sniffedMime === null) return `the content is not a recognised ${declared.assetType} format (declared ${declared.mime})`;
  if (object.sniffedMime !== declared.mime) return `the content is ${object.sniffedMime} but the upload declared ${declared.mime}`;
  return null;
}
