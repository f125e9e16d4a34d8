// Blazor's JavaScript initializer for Studio.Web (blazor.web.js loads it by this file name).
// The board's columns listen for their cards' events once per column instead of once per card (ADR-008):
// each event carries the card's deal id, read from the element here.

let dragged = null; // the deal id of the card being dragged, from its dragstart until after its drop

document.addEventListener('dragstart', e => {
    const card = e.target instanceof Element ? e.target.closest('.deal-card') : null;
    dragged = card ? card.dataset.dealId : null;
}, true);
document.addEventListener('dragend', () => setTimeout(() => { dragged = null; }), true);

const cardOf = e => {
    const card = e.target instanceof Element ? e.target.closest('.deal-card') : null;
    return card ? card.dataset.dealId : null;
};

// Before Blazor starts, so the columns' first interactive render already attaches these events.
export function beforeWebStart() {
    const blazor = globalThis.Blazor;
    blazor.registerCustomEventType('cardclick', { browserEventName: 'click', createEventArgs: e => ({ dealId: cardOf(e) }) });
    blazor.registerCustomEventType('cardkey', {
        browserEventName: 'keydown',
        createEventArgs: e => ({ dealId: cardOf(e), key: e.key, shiftKey: e.shiftKey }),
    });
    blazor.registerCustomEventType('carddrop', { browserEventName: 'drop', createEventArgs: () => ({ dealId: dragged }) });
}
