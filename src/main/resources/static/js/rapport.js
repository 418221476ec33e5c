// Send the CSRF token with every htmx request, and give the keyboard a few shortcuts.
document.addEventListener('htmx:configRequest', (event) => {
  const token = document.querySelector('meta[name="_csrf"]');
  const header = document.querySelector('meta[name="_csrf_header"]');
  if (token && header) event.detail.headers[header.content] = token.content;
});
document.addEventListener('keydown', (event) => {
  const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName);
  if (event.key === '/' && !typing) {
    event.preventDefault();
    document.getElementById('global-search')?.focus();
  }
  if (event.key === 'Escape') {
    const results = document.getElementById('search-results');
    if (results) results.innerHTML = '';
  }
  // arrow keys walk the search results; Enter opens the focused one
  const results = [...document.querySelectorAll('#search-results a')];
  const at = results.indexOf(document.activeElement);
  if (event.key === 'ArrowDown' && (document.activeElement.id === 'global-search' || at >= 0)) {
    event.preventDefault();
    results[Math.min(at + 1, results.length - 1)]?.focus();
  }
  if (event.key === 'ArrowUp' && at >= 0) {
    event.preventDefault();
    if (at === 0) document.getElementById('global-search').focus(); else results[at - 1].focus();
  }
});
document.addEventListener('change', (event) => {
  // column chooser and filter selects submit their form at once
  if (event.target.matches('[data-autosubmit]')) event.target.form.requestSubmit();
});
document.addEventListener('submit', (event) => {
  // forms with data-confirm ask first (deactivate, reset password, revoke)
  const message = event.target.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});
document.addEventListener('click', (event) => {
  // copy buttons for one-time secrets: <button data-copy="#id">
  const button = event.target.closest('[data-copy]');
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  navigator.clipboard?.writeText(source.textContent.trim()).then(() => {
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  });
});
document.addEventListener('DOMContentLoaded', () => {
  // a page rendered from a POST (showing a one-time secret) becomes a plain GET on reload, so nothing is re-submitted
  const url = document.body.dataset.replaceUrl;
  if (url) history.replaceState(null, '', url);
});
