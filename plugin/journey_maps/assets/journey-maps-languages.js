/* Journey Maps for MkDocs: the language switcher of a multilingual (mkdocs-static-i18n) site
   under Material's instant navigation (`navigation.instant`).

   Instant navigation fetches the next page and swaps its content in, but keeps the header,
   where the language switcher is: its links would keep leading to the translations of the
   first page read. After every page, this points each language link at the current page in
   that language (the plugin lists them in the page, in `[data-jm-languages]`, as the
   header of that page has them), and lets the browser load it in full: the header, the text
   direction and the search index change with the language, which a content swap does not do.
   If some other link crosses into another language, the page is loaded again in full. */
(function () {
  "use strict";

  var firstLanguage = null;

  function pageLanguages() {
    var data = document.querySelector("[data-jm-languages]");
    if (!data) return null;
    try {
      return JSON.parse(data.getAttribute("data-jm-languages"));
    } catch (error) {
      return null;
    }
  }

  function update() {
    var page = pageLanguages();
    if (!page) return;
    if (firstLanguage === null) {
      firstLanguage = page.lang;
    } else if (page.lang !== firstLanguage) {
      location.reload();
      return;
    }
    var links = document.querySelectorAll("a.md-select__link[hreflang]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var href = page.links[link.getAttribute("hreflang")];
      if (href) link.href = new URL(href, location.href).href;
      // Material's instant navigation leaves links that have a target to the browser.
      link.target = "_self";
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else {
    update();
  }
})();
