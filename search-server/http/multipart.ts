import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { HttpError } from './errors.js';

export interface UploadedFile {
  filename: string;
  bytes: Uint8Array;
}

export interface MultipartForm {
  /** Every text field by name, in arrival order (a name may repeat, e.g. `tags`). */
  fields: Map<string, string[]>;
  torrent?: UploadedFile;
}

const MAX_FIELDS = 40;
const MAX_FIELD_BYTES = 128 * 1024;
/** Past this many bytes beyond the cap the connection is cut instead of drained. */
const DRAIN_SLACK = 16 * 1024 * 1024;

/**
 * Reads a publish form (`multipart/form-data`) with hard caps on body, file and field sizes.
 * Every failure is an HttpError naming the problem. The rest of a refused body is drained (up to
 * a bound) so the client reads the answer instead of a reset connection.
 */
export async function readMultipart(req: IncomingMessage, maxBytes: number): Promise<MultipartForm> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) {
    await drain(req, maxBytes);
    throw new HttpError(415, 'bad-content-type', 'the body must be multipart/form-data with a "torrent" file field');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    await drain(req, maxBytes);
    throw tooLarge(maxBytes);
  }
  try {
    return await parse(req, maxBytes);
  } catch (e) {
    await drain(req, maxBytes);
    throw e;
  }
}

function parse(req: IncomingMessage, maxBytes: number): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fileSize: maxBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 },
      });
    } catch (e) {
      reject(new HttpError(400, 'bad-multipart', `malformed multipart request: ${(e as Error).message}`));
      return;
    }
    const form: MultipartForm = { fields: new Map() };
    let failure: HttpError | undefined;
    const fail = (error: HttpError) => {
      failure ??= error;
    };
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated)
        fail(new HttpError(413, 'field-too-large', `field "${name}" is over ${MAX_FIELD_BYTES} bytes`));
      form.fields.set(name, [...(form.fields.get(name) ?? []), value]);
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'torrent') {
        stream.resume();
        fail(new HttpError(400, 'unexpected-file', `unexpected file field "${name}"; send the .torrent as "torrent"`));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge(maxBytes)));
      stream.on('error', (e: Error) =>
        fail(new HttpError(400, 'bad-multipart', `malformed multipart body: ${e.message}`)),
      );
      stream.on('end', () => {
        form.torrent = { filename: info.filename ?? '', bytes: Buffer.concat(chunks) };
      });
    });
    bb.on('filesLimit', () => fail(new HttpError(400, 'too-many-files', 'send exactly one .torrent file')));
    bb.on('fieldsLimit', () => fail(new HttpError(413, 'too-many-fields', `more than ${MAX_FIELDS} form fields`)));
    bb.on('partsLimit', () => fail(new HttpError(413, 'too-many-fields', `more than ${MAX_FIELDS} form parts`)));
    bb.on('error', (e: Error) =>
      reject(failure ?? new HttpError(400, 'bad-multipart', `malformed multipart body: ${e.message}`)),
    );
    bb.on('close', () => (failure ? reject(failure) : resolve(form)));
    req.on('error', (e) => reject(new HttpError(400, 'bad-multipart', `upload interrupted: ${e.message}`)));
    req.pipe(bb);
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'too-large', `the upload is larger than the limit of ${maxBytes} bytes`);
}

/** Reads and discards what is left of a refused body, cutting the connection past a bound. */
export function drain(req: IncomingMessage, maxBytes: number): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  req.unpipe();
  return new Promise((resolve) => {
    let seen = 0;
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes + DRAIN_SLACK) {
        req.socket.destroy();
        resolve();
      }
    });
    req.on('end', resolve);
    req.on('close', resolve);
    req.resume();
  });
}
