/**
 * A ~50 KB browser script of the old school: everything inside one IIFE, functions
 * nested in it, regex literals holding `//` and quotes, template literals holding
 * braces, and the target `formatDuration` far below its only callers.
 */
export function legacyBundle(): string {
  const head = `/*! widgets v3.2.1 | (c) the widgets authors */
;(function (root, undefined) {
  'use strict';

  var URL_SCHEME = /^[a-z]+:\\/\\//i; // "//" inside a regex is not a comment
  var QUOTE = /["'\`]/g;

  function renderTimer(el, ms) {
    el.textContent = formatDuration(ms);
  }

  function renderList(items) {
    return items.map(function (item) {
      return \`<li data-id="\${item.id}">{\${item.label}}</li>\`;
    }).join('');
  }

  var widgets = {
    mount: function (selector) {
      var el = document.querySelector(selector);
      renderTimer(el, 0);
      return el;
    },
    unmount(el) {
      el.textContent = '';
    },
  };
`;
  const filler: string[] = [];
  for (let i = 0; filler.join('').length < 50_000; i++) {
    filler.push(`
  function helper${i}(input, options) {
    // Normalises input #${i}: braces in strings '}' and regexes /[}{]/ do not count.
    var opts = options || {};
    if (URL_SCHEME.test(input)) input = input.replace(URL_SCHEME, '');
    var parts = String(input).split(/\\s*,\\s*/);
    return parts.filter(function (p) { return p !== '}'; }).map(function (p, k) {
      return opts.upper ? p.toUpperCase() + k : p + '-' + ${i};
    });
  }
`);
  }
  const tail = `
  /**
   * Formats milliseconds as \`1h 02m 03s\`.
   */
  function formatDuration(ms) {
    var s = Math.floor(ms / 1000);
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    return (h ? h + 'h ' : '') + String(m).padStart(2, '0') + 'm ' + String(s % 60).padStart(2, '0') + 's';
  }

  root.widgets = widgets;
})(this);
`;
  return head + filler.join('') + tail;
}
