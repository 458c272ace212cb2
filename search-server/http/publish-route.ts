import type { Request } from 'express';
import { entryFromForm, publish } from '../publish.js';
import { authorize, clientOf, tokenOf, type AppContext } from './context.js';
import { drain, readMultipart, type MultipartForm } from './multipart.js';

const PUBLISH_ROLES = ['publisher', 'admin'] as const;

/**
 * The publish request shared by the web form and the JSON API: rate limit, token (checked before
 * the body is read when it comes in a header), multipart caps, validation, one transaction.
 * `onForm` lets the web form keep what the person typed for re-display when something is refused.
 */
export async function handlePublish(
  ctx: AppContext,
  req: Request,
  onForm: (form: MultipartForm) => void = () => {},
): Promise<{ id: number; infoHash: string }> {
  const early = await beforeBody(ctx, req);
  const form = await readMultipart(req, ctx.config.maxUploadBytes);
  onForm(form);
  const token = early ?? uploader(ctx, form);
  return publish(ctx.db, entryFromForm(form, token?.id));
}

/** Refusals that need no body (rate limit, a bad header token) still drain it, so the client reads the answer. */
async function beforeBody(ctx: AppContext, req: Request) {
  try {
    ctx.publishLimit.take(clientOf(req), 'publish');
    const headerToken = tokenOf(req);
    return headerToken === undefined ? undefined : authorize(ctx, headerToken, PUBLISH_ROLES);
  } catch (e) {
    await drain(req, ctx.config.maxUploadBytes);
    throw e;
  }
}

function uploader(ctx: AppContext, form: MultipartForm) {
  const formToken = form.fields.get('token')?.[0]?.trim() || undefined;
  if (formToken === undefined && ctx.config.anonymousPublish) return undefined;
  return authorize(ctx, formToken, PUBLISH_ROLES);
}
