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

// A failed circuit shows #blazor-error-ui. blazor.web.js shows it itself, but it can lose a race with the closing
// connection (the page's markup is then put back, bar hidden) and leave a dead screen that looks alive. The line it
// always logs for such a failure marks the page failed, and the bar stays shown whatever is put back.
(() => {
    let failed = false;
    const show = () => {
        const ui = document.getElementById('blazor-error-ui');
        if (ui && ui.style.display !== 'block') ui.style.display = 'block';
    };
    const logError = console.error.bind(console);
    console.error = (...args) => {
        logError(...args);
        if (args.some(a => typeof a === 'string' && a.includes('unhandled exception on the current circuit'))) { failed = true; show(); }
    };
    new MutationObserver(() => { if (failed) show(); })
        .observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });
})();

// The failed-circuit bar's Reload reloads this very screen (its link says "/" for when scripts are off).
document.addEventListener('click', e => {
    if (!(e.target.closest && e.target.closest('#blazor-error-ui .reload'))) return;
    e.preventDefault();
    location.reload();
});

// Sign-in page, demo mode: clicking a demo account fills the form.
document.addEventListener('click', e => {
    const b = e.target.closest && e.target.closest('[data-fill-email]');
    if (!b) return;
    document.getElementById('email').value = b.dataset.fillEmail;
    document.getElementById('password').value = b.dataset.fillPassword;
    document.getElementById('password').focus();
});

// Keyboard: "n" starts a new item where the screen offers one; "/" focuses the top bar's search (else the screen's).
document.addEventListener('keydown', e => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (e.key === 'Escape') {
        // Esc closes the deal drawer, unless a dialog, an open menu or picker, or the top bar's search takes it first.
        if (document.querySelector('.mud-dialog-container, .mud-popover-open')) return;
        if (t && t.closest && t.closest('.global-search')) return;
        // In a field of the drawer the first Esc only leaves the field (what was typed is kept); the next one closes.
        if (t && t.closest && t.closest('.deal-drawer') && ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName)) { e.preventDefault(); t.blur(); return; }
        const close = document.querySelector('[data-testid=deal-drawer-close]');
        if (close) { e.preventDefault(); close.click(); }
        return;
    }
    if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
    if (e.key === 'n') {
        const add = document.querySelector('[data-testid=new-deal], [data-testid=new-lesson]');
        if (add) { e.preventDefault(); add.click(); }
    } else if (e.key === '/') {
        const search = document.querySelector('input[data-shortcut=global-search]')
            || document.querySelector('[data-shortcut=search] input, input[data-shortcut=search]');
        if (search) { e.preventDefault(); search.focus(); }
    }
});

// Schedule: the day grid scrolls itself to "now" or the first lesson (a pixel per minute).
window.studioScrollGrid = (el, top) => { if (el) el.scrollTop = top; };

// The top bar's branch, kept for a reload and a new tab (a year; "" forgets it).
window.studioKeepBranch = id => {
    document.cookie = 'studio.branch=' + encodeURIComponent(id || '') + '; path=/; max-age=' + (id ? 31536000 : 0) + '; samesite=lax';
};

// Drafts of what is being typed in dialogs and drawers, per browser tab: they outlive a reconnect, a reload or a node restart.
window.studioDrafts = {
    get: key => { try { return sessionStorage.getItem('studio-draft:' + key); } catch { return null; } },
    set: (key, json) => { try { sessionStorage.setItem('studio-draft:' + key, json); } catch { /* full or off: nothing kept */ } },
    remove: key => { try { sessionStorage.removeItem('studio-draft:' + key); } catch { } },
};

// Board: a column shows its first cards; scrolled near its end it asks for the next ones (its "more" button,
// which a keyboard user can press too). Drop targets light up while a card is dragged over them.
document.addEventListener('scroll', e => {
    const list = e.target;
    if (!list.classList || !list.classList.contains('stage-drop')) return;
    if (list.scrollTop + list.clientHeight < list.scrollHeight - 200) return;
    const more = list.querySelector(':scope > [data-testid=column-more]');
    const shown = String(list.querySelectorAll(':scope > .deal-card').length);
    if (more && more.dataset.asked !== shown) { more.dataset.asked = shown; more.click(); }
}, true);
for (const [type, on] of [['dragenter', true], ['dragleave', false], ['drop', false]]) {
    document.addEventListener(type, e => {
        const zone = e.target.closest && e.target.closest('[data-testid=stage-column]');
        if (!zone) return;
        if (type === 'dragleave' && zone.contains(e.relatedTarget)) return;
        zone.classList.toggle('drag-over', on);
    });
}
document.addEventListener('dragend', () => document.querySelectorAll('.drag-over').forEach(z => z.classList.remove('drag-over')));
