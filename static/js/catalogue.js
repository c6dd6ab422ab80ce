/* The catalogue's list refreshes in place: progressive enhancement of a plain GET form.
 *
 * Without this script the form submits and links navigate as usual. With it, ticking a box,
 * changing the sort order, submitting, or following a chip / pagination link fetches the same
 * URL, swaps the catalogue in and records the URL in the history (the back button works).
 * A response that arrives after a newer request was made is dropped.
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
    load(urlOf(event.target), true);
  });

  root.addEventListener("click", function (event) {
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

  window.addEventListener("popstate", function () {
    if (window.location.pathname + window.location.search !== shown) {
      load(window.location.href, false); // not for a mere #fragment
    }
  });
})();
