import { formatBytes } from '../../core/protocol/units.js';
import { html, type SafeHtml } from './html.js';

interface Folder {
  folders: Map<string, Folder>;
  files: { name: string; length: number }[];
}

/** Shown files at most; a torrent can list 100,000 and the page must stay small. */
const MAX_SHOWN = 2000;

/** The file list as nested folders (<details> opens and closes without JavaScript). */
export function fileTree(rootName: string, files: readonly { path: string[]; length: number }[]): SafeHtml {
  const root: Folder = { folders: new Map(), files: [] };
  for (const file of files.slice(0, MAX_SHOWN)) {
    let folder = root;
    for (const element of file.path.slice(0, -1)) {
      let child = folder.folders.get(element);
      if (!child) {
        child = { folders: new Map(), files: [] };
        folder.folders.set(element, child);
      }
      folder = child;
    }
    folder.files.push({ name: file.path[file.path.length - 1]!, length: file.length });
  }
  const single = files.length === 1 && files[0]!.path.length === 1;
  const tree = single
    ? html`<ul class="tree">
        ${entries(root)}
      </ul>`
    : html`<ul class="tree">
        <li>
          <details open>
            <summary><bdi>${rootName}</bdi>/</summary>
            <ul>
              ${entries(root)}
            </ul>
          </details>
        </li>
      </ul>`;
  const more = files.length > MAX_SHOWN ? html`<p class="muted">and ${files.length - MAX_SHOWN} more files</p>` : '';
  return html`${tree}${more}`;
}

function entries(folder: Folder): SafeHtml {
  return html`${[...folder.folders].map(
    ([name, child]) =>
      html`<li>
        <details open>
          <summary><bdi>${name}</bdi>/</summary>
          <ul>
            ${entries(child)}
          </ul>
        </details>
      </li>`,
  )}${folder.files.map((f) => html`<li><bdi>${f.name}</bdi><span class="size">${formatBytes(f.length)}</span></li>`)}`;
}
