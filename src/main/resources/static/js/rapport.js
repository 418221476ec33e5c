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
