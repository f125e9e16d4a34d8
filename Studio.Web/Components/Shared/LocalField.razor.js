// True when the browser holds a date or time it cannot turn into a value (half typed): its value is then "".
export function badInput(id) {
    const input = document.querySelector(`input[data-local-field="${id}"]`);
    return !!input && input.validity.badInput;
}
