/* A sheet's « Imprimer » and « Partager »: progressive enhancement.
 *
 * Without this script the print button stays hidden and a hint names the browser's command;
 * « Partager » is a mailto: link. With it, the button prints, and « Partager » copies the
 * page's address, says so, and falls back to the e-mail when the browser refuses to copy.
 * The printout's date is the day of printing, not that of the page's rendering.
 */
(function () {
  "use strict";

  var printButton = document.querySelector("[data-print]");
  var printHint = document.querySelector("[data-print-hint]");
  if (printButton && window.print) {
    printButton.hidden = false;
    if (printHint) {
      printHint.hidden = true;
    }
    printButton.addEventListener("click", function () {
      window.print();
    });
  }

  var printDate = document.querySelector("[data-print-date]");
  if (printDate && window.Intl) {
    window.addEventListener("beforeprint", function () {
      printDate.textContent = new Intl.DateTimeFormat("fr-FR", { dateStyle: "long" }).format(new Date());
    });
  }

  var share = document.querySelector("[data-share]");
  var shareStatus = document.querySelector("[data-share-status]");
  if (share && navigator.clipboard && navigator.clipboard.writeText) {
    share.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(window.location.href).then(
        function () {
          if (shareStatus) {
            shareStatus.textContent = "Adresse de la fiche copiée : vous pouvez la coller où vous voulez.";
          }
        },
        function () {
          window.location.href = share.href;
        }
      );
    });
  }
})();
