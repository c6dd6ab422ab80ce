/* The catalogue's list refreshes in place: progressive enhancement of a plain GET form.
 *
 * Without this script the form submits and links navigate as usual. With it, ticking a box,
 * changing the sort order, submitting, or following a chip / pagination link fetches the same
 * URL, swaps the catalogue in and records the URL in the history (the back button works).
 * A response that arrives after a newer request was made is dropped.
 *
 * On a phone the filters wait behind « Filtrer (n) »: without this script the link opens them
 * as its :target; with it they open as a modal panel that keeps the focus inside, closes on
 * Escape or « Fermer », stays open while boxes are ticked and closes when the form is sent.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-catalogue]");
  if (!root || !window.fetch || !window.history || !window.history.pushState || !window.DOMParser) {
    return;
  }
  var status = document.querySelector("[data-catalogue-status]");
  var latest = 0;
  var shown = window.location.pathname + window.location.search;
  var panelOpen = false;
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select";

  function panel() {
    return root.querySelector("[data-filters-panel]");
  }

  function showPanel() {
    var element = panel();
    if (!element) {
      return;
    }
    element.classList.add("is-open");
    element.setAttribute("role", "dialog");
    element.setAttribute("aria-modal", "true");
    element.setAttribute("aria-labelledby", "filtres");
    document.documentElement.classList.add("filters-open");
  }

  function openPanel() {
    panelOpen = true;
    showPanel();
    var heading = panel() && panel().querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  function closePanel(returnFocus) {
    panelOpen = false;
    var element = panel();
    if (element) {
      element.classList.remove("is-open");
      element.removeAttribute("role");
      element.removeAttribute("aria-modal");
      element.removeAttribute("aria-labelledby");
    }
    document.documentElement.classList.remove("filters-open");
    var opener = root.querySelector("[data-filters-open]");
    if (returnFocus && opener) {
      opener.focus();
    }
  }

  function keepFocusInPanel(event) {
    var controls = Array.prototype.filter.call(panel().querySelectorAll(FOCUSABLE), function (el) {
      return el.offsetParent !== null;
    });
    if (!controls.length) {
      return;
    }
    var first = controls[0];
    var last = controls[controls.length - 1];
    if (event.shiftKey && (document.activeElement === first || !panel().contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function form() {
    return root.querySelector("form");
  }

  function urlOf(formElement) {
    var params = new URLSearchParams();
    new FormData(formElement).forEach(function (value, name) {
      if (typeof value === "string" && value.trim() !== "") {
        params.append(name, value);
      }
    });
    var query = params.toString();
    return formElement.action.split("?")[0] + (query ? "?" + query : "");
  }

  function load(url, push) {
    var request = ++latest;
    root.setAttribute("aria-busy", "true");
    return fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        if (request !== latest) {
          return; // a newer request is on its way
        }
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-catalogue]");
        if (!fresh) {
          throw new Error("no catalogue in the response");
        }
        var focusedId = document.activeElement && document.activeElement.id;
        root.replaceChildren.apply(root, Array.prototype.slice.call(fresh.childNodes));
        if (panelOpen) {
          showPanel(); // the fresh panel replaces the open one
        }
        document.title = page.title;
        if (push) {
          window.history.pushState({ catalogue: true }, "", url);
        }
        shown = window.location.pathname + window.location.search;
        var focused = focusedId && document.getElementById(focusedId);
        if (focused && root.contains(focused)) {
          focused.focus();
        }
        var count = root.querySelector("[data-catalogue-count]");
        if (status && count) {
          status.textContent = count.textContent;
        }
        root.removeAttribute("aria-busy");
      })
      .catch(function () {
        if (request === latest) {
          window.location.assign(url); // let the server answer the ordinary way
        }
      });
  }

  root.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches("input[type=checkbox], select")) {
      load(urlOf(form()), true);
    }
  });

  root.addEventListener("submit", function (event) {
    event.preventDefault();
    var fromPanel = panelOpen;
    closePanel(false);
    load(urlOf(event.target), true).then(function () {
      var results = fromPanel && document.getElementById("resultats");
      if (results) {
        results.focus();
      }
    });
  });

  root.addEventListener("click", function (event) {
    if (event.target.closest("[data-filters-open]")) {
      event.preventDefault();
      openPanel();
      return;
    }
    if (event.target.closest("[data-filters-close]")) {
      event.preventDefault();
      closePanel(true);
      return;
    }
    var link = event.target.closest("a[data-catalogue-link], .pagination a");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return;
    }
    event.preventDefault();
    load(link.href, true).then(function () {
      var results = document.getElementById("resultats");
      if (results) {
        results.focus();
      }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (!panelOpen) {
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      closePanel(true);
    } else if (event.key === "Tab") {
      keepFocusInPanel(event);
    }
  });

  window.addEventListener("popstate", function () {
    if (window.location.pathname + window.location.search !== shown) {
      load(window.location.href, false); // not for a mere #fragment
    }
  });
})();
