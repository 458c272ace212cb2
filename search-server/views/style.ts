/**
 * The one stylesheet, kept as a module so it ships inside `dist/` with the code (tsc copies no
 * .css files) and is served from memory at /static/style.css. No inline styles anywhere: the
 * Content-Security-Policy allows only this file.
 */
export const STYLESHEET = `
:root { --fg: #1b1f24; --muted: #4d5560; --bg: #ffffff; --accent: #0b5cad; --line: #d0d6de; --soft: #f3f5f8; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e8ebef; --muted: #b3bac4; --bg: #14171b; --accent: #7db7ff; --line: #3a414b; --soft: #1e2329; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px;
}
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
header { border-bottom: 1px solid var(--line); padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
header nav { display: flex; gap: 1rem; align-items: center; }
.brand { font-weight: 700; text-decoration: none; font-size: 1.15rem; }
form.search { display: flex; gap: .5rem; flex: 1 1 20rem; align-items: center; }
form.search input { flex: 1; min-width: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
footer { max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: var(--muted); font-size: .9rem; }
input, select, textarea, button { font: inherit; color: inherit; background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: .35rem .5rem; }
button, .button { background: var(--accent); color: var(--bg); border: 0; cursor: pointer; text-decoration: none; display: inline-block; padding: .45rem .9rem; border-radius: 4px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
.title, h1, .tree, main ul { overflow-wrap: anywhere; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; background: var(--soft); padding: .75rem; border-radius: 6px; margin-bottom: 1rem; }
.filters label, .publish label { display: flex; flex-direction: column; font-size: .9rem; gap: .2rem; }
.publish { display: grid; gap: 1rem; max-width: 40rem; }
.description { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--soft); padding: .75rem; border-radius: 6px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.magnet { width: 100%; font-family: ui-monospace, monospace; font-size: .85rem; }
.tree, .tree ul { list-style: none; padding-left: 1.1rem; margin: 0; }
.tree { padding-left: 0; }
.size { color: var(--muted); font-size: .9rem; margin-left: .5rem; }
.error { border-left: 4px solid #c62828; padding: .5rem 1rem; background: var(--soft); }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
.muted { color: var(--muted); }
@media (max-width: 40rem) {
  th.hide-narrow, td.hide-narrow { display: none; }
  dl.facts { grid-template-columns: 1fr; }
}
`;
