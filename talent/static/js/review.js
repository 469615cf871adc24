/* Keyboard shortcuts of a match run's review list (matching/review/templates/matching/run.html).
 *
 * With the focus anywhere in a candidate's row (an element marked `data-review-row`), S, R and N submit
 * that row's quick-decision form marked `data-shortcut="s"`, "r" or "n": the very form its button sends, so
 * the server applies the same rules (a "not a fit" without a reason comes back with the question). Keys
 * typed in a field, with a modifier (Ctrl, Alt, Meta), or while the shortcuts are switched off do nothing.
 *
 * Progressive enhancement: without this file the buttons work and the help stays hidden. The help
 * (#review-shortcuts) is shown here, with a switch to turn the shortcuts off (WCAG 2.1.4), remembered in
 * localStorage. Strict CSP: no inline script, nothing evaluated.
 */
(function () {
  "use strict";

  var KEYS = { s: true, r: true, n: true };
  var STORE = "review-shortcuts";
  var FIELDS = /^(TEXTAREA|SELECT|GCDS-INPUT|GCDS-TEXTAREA|GCDS-SELECT|GCDS-DATE-INPUT)$/;
  // Inputs that take no text: a key pressed on them may be a shortcut (the row's checkbox above all).
  var NOT_TEXT = /^(checkbox|radio|button|submit|reset|image|range|color|file)$/;

  function stored() {
    try {
      return window.localStorage.getItem(STORE);
    } catch (error) {
      return null;
    }
  }

  function store(value) {
    try {
      window.localStorage.setItem(STORE, value);
    } catch (error) {
      /* private browsing: the switch lasts for this page only */
    }
  }

  // True when the key was pressed in something that takes text: a field (in a component's shadow DOM
  // too, hence the composed path) or an editable element.
  function typing(event) {
    var path = typeof event.composedPath === "function" ? event.composedPath() : [event.target];
    return path.some(function (node) {
      if (!node || node.nodeType !== 1) {
        return false;
      }
      if (node.tagName === "INPUT") {
        return !NOT_TEXT.test((node.getAttribute("type") || "text").toLowerCase());
      }
      return FIELDS.test(node.tagName) || node.isContentEditable;
    });
  }

  // The row holding the focus: the focused element (or the component whose shadow DOM holds it).
  function focusedRow() {
    var active = document.activeElement;
    return active && typeof active.closest === "function" ? active.closest("[data-review-row]") : null;
  }

  function submit(form) {
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  // Focus ``element`` once the page's components are drawn (until then they are hidden, and nothing in
  // them takes the focus): tried again for a few seconds, unless the person has moved the focus meanwhile.
  function focusWhenShown(element, tries) {
    element.focus({ preventScroll: true });
    var idle = document.activeElement === document.body || document.activeElement === null;
    if (document.activeElement !== element && idle && tries > 0) {
      window.setTimeout(function () {
        focusWhenShown(element, tries - 1);
      }, 100);
    }
  }

  function start() {
    var help = document.getElementById("review-shortcuts");
    if (!help || !document.querySelector("[data-review-row]")) {
      return;
    }
    var on = stored() !== "off";
    var toggle = document.getElementById("shortcuts-on");
    help.hidden = false;
    if (toggle) {
      toggle.checked = on;
      toggle.addEventListener("change", function () {
        on = toggle.checked;
        store(on ? "on" : "off");
      });
    }

    document.addEventListener("keydown", function (event) {
      if (!on || event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.repeat) {
        return;
      }
      var key = (event.key || "").toLowerCase();
      if (!KEYS[key] || typing(event)) {
        return;
      }
      var row = focusedRow();
      var form = row && row.querySelector('form[data-shortcut="' + key + '"]');
      if (!form) {
        return;
      }
      event.preventDefault();
      submit(form);
    });

    // Back from a decision (the page comes back at #candidate-N): the focus returns to that row's
    // checkbox, so the next key acts on the same row.
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.hasAttribute("data-review-row")) {
      var first = target.querySelector("input[type=checkbox]");
      if (first) {
        focusWhenShown(first, 30);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
