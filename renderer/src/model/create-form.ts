import {
  createTorrentParams,
  publishParams,
  type CreateTorrentParams,
  type PublishParams,
} from '../../../core/api/index.js';
import { checkParams, lines, type FormCheck } from './form-check.js';

export interface CreateForm {
  /** The file or folder on the engine's machine. */
  path: string;
  /** Empty: the base name of the path. */
  name: string;
  /** One tier per line; the URLs of one tier separated by spaces. Empty: the trackers setting. */
  trackers: string;
  private: boolean;
  comment: string;
  /** Seed from where the files are, at once. */
  seed: boolean;
}
export type CreateField = keyof CreateForm;

export const EMPTY_CREATE_FORM: CreateForm = {
  path: '',
  name: '',
  trackers: '',
  private: false,
  comment: '',
  seed: true,
};

export function trackerTiers(text: string): string[][] {
  return lines(text).map((line) => line.split(/\s+/));
}

const createField = (key: string): CreateField => (key === 'paths' ? 'path' : (key as CreateField));

export function createRequest(form: CreateForm, jobId: string): FormCheck<CreateTorrentParams, CreateField> {
  const tiers = trackerTiers(form.trackers);
  const params: CreateTorrentParams = {
    paths: [form.path.trim()],
    ...(form.name.trim() === '' ? {} : { name: form.name.trim() }),
    ...(tiers.length === 0 ? {} : { trackers: tiers }),
    ...(form.private ? { private: true } : {}),
    ...(form.comment.trim() === '' ? {} : { comment: form.comment.trim() }),
    seed: form.seed,
    jobId,
  };
  return checkParams(createTorrentParams, params, createField);
}

export interface PublishForm {
  /** Empty: the torrent's name. */
  title: string;
  /** A Torznab id as text; empty: Other (8000). */
  category: string;
  description: string;
  /** Comma-separated. */
  tags: string;
}
export type PublishField = keyof PublishForm;

export const EMPTY_PUBLISH_FORM: PublishForm = { title: '', category: '', description: '', tags: '' };

export function publishRequest(infoHash: string, form: PublishForm): FormCheck<PublishParams, PublishField> {
  const tags = form.tags
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const params: PublishParams = {
    infoHash,
    ...(form.title.trim() === '' ? {} : { title: form.title.trim() }),
    ...(form.category === '' ? {} : { category: Number(form.category) }),
    ...(form.description.trim() === '' ? {} : { description: form.description.trim() }),
    ...(tags.length === 0 ? {} : { tags }),
  };
  return checkParams(publishParams, params, (key) => (key === 'infoHash' ? 'title' : (key as PublishField)));
}
