import path from 'node:path';
import type { CommandParams } from '../../api/index.js';
import { ApiError } from '../../api/index.js';
import { Bitfield } from '../../protocol/bitfield.js';
import { magnetFromMetainfo } from '../../protocol/magnet.js';
import type { Metainfo } from '../../protocol/metainfo.js';
import { createTorrent } from '../create/create-torrent.js';
import { Storage } from '../storage/storage.js';
import type { EventBus } from './event-bus.js';
import type { ResumeData } from './library.js';

export interface CreatedForSeeding {
  metainfo: Metainfo;
  magnet: string;
  /** The folder that holds the shared file or folder: where seeding reads from. */
  savePath: string;
  /** Every piece had, with the files' sizes and times now: seeding starts without hashing twice. */
  resume: ResumeData;
}

/** createTorrent: hashes the file or folder (progress as 'create:progress' events) and prepares seeding in place. */
export async function createAndSeed(
  params: CommandParams<'createTorrent'>,
  defaultTrackers: readonly string[],
  events: EventBus,
): Promise<CreatedForSeeding> {
  const source = path.resolve(params.paths[0]!);
  if (params.seed !== false && params.name !== undefined && params.name !== path.basename(source)) {
    throw new ApiError('bad-request', 'name: a torrent seeded in place must keep the name of its file or folder');
  }
  const jobId = params.jobId;
  const created = await createTorrent(source, {
    announce: params.trackers ?? defaultTrackers.map((t) => [t]),
    ...(params.name === undefined ? {} : { name: params.name }),
    ...(params.webSeeds === undefined ? {} : { webSeeds: params.webSeeds }),
    ...(params.private === undefined ? {} : { private: params.private }),
    ...(params.comment === undefined ? {} : { comment: params.comment }),
    ...(params.source === undefined ? {} : { source: params.source }),
    ...(params.pieceLength === undefined ? {} : { pieceLength: params.pieceLength }),
    onProgress: (p) => {
      if (jobId !== undefined) events.emit('create:progress', { jobId, hashed: p.bytesHashed, total: p.totalBytes });
    },
  });
  const { metainfo } = created;
  const savePath = path.dirname(source);
  const have = new Bitfield(metainfo.info.pieceCount);
  for (let i = 0; i < have.length; i++) have.set(i);
  const storage = await Storage.open(metainfo.info, savePath);
  try {
    return {
      metainfo,
      magnet: magnetFromMetainfo(metainfo),
      savePath,
      resume: { have: have.toBytes(), files: await storage.fileStats() },
    };
  } finally {
    await storage.close();
  }
}
