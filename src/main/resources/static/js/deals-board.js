// Kanban board: drag a card to another column, or focus a card and press Alt+→ / Alt+← (Shift works too) to move it
// to the next or previous stage; the "Move to" select of each card does the same without a mouse. Every move goes
// through POST /deals/{id}/move with the card's version, so a card someone else moved meanwhile is refused (409).
(() => {
  const board = () => document.getElementById('board');
  const say = (text, isError) => {
    const status = document.getElementById('board-status');
    if (!status) return;
    status.textContent = text;
    status.className = isError ? 'alert error' : 'alert ok';
  };
  const columns = () => [...document.querySelectorAll('.board-col')];

  async function move(card, stageId, lostReason) {
    const column = document.querySelector(`.board-col[data-stage-id="${stageId}"]`);
    if (!column || column.dataset.stageId === card.dataset.stageId) return;
    if (column.dataset.outcome === 'LOST' && !lostReason) {
      lostReason = window.prompt(`Why was "${card.dataset.name}" lost?`);
      if (!lostReason) { say('Not moved: a lost deal needs a reason.', true); return; }
    }
    const body = new URLSearchParams({ stageId, version: card.dataset.version, lostReason: lostReason || '' });
    const headers = { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };
    const token = document.querySelector('meta[name="_csrf"]');
    const header = document.querySelector('meta[name="_csrf_header"]');
    if (token && header) headers[header.content] = token.content;
    const response = await fetch(`/deals/${card.dataset.dealId}/move`, { method: 'POST', headers, body });
    const answer = await response.json().catch(() => ({ error: 'The server did not answer' }));
    await refresh(card.id);
    if (response.ok) say(`${card.dataset.name} moved to ${column.dataset.stageName}.`, false);
    else say(`${card.dataset.name} was not moved: ${answer.error}`, true);
  }

  // re-reads the board (counts, sums, versions) and puts the focus back on the moved card
  async function refresh(focusId) {
    const html = await (await fetch(location.pathname, { headers: { 'Accept': 'text/html' } })).text();
    const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('board');
    if (fresh) {
      board().replaceWith(fresh);
      if (window.htmx) htmx.process(fresh);
    }
    document.getElementById(focusId)?.focus();
  }

  document.addEventListener('dragstart', (e) => {
    const card = e.target.closest?.('.deal-card');
    if (!card) return;
    e.dataTransfer.setData('text/plain', card.id);
    card.classList.add('dragging');
  });
  document.addEventListener('dragend', (e) => e.target.closest?.('.deal-card')?.classList.remove('dragging'));
  document.addEventListener('dragover', (e) => {
    const column = e.target.closest?.('.board-col');
    if (!column) return;
    e.preventDefault();
    columns().forEach(c => c.classList.toggle('drop-target', c === column));
  });
  document.addEventListener('drop', (e) => {
    const column = e.target.closest?.('.board-col');
    columns().forEach(c => c.classList.remove('drop-target'));
    if (!column) return;
    e.preventDefault();
    const card = document.getElementById(e.dataTransfer.getData('text/plain'));
    if (card) move(card, column.dataset.stageId);
  });
  document.addEventListener('keydown', (e) => {
    const card = e.target.closest?.('.deal-card');
    if (!card || e.target !== card || !(e.altKey || e.shiftKey)) return;
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const all = columns();
    const at = all.findIndex(c => c.dataset.stageId === card.dataset.stageId);
    const next = all[at + (e.key === 'ArrowRight' ? 1 : -1)];
    if (next) move(card, next.dataset.stageId);
  });
  document.addEventListener('keydown', (e) => {
    // plain arrow keys walk between cards: up/down in a column, left/right across columns
    const card = e.target.closest?.('.deal-card');
    if (!card || e.target !== card || e.altKey || e.shiftKey || e.ctrlKey || e.metaKey) return;
    const all = columns();
    const col = card.closest('.board-col');
    const cards = [...col.querySelectorAll('.deal-card')];
    const i = cards.indexOf(card);
    let target = null;
    if (e.key === 'ArrowDown') target = cards[i + 1];
    if (e.key === 'ArrowUp') target = cards[i - 1];
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      const other = all[all.indexOf(col) + (e.key === 'ArrowRight' ? 1 : -1)];
      const list = other ? [...other.querySelectorAll('.deal-card')] : [];
      target = list[Math.min(i, list.length - 1)];
    }
    if (target) { e.preventDefault(); target.focus(); }
  });
  document.addEventListener('submit', (e) => {
    const form = e.target.closest?.('.move-form');
    if (!form || !board()) return;
    e.preventDefault();
    const card = form.closest('.deal-card');
    move(card, form.elements.stageId.value, form.elements.lostReason?.value);
  });
})();
