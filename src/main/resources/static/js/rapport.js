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
  if (event.key === 'ArrowDown' && document.activeElement.id === 'global-search') {
    event.preventDefault();
    document.querySelector('#search-results a')?.focus();
  }
});
document.addEventListener('change', (event) => {
  // column chooser and filter selects submit their form at once
  if (event.target.matches('[data-autosubmit]')) event.target.form.requestSubmit();
});
