// A quiet reconnect bar: Blazor puts classes on #components-reconnect-modal; when the server
// no longer knows the circuit, reload so the screen is current again.
(() => {
    const bar = document.getElementById('components-reconnect-modal');
    if (!bar) return;
    new MutationObserver(() => {
        if (bar.classList.contains('components-reconnect-rejected') || bar.classList.contains('components-reconnect-failed')) {
            setTimeout(() => location.reload(), 1000);
        }
    }).observe(bar, { attributes: true, attributeFilter: ['class'] });
})();
